package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.serializer.ISerializer;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.saturn.dsl.saturn.Model;
import org.saturn.dsl.saturn.NumberValue;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.SaturnFactory;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.saturn.Symbol;
import org.saturn.dsl.validation.IssueCodes;

import com.google.inject.Inject;

/**
 * The corpus (src/test/resources/corpus) and the examples go through parse, validate, format and
 * serialize: valid specs format and serialize to text that parses back to an equal model; invalid
 * ones produce diagnostics and never an exception.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(SaturnInjectorProvider.class)
class RoundTripTest {

    static final Path CORPUS = Path.of("src/test/resources/corpus");

    @Inject
    ParseHelper<Spec> parser;

    @Inject
    ValidationTestHelper validation;

    @Inject
    ISerializer serializer;

    @Inject
    SpecFormatting formatting;

    static List<Path> validSpecs() throws IOException {
        return Stream.concat(list(CORPUS.resolve("valid")), list(ExamplesTest.EXAMPLES)).toList();
    }

    static List<Path> invalidSpecs() throws IOException {
        return list(CORPUS.resolve("invalid")).toList();
    }

    private static Stream<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".saturn")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("validSpecs")
    void validSpecsFormatAndSerializeToAnEqualModel(Path file) throws Exception {
        Spec spec = parser.parse(Files.readString(file));
        assertThat(spec.eResource().getErrors()).isEmpty();
        // the corpus covers all syntax, also what the engine cannot train yet (saturn check's errors for that)
        assertThat(validation.validate(spec)).filteredOn(i -> i.getSeverity() == Severity.ERROR)
                .filteredOn(i -> !IssueCodes.NOT_TRAINABLE.equals(i.getCode())).isEmpty();
        EcoreUtil.resolveAll(spec);

        String formatted = formatting.format((XtextResource) spec.eResource());
        assertEqualModel(spec, formatted);
        String formattedAgain = formatting.format((XtextResource) parser.parse(formatted).eResource());
        assertThat(formattedAgain).as("formatting is idempotent").isEqualTo(formatted);

        assertEqualModel(spec, serializer.serialize(spec));
    }

    @ParameterizedTest
    @MethodSource("invalidSpecs")
    void invalidSpecsGiveDiagnosticsNotExceptions(Path file) throws Exception {
        Spec spec = parser.parse(Files.readString(file));
        int problems = spec.eResource().getErrors().size()
                + (int) validation.validate(spec).stream().filter(i -> i.getSeverity() == Severity.ERROR).count();
        assertThat(problems).isPositive();
        assertThatCode(() -> formatting.format((XtextResource) spec.eResource())).doesNotThrowAnyException();
    }

    @Test
    void theFormatterWritesTheCanonicalLayout() throws Exception {
        Spec spec = parser.parse(Files.readString(CORPUS.resolve("valid/messy-layout.saturn")));

        assertThat(formatting.format((XtextResource) spec.eResource())).isEqualTo("""
                language L {
                  alphabet a b
                  maxLength 8
                  rule R1 : count(a) == count(b)
                  rule R2 : a* b*
                  generate a^n b^n with n in 1..4
                }

                prompts P for L {
                  all words of length 4 over a b
                }

                model M lstm { hidden 8 }

                protocol Pr {
                  steps 100
                  evaluate every 10 steps
                  optimizer adamw betas 0.9, 0.98
                }

                study S on L with P using Pr {
                  models M
                  seeds 1..2
                  metric testLoss summary min
                }
                """);
    }

    @Test
    void aModelBuiltInCodeSerializesToParsableText() throws Exception {
        Spec spec = parser.parse("language L { alphabet a maxLength 4 }");
        Symbol bracket = SaturnFactory.eINSTANCE.createSymbol();
        bracket.setName("(");
        ((org.saturn.dsl.saturn.Language) spec.getElements().get(0)).getSymbols().add(bracket);
        Model model = SaturnFactory.eINSTANCE.createModel();
        model.setName("Built");
        model.setKind("transformer");
        Parameter lr = SaturnFactory.eINSTANCE.createParameter();
        lr.setName("normEps");
        NumberValue value = SaturnFactory.eINSTANCE.createNumberValue();
        value.setValue(6e-3);
        lr.getValues().add(value);
        model.getParameters().add(lr);
        spec.getElements().add(model);

        String text = serializer.serialize(spec);

        assertThat(text).contains("\"(\"").contains("normEps 0.006");
        assertEqualModel(spec, text);
    }

    private void assertEqualModel(Spec expected, String text) throws Exception {
        Spec reparsed = parser.parse(text);
        assertThat(reparsed.eResource().getErrors()).as(text).isEmpty();
        EcoreUtil.resolveAll(reparsed);
        assertThat(EcoreUtil.equals(expected, reparsed)).as("same model after round trip:\n" + text).isTrue();
    }
}
