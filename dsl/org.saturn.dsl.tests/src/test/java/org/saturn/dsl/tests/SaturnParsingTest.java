package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.dsl.saturn.Comparison;
import org.saturn.dsl.saturn.ComparisonOperator;
import org.saturn.dsl.saturn.CountTerm;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Pattern;
import org.saturn.dsl.saturn.SaturnPackage;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.validation.SaturnValidator;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(SaturnInjectorProvider.class)
class SaturnParsingTest {

    private static final String ANBN = """
            language AnBn {
              alphabet a b
              rule R1 "#a = #b" : count(a) == count(b)
              rule R2 "a's before b's" : a* b*
            }
            """;

    @Inject
    ParseHelper<Spec> parser;

    @Inject
    ValidationTestHelper validation;

    @Test
    void parsesALanguageWithAlphabetAndRules() throws Exception {
        Spec spec = parser.parse(ANBN);

        validation.assertNoIssues(spec);
        Language language = (Language) spec.getElements().get(0);
        assertThat(language.getName()).isEqualTo("AnBn");
        assertThat(language.getSymbols()).extracting(s -> s.getName()).containsExactly("a", "b");
        assertThat(language.getRules()).extracting(r -> r.getName()).containsExactly("R1", "R2");
        assertThat(language.getRules().get(0).getLabel()).isEqualTo("#a = #b");

        Comparison r1 = (Comparison) language.getRules().get(0).getBody();
        assertThat(r1.getOp()).isEqualTo(ComparisonOperator.EQ);
        assertThat(((CountTerm) r1.getLeft()).getSymbol().getName()).isEqualTo("a");
        assertThat(((CountTerm) r1.getRight()).getSymbol()).isSameAs(language.getSymbols().get(1));

        Pattern r2 = (Pattern) language.getRules().get(1).getBody();
        assertThat(r2.getItems()).hasSize(2).allMatch(item -> item.isStar());
    }

    @Test
    void ruleOverASymbolOutsideTheAlphabetIsAnError() throws Exception {
        Spec spec = parser.parse("""
                language AnBn {
                  alphabet a b
                  rule R1 : count(a) == count(c)
                }
                """);

        validation.assertError(spec, SaturnPackage.Literals.COUNT_TERM, Diagnostic.LINKING_DIAGNOSTIC,
                "Couldn't resolve reference to Symbol 'c'");
    }

    @Test
    void duplicateSymbolIsAnErrorOnTheSecondOccurrence() throws Exception {
        String text = """
                language L {
                  alphabet a b a
                }
                """;
        Spec spec = parser.parse(text);

        validation.assertError(spec, SaturnPackage.Literals.SYMBOL, SaturnValidator.DUPLICATE_SYMBOL,
                text.lastIndexOf('a'), 1, "Symbol 'a' appears twice in the alphabet of L");
    }

    @Test
    void duplicateRuleAndLanguageNamesAreErrors() throws Exception {
        Spec spec = parser.parse("""
                language L { alphabet a  rule R : a*  rule R : count(a) > 1 }
                language L { alphabet a }
                """);

        validation.assertError(spec, SaturnPackage.Literals.RULE, SaturnValidator.DUPLICATE_RULE,
                "Rule 'R' is defined twice in L");
        validation.assertError(spec, SaturnPackage.Literals.LANGUAGE, SaturnValidator.DUPLICATE_LANGUAGE,
                "Language 'L' is defined twice");
    }

    @Test
    void comparingTwoConstantsIsAWarning() throws Exception {
        Spec spec = parser.parse("language L { alphabet a  rule R : 1 < 2 }");

        validation.assertWarning(spec, SaturnPackage.Literals.COMPARISON, SaturnValidator.CONSTANT_COMPARISON);
        assertThat(validation.validate(spec)).hasSize(1);
    }

    @Test
    void anEmptyAlphabetIsASyntaxError() throws Exception {
        Spec spec = parser.parse("language L { alphabet }");

        assertThat(spec.eResource().getErrors()).isNotEmpty();
        assertThat(spec.eResource().getErrors().get(0).getLine()).isEqualTo(1);
    }
}
