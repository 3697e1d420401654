package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;
import org.saturn.engine.train.RegimeAveraging;

/** The regime options as RunData applies them: completion, prompts per step, averaging, config keys. */
class RegimeDataTest {

    private static final Language ANBN = BuiltinLanguages.create("anbn", 32);
    private static final PromptSet PROMPTS = PromptSet.exhaustive(ANBN, 8);
    private static final RegimeOptions PAPERS = new RegimeOptions(RegimeOptions.Completion.OVERSHOOT,
            RegimeAveraging.COMPLETION, true);

    @Test
    void allPromptsPutsEveryOodPromptInEveryStep() {
        RunData.Regime regime = new RunData(ANBN).regime("adversarial", PAPERS, PROMPTS, 16);
        for (long step : new long[] { 0, 1, 977 }) {
            RunData.RegimeBatch batch = regime.batch(3, step);
            assertThat(batch.sequences().length).isEqualTo(251);
            Set<Word> prompts = new HashSet<>();
            for (int i = 0; i < batch.sequences().length; i++) {
                prompts.add(prefix(batch.sequences()[i], batch.from()[i]));
            }
            assertThat(prompts).containsExactlyInAnyOrderElementsOf(
                    PROMPTS.outOfDistribution().stream().map(Prompt::prefix).toList());
            assertThat(batch.averaging()).isEqualTo(RegimeAveraging.COMPLETION);
        }
        // sampled (today's): a batch-size draw that changes with the step
        RunData.Regime sampled = new RunData(ANBN).regime("adversarial", PROMPTS, 16);
        assertThat(sampled.batch(3, 0).sequences().length).isEqualTo(16);
        assertThat(sampled.batch(3, 0).sequences()).isNotEqualTo(sampled.batch(3, 1).sequences());
        assertThat(sampled.batch(3, 0).averaging()).isEqualTo(RegimeAveraging.SEQUENCE);
    }

    @Test
    void overshootTrainsOneSymbolTooManyThenEos() {
        Map<Word, Word> completions = completions(new RunData(ANBN).regime("adversarial", PAPERS, PROMPTS, 16));
        // SOS b a b a a a a a | b b b EOS: #a = 6, #b = 2 -> five b's
        assertThat(completions.get(Word.parse("b a b a a a a a"))).isEqualTo(Word.parse("b b b b b"));
        assertThat(completions.get(Word.parse("b a b a b a b a"))).isEqualTo(Word.parse("b"));
        assertThat(completions.get(Word.parse("b b b a b b b b"))).isEqualTo(Word.parse("a a a a a a a"));
        // shortest (today's): one a on a balanced prompt, EOS at once on an unbalanced one
        Map<Word, Word> shortest = completions(new RunData(ANBN).regime("adversarial",
                new RegimeOptions(RegimeOptions.Completion.SHORTEST, RegimeAveraging.SEQUENCE, true), PROMPTS, 16));
        assertThat(shortest.get(Word.parse("b a b a b a b a"))).isEqualTo(Word.parse("a"));
        assertThat(shortest.get(Word.parse("b a b a a a a a"))).isEqualTo(Word.EMPTY);
    }

    @Test
    void overshootIsRefusedForOracleAndForLanguagesWithoutATwoSymbolBalance() {
        assertThatThrownBy(() -> new RunData(ANBN).regime("oracle", PAPERS, PROMPTS, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adversarial");
        Language anbncn = BuiltinLanguages.create("anbncn", 24);
        assertThatThrownBy(() -> new RunData(anbncn).regime("adversarial", PAPERS, PromptSet.exhaustive(anbncn, 4), 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two symbols");
    }

    @Test
    void absentKeysMeanTheOriginalRegimeAndWrongValuesAreNamed() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        assertThat(RegimeOptions.of(config(parameters))).isEqualTo(RegimeOptions.ORIGINAL);
        parameters.put(RegimeOptions.COMPLETION, "overshoot");
        parameters.put(RegimeOptions.LOSS, "completion");
        parameters.put(RegimeOptions.PROMPTS_PER_STEP, "all");
        assertThat(RegimeOptions.of(config(parameters))).isEqualTo(PAPERS);
        parameters.put(RegimeOptions.LOSS, "tokens");
        assertThatThrownBy(() -> RegimeOptions.of(config(parameters))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("regime.loss").hasMessageContaining("sequence or completion");
    }

    private static RunConfig config(Map<String, Object> parameters) {
        Map<String, Object> all = new LinkedHashMap<>(parameters);
        all.put(RunConfig.REGIME, "adversarial");
        return new RunConfig("study", "model", all);
    }

    /** Each sequence's prompt and trained completion (without SOS and EOS). */
    private static Map<Word, Word> completions(RunData.Regime regime) {
        RunData.RegimeBatch batch = regime.batch(0, 0);
        Map<Word, Word> out = new LinkedHashMap<>();
        for (int i = 0; i < batch.sequences().length; i++) {
            int[] tokens = batch.sequences()[i];
            out.put(prefix(tokens, batch.from()[i]), decode(Arrays.copyOfRange(tokens, batch.from()[i], tokens.length)));
        }
        return out;
    }

    private static Word prefix(int[] tokens, int from) {
        return decode(Arrays.copyOfRange(tokens, 1, from));
    }

    private static Word decode(int[] tokens) {
        return ANBN.vocabulary().decode(tokens);
    }
}
