package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.dsl.saturn.And;
import org.saturn.dsl.saturn.Comparison;
import org.saturn.dsl.saturn.ComparisonOperator;
import org.saturn.dsl.saturn.Count;
import org.saturn.dsl.saturn.GrammarGenerator;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Model;
import org.saturn.dsl.saturn.Not;
import org.saturn.dsl.saturn.NumberValue;
import org.saturn.dsl.saturn.Pattern;
import org.saturn.dsl.saturn.Protocol;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.saturn.Study;
import org.saturn.dsl.saturn.SymbolPower;
import org.saturn.dsl.saturn.TemplateGenerator;
import org.saturn.dsl.saturn.VariableReference;
import org.saturn.core.lang.Word;
import org.saturn.dsl.compiler.CoreLanguages;

import com.google.inject.Inject;

import java.util.List;

@ExtendWith(InjectionExtension.class)
@InjectWith(SaturnInjectorProvider.class)
class SaturnParsingTest {

    @Inject
    ParseHelper<Spec> parser;

    @Inject
    ValidationTestHelper validation;

    private void assertNoErrors(Spec spec) {
        assertThat(spec.eResource().getErrors()).isEmpty();
        assertThat(validation.validate(spec)).filteredOn(i -> i.getSeverity() == Severity.ERROR).isEmpty();
    }

    @Test
    void parsesALanguageWithRulesAndATemplateGenerator() throws Exception {
        Spec spec = parser.parse("""
                language AnBn {
                  alphabet a b
                  maxLength 16
                  rule R1 "#a = #b" : count(a) == count(b)
                  rule R2 "a's before b's" : a* b*
                  rule Both : rule R1 and not count(a) > 100
                  generate a^n b^n with n in 1..maxLength / 2
                }
                """);

        assertNoErrors(spec);
        Language language = (Language) spec.getElements().get(0);
        assertThat(language.getSymbols()).extracting(s -> s.getName()).containsExactly("a", "b");
        Comparison r1 = (Comparison) language.getRules().get(0).getBody();
        assertThat(r1.getOperators()).containsExactly(ComparisonOperator.EQ);
        assertThat(((Count) r1.getLeft()).getSymbols().get(0)).isSameAs(language.getSymbols().get(0));
        assertThat(((Pattern) language.getRules().get(1).getBody()).getAlternatives().get(0).getItems())
                .extracting(i -> i.getRepetition()).containsExactly("*", "*");
        And both = (And) language.getRules().get(2).getBody();
        assertThat(both.getRight()).isInstanceOf(Not.class);
        TemplateGenerator generator = (TemplateGenerator) language.getGenerators().get(0);
        SymbolPower first = (SymbolPower) generator.getParts().get(0);
        assertThat(((VariableReference) first.getExponent()).getVariable()).isSameAs(generator.getVariables().get(0));
    }

    @Test
    void quotedSymbolsAndGrammarsAndProcesses() throws Exception {
        Spec spec = parser.parse("""
                language Brackets {
                  alphabet "(" ")"
                  maxLength 20
                  rule R "( ) matched" : balanced "(" ")"
                  generate grammar S up to length 20 {
                    S -> "(" S ")" S weight 1 | empty weight 2
                  }
                }
                """);

        assertNoErrors(spec);
        Language language = (Language) spec.getElements().get(0);
        assertThat(language.getSymbols()).extracting(s -> s.getName()).containsExactly("(", ")");
        GrammarGenerator grammar = (GrammarGenerator) language.getGenerators().get(0);
        assertThat(grammar.getStart()).isSameAs(grammar.getProductions().get(0));
        assertThat(grammar.getProductions().get(0).getAlternatives()).hasSize(2);

        org.saturn.core.lang.gen.Generator generator = CoreLanguages.generator(grammar, 20);
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < 50; i++) {
            List<String> word = generator.sample(random).symbols();
            assertThat(word.size()).isLessThanOrEqualTo(20);
            assertThat(holds(language.getRules().get(0), word)).isTrue();
        }
    }

    @Test
    void modelsProtocolsAndStudies() throws Exception {
        Spec spec = parser.parse("""
                model Tf transformer { layers 5 dModel 10 heads 5 ff 1024 dropout 0.1 norm post normEps 6e-3 }
                protocol P {
                  optimizer adamw lr 2e-3 weightDecay 0.01 betas 0.9, 0.999
                  schedule inverseSqrt warmup 1000
                  batch 128 steps 20000 evaluate every 250 steps
                  early stopping patience 25
                  stop when saturated within 1% for 5 evaluations
                  loss excludes pad
                  decode sample temperature 0.7 budget 300
                  checkpoint every 1000 steps keep best
                }
                """);

        assertNoErrors(spec);
        Model model = (Model) spec.getElements().get(0);
        assertThat(model.getKind()).isEqualTo("transformer");
        assertThat(model.getParameters()).extracting(p -> p.getName()).containsExactly("layers", "dModel", "heads",
                "ff", "dropout", "norm", "normEps");
        assertThat(((NumberValue) model.getParameters().get(6).getValues().get(0)).getValue()).isEqualTo(6e-3);
        assertThat(((Protocol) spec.getElements().get(1)).getSettings()).hasSize(10);
    }

    @Test
    void rulesEvaluateAsWritten() throws Exception {
        Spec spec = parser.parse("""
                language L {
                  alphabet a b
                  maxLength 8
                  rule Even : count(a) % 2 == 0
                  rule Tail : (any* b)? (a a)*
                  rule Starts : starts with b a
                  rule Ends : ends with a
                  rule Chain : count(a) <= count(b) + 1 < 5
                }
                """);
        Language language = (Language) spec.getElements().get(0);

        assertThat(holds(language.getRules().get(0), List.of("a", "b", "a"))).isTrue();
        assertThat(holds(language.getRules().get(1), List.of("a", "b", "a", "a"))).isTrue();
        assertThat(holds(language.getRules().get(1), List.of("a", "b", "a"))).isFalse();
        assertThat(holds(language.getRules().get(2), List.of("b", "a", "a"))).isTrue();
        assertThat(holds(language.getRules().get(3), List.of("b", "b"))).isFalse();
        assertThat(holds(language.getRules().get(4), List.of("a", "a", "b"))).isTrue();
        assertThat(holds(language.getRules().get(4), List.of("a", "a", "a", "b", "b", "b", "b"))).isFalse();
    }

    @Test
    void studiesReferToEverythingByName() throws Exception {
        Spec spec = parser.parse("""
                language L { alphabet a maxLength 4 rule R : a* generate a^n with n ~ uniform(1..4) }
                prompts P for L { word a a  sample 5 prefixes of length 1..3 from L }
                model M lstm { }
                protocol Pr { steps 10 }
                study S on L with P using Pr { models M seeds 1, 3..4 vary model.hidden over 8, 16 metric accuracy of R on ood summary max maximize }
                """);

        assertNoErrors(spec);
        Study study = (Study) spec.getElements().get(4);
        assertThat(study.getMetrics().get(0).getRule().getName()).isEqualTo("R");
        assertThat(study.getSeeds().getRanges()).hasSize(2);
    }

    /** The rule as core decides it, the one semantics of training and checking. */
    private static boolean holds(org.saturn.dsl.saturn.Rule rule, List<String> word) {
        return CoreLanguages.rule(rule).test(Word.of(word));
    }
}
