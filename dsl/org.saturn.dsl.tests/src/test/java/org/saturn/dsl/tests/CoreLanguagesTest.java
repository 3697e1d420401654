package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.Word;
import org.saturn.dsl.compiler.CoreLanguages;
import org.saturn.dsl.compiler.SaturnCompiler;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Rule;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.semantics.RuleEvaluator;
import org.saturn.dsl.semantics.WordSampler;

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
        assertThat(languages).hasSize(9);
        Random random = new Random(7);
        for (Language language : languages) {
            org.saturn.core.lang.Language core = CoreLanguages.toCore(language, 24);
            RuleEvaluator spec = new RuleEvaluator(language);
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
        SpecChecker.Result result = CHECKER.check(Path.of("target/grammar.saturn"), """
                language G { alphabet a b maxLength 8 rule R : a* b*
                  generate grammar S { S -> a S | b } }
                """);
        Language grammar = (Language) result.spec().getElements().get(0);

        assertThat(new WordSampler(grammar, grammar.getGenerators().get(0), 1).next()).isNotEmpty();
        assertThatThrownBy(() -> CoreLanguages.toCore(grammar)).isInstanceOf(SaturnCompiler.SpecException.class)
                .hasMessage("Saturn's core cannot run weighted grammar generators yet");
    }
}
