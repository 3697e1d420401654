package org.saturn.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.metrics.RunSummary.Evaluation;

class MetricsTest {

    private final Language anbn = BuiltinLanguages.create("anbn", 16);

    private static Completion done(String prompt, String completion) {
        return new Completion(Word.parse(prompt), Word.parse(completion), true);
    }

    @Test
    void accuraciesCountFinishedCompletionsOnly() {
        List<Completion> completions = List.of(
                done("b a", "a b"),          // R1 holds, R2 fails, R2 on completion "a b" holds
                done("b a", ""),             // R1 holds
                done("b b", "b a"),          // R1 fails, R2 on completion fails
                new Completion(Word.parse("b a"), Word.parse("b b b"), false)); // unfinished: ignored

        PromptSetMetrics metrics = PromptSetMetrics.of(anbn, "OOD", completions);

        assertThat(metrics.finishedFraction()).isEqualTo(0.75);
        assertThat(metrics.accuracies()).containsExactly(Map.entry("R1", 2.0 / 3), Map.entry("R2", 0.0),
                Map.entry("R2 completion", 2.0 / 3), Map.entry("grammatical", 0.0));
    }

    @Test
    void noFinishedCompletionGivesNaN() {
        PromptSetMetrics metrics = PromptSetMetrics.of(anbn, "OOD", List.of(new Completion(Word.parse("b"), Word.EMPTY, false)));
        assertThat(metrics.accuracy("R1")).isNaN();
        assertThat(metrics.finishedFraction()).isZero();
    }

    @Test
    void runSummaryTakesTheValueAtMinimumTestLossTheMaximumAndTheLast() {
        RunSummary summary = RunSummary.of(List.of(new Evaluation(250, 0.05, 0.2), new Evaluation(500, 0.02, 0.4),
                new Evaluation(750, 0.03, Double.NaN), new Evaluation(1000, 0.025, 0.9), new Evaluation(1250, 0.04, 0.1)));
        assertThat(summary.atMinTestLoss()).isEqualTo(0.4);
        assertThat(summary.max()).isEqualTo(0.9);
        assertThat(summary.last()).isEqualTo(0.1);
    }

    @Test
    void groupSummaryUsesTheSampleStandardDeviation() {
        GroupSummary group = GroupSummary.of(1, 2, 3, 4, Double.NaN);
        assertThat(group.n()).isEqualTo(4);
        assertThat(group.mean()).isEqualTo(2.5);
        assertThat(group.std()).isCloseTo(Math.sqrt(5.0 / 3), within(1e-15));
        assertThat(group.stderr()).isCloseTo(Math.sqrt(5.0 / 3) / 2, within(1e-15));
        assertThat(GroupSummary.of(7).std()).isNaN();
    }

    @Test
    void chanceLevelOfFinishingHasAClosedForm() {
        // after SOS, EOS has probability 1/3 per step and at most 16 symbols fit
        Map<String, Estimate> levels = ChanceLevels.of(anbn, List.of(Word.EMPTY));
        assertThat(levels.get("finished").exact()).isTrue();
        assertThat(levels.get("finished").value()).isCloseTo(1 - Math.pow(2.0 / 3, 17), within(1e-12));
    }

    @Test
    void chanceLevelOfR1AfterAnEmptyPromptMatchesADirectSum() {
        // P(#a = #b | finished): sum over lengths 2k of P(length) C(2k, k) / 2^(2k)
        double finished = 0;
        double equal = 0;
        for (int length = 0; length <= 16; length++) {
            double p = Math.pow(2.0 / 3, length) / 3;
            finished += p;
            if (length % 2 == 0) {
                equal += p * binomial(length, length / 2) / Math.pow(2, length);
            }
        }
        Map<String, Estimate> levels = ChanceLevels.of(anbn, List.of(Word.EMPTY));
        assertThat(levels.get("R1").value()).isCloseTo(equal / finished, within(1e-12));
    }

    @Test
    void monteCarloChanceLevelsAgreeWithTheExactOnes() {
        List<Word> prompts = Word.allOfLength(anbn.alphabet(), 3);
        Map<String, Estimate> exact = ChanceLevels.of(anbn, prompts);
        Map<String, Estimate> sampled = ChanceLevels.monteCarlo(anbn, prompts, 5L);
        for (String metric : exact.keySet()) {
            Estimate mc = sampled.get(metric);
            assertThat(mc.exact()).isFalse();
            // 4 half-widths: a generous margin that a seeded run stays inside
            double margin = 4 * (mc.high() - mc.low()) / 2;
            assertThat(exact.get(metric).value()).as(metric).isCloseTo(mc.value(), within(margin));
        }
    }

    private static double binomial(int n, int k) {
        double result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
        }
        return result;
    }
}
