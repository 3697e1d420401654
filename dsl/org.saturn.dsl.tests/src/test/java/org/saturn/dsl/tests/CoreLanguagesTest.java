package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.Word;
import org.saturn.core.optimal.LossConvention;
import org.saturn.core.optimal.OptimalLoss;
import org.saturn.core.optimal.OptimalLossResult;
import org.saturn.core.prompts.PromptSet;
import org.saturn.dsl.compiler.CoreLanguages;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Rule;
import org.saturn.dsl.saturn.Spec;

/** Every language of the standard library becomes a core language that agrees with the spec's rules. */
class CoreLanguagesTest {

    private static final SpecChecker CHECKER = new SpecChecker();

    private static List<Language> stdlib() {
        Spec spec = CHECKER.check(ExamplesTest.EXAMPLES.resolve("stdlib.saturn")).spec();
        return spec.getElements().stream().filter(Language.class::isInstance).map(Language.class::cast).toList();
    }

    @Test
    void everyStandardLanguageConvertsAndAgreesWithTheSpec() {
        List<Language> languages = stdlib();
        // the suite's nine, the papers' BbaN and Dyck variants, the two shapes of the papers' bbaN prompts
        assertThat(languages).hasSize(13);
        Random random = new Random(7);
        for (Language language : languages) {
            org.saturn.core.lang.Language core = CoreLanguages.toCore(language, 24);
            SpecRuleOracle spec = new SpecRuleOracle(language);
            assertThat(core.alphabet()).containsExactlyElementsOf(
                    language.getSymbols().stream().map(s -> s.getName()).toList());
            assertThat(core.rules()).hasSameSizeAs(language.getRules());

            // the core generator's words satisfy the spec's rules ...
            for (int i = 0; i < 100; i++) {
                Word word = core.generator().sample(random);
                for (Rule rule : language.getRules()) {
                    assertThat(spec.holds(rule, word.symbols())).as(language.getName() + " " + rule.getName() + " on "
                            + word).isTrue();
                }
            }
            // ... and core's rules decide like the spec's on random words
            for (int i = 0; i < 200; i++) {
                List<String> symbols = new java.util.ArrayList<>();
                for (int k = random.nextInt(9); k > 0; k--) {
                    symbols.add(core.alphabet().get(random.nextInt(core.alphabet().size())));
                }
                for (int r = 0; r < language.getRules().size(); r++) {
                    assertThat(core.rule(r).test(Word.of(symbols))).as(language.getName() + " " + symbols)
                            .isEqualTo(spec.holds(language.getRules().get(r), symbols));
                }
            }
        }
    }

    @Test
    void formsTheCoreCannotRunYetAreNamed() {
        SpecChecker.Result result = CHECKER.check(Path.of("target/groups.saturn"), """
                language G { alphabet a b maxLength 8 rule R : count(a) == count(b)
                  generate (a b)^n with n in 1..4 }
                """);
        Language groups = (Language) result.spec().getElements().get(0);

        assertThat(CoreLanguages.unsupportedForm(groups)).hasValue("Saturn's core cannot run powers of groups such as (a b)^n yet");
    }

    /**
     * S -> a S b | a b with equal weights: n is geometric, P(n) = 2^-n, and maxLength 8 keeps
     * n = 1..4 with probabilities 8/15, 4/15, 2/15, 1/15. By hand: H = -Σ p ln p = 1.13691659183300 nats,
     * E|w| = 2 E[n] = 52/15, so the optimal loss is H / 9 with PAD and H / (52/15 + 1) without.
     */
    @Test
    void aGrammarLanguageBecomesACoreLanguageWithItsExactOptimalLoss() {
        SpecChecker.Result result = CHECKER.check(Path.of("target/grammar.saturn"), """
                language G { alphabet a b maxLength 8
                  rule R1 : count(a) == count(b)
                  rule R2 : a* b*
                  generate grammar S up to length 8 { S -> a S b weight 1 | a b weight 1 } }
                """);
        Language grammar = (Language) result.spec().getElements().get(0);
        assertThat(result.diagnostics()).isEmpty();

        org.saturn.core.lang.Language core = CoreLanguages.toCore(grammar);
        assertThat(core.maxLength()).isEqualTo(8);
        assertThat(core.generator().maxWordLength()).isEqualTo(8);
        assertThat(core.generator().wordProbability(Word.parse("a a b b"))).isCloseTo(4.0 / 15, within(1e-15));
        assertThat(core.generator().prefixProbability(Word.parse("a a"))).isCloseTo(7.0 / 15, within(1e-15));
        OptimalLossResult pad = OptimalLoss.of(core, LossConvention.PAD);
        assertThat(pad.exact()).isTrue();
        assertThat(pad.entropyPerWord()).isCloseTo(1.1369165918330009, within(1e-14));
        assertThat(pad.optimalLoss()).isCloseTo(0.1263240657592223, within(1e-15));
        assertThat(OptimalLoss.of(core, LossConvention.NOPAD).optimalLoss()).isCloseTo(0.25453356533574645,
                within(1e-15));
        // ID / OOD prompts come from the productions: a a, a b are ID; b a, b b are not
        PromptSet prompts = PromptSet.exhaustive(core, 2);
        assertThat(prompts.inDistribution()).extracting(p -> p.prefix().toString()).containsExactly("a a", "a b");
        // a study that cuts maxLength to 4 cuts the grammar's bound with it
        assertThat(CoreLanguages.toCore(grammar, 4).generator().wordProbability(Word.parse("a b")))
                .isCloseTo(2.0 / 3, within(1e-15));
    }

    @Test
    void aGrammarWithoutAWordWithinTheBoundIsNamed() {
        SpecChecker.Result result = CHECKER.check(Path.of("target/long.saturn"), """
                language G { alphabet a maxLength 2 rule R : a*
                  generate grammar S { S -> a a a S | a a a } }
                """);
        Language grammar = (Language) result.spec().getElements().get(0);
        assertThat(CoreLanguages.unsupportedForm(grammar)).hasValue("the grammar derives no word of at most 2 symbols from S");
    }
}
