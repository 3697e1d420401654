package org.saturn.core.optimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.mixture.MixtureGenerator;
import org.saturn.core.lang.mixture.Mixtures;
import org.saturn.core.metrics.InContextMetrics;
import org.saturn.core.prompts.InContextPrompts;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;

/** The regimes' completions of in-context prompts (case study 2): oracle follows the context, the adversary sits at chance. */
class InContextCompletionsTest {

    private static final MixtureGenerator MIXTURE = new MixtureGenerator(List.of(BuiltinLanguages.create("anbn", 8),
            BuiltinLanguages.create("bbaN", 8), BuiltinLanguages.create("dyck", 8)), List.of(1.0, 1.0, 1.0), 1, 4, "#", 0);
    private static final Language LANGUAGE = Mixtures.language("Tasks", MIXTURE, InContextPrompts.sequenceLength(MIXTURE, 4));

    private static boolean ofTask(Prompt prompt, Word word) {
        return InContextCompletions.isWordOf(MIXTURE.tasks().get(MIXTURE.taskIndex(prompt.inContext().task())), word);
    }

    @Test
    void theOracleAnswersEveryPromptWithAWordOfItsContextsTask() {
        List<Prompt> prompts = InContextPrompts.of(LANGUAGE, 2, 4, 20, 7).outOfDistribution();
        List<Optional<Word>> words = InContextCompletions.complete(LANGUAGE, prompts, true);
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(ofTask(prompts.get(i), words.get(i).orElseThrow())).isTrue();
        }
    }

    /**
     * A task drawn afresh per prompt would match the context in a binomial share of the prompts
     * (20 per k: off chance by more than 0.1 one time in three); balanced per k, the adversary's
     * share of the context's task is the chance level up to rounding, whatever prompts were drawn.
     */
    @Test
    void theAdversaryMatchesTheContextsTaskAtTheChanceLevelOfEveryK() {
        Map<String, Double> chanceOf = new HashMap<>();
        for (long seed = 1; seed <= 30; seed++) {
            List<Prompt> prompts = InContextPrompts.of(LANGUAGE, 0, 4, 20, seed).outOfDistribution();
            List<Optional<Word>> words = InContextCompletions.complete(LANGUAGE, prompts, false);
            assertThat(words).allSatisfy(word -> assertThat(word).isPresent());
            for (int k = 2; k <= 4; k++) {
                int n = 0;
                int matching = 0;
                double chance = 0;
                for (int i = 0; i < prompts.size(); i++) {
                    Prompt prompt = prompts.get(i);
                    if (prompt.inContext().examples() != k) {
                        continue;
                    }
                    Word word = words.get(i).orElseThrow();
                    // always some task's word
                    assertThat(MIXTURE.tasks()).anySatisfy(task -> assertThat(InContextCompletions.isWordOf(task, word)).isTrue());
                    n++;
                    matching += ofTask(prompt, word) ? 1 : 0;
                    chance += chanceOf.computeIfAbsent(prompt.inContext().task(), task -> InContextMetrics.chance(MIXTURE, task));
                }
                assertThat(n).as("k = %d, prompt seed %d", k, seed).isEqualTo(20);
                assertThat(Math.abs(matching - chance)).as("k = %d, prompt seed %d", k, seed).isLessThanOrEqualTo(0.5);
            }
        }
    }

    @Test
    void completionsAreTheSameEveryTime() {
        List<Prompt> prompts = InContextPrompts.of(LANGUAGE, 2, 4, 20, 3).outOfDistribution();
        assertThat(InContextCompletions.complete(LANGUAGE, prompts, false))
                .isEqualTo(InContextCompletions.complete(LANGUAGE, prompts, false));
    }

    @Test
    void aPromptWithoutContextIsRejected() {
        Prompt plain = new Prompt(Word.parse("a b"), 1, List.of());
        assertThatThrownBy(() -> InContextCompletions.complete(LANGUAGE, List.of(plain), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no in-context prompt");
    }
}
