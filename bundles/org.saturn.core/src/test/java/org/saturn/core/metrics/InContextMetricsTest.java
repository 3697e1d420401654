package org.saturn.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.mixture.MixtureGenerator;
import org.saturn.core.lang.mixture.Mixtures;
import org.saturn.core.prompts.Prompt;

/** ICL accuracy per k: answers up to the delimiter or EOS, over finished ones, with the chance level. */
class InContextMetricsTest {

    private static final MixtureGenerator MIXTURE = new MixtureGenerator(List.of(BuiltinLanguages.create("anbn", 4),
            BuiltinLanguages.create("bbaN", 3)), List.of(3.0, 1.0), 1, 3, "#", 0);
    private static final Language LANGUAGE = Mixtures.language("Mix", MIXTURE, 15);

    private static InContextMetrics.Answer answer(int k, String task, String completion) {
        Prompt prompt = new Prompt(Word.EMPTY, 1, List.of(), new Prompt.InContext(k, task));
        return new InContextMetrics.Answer(prompt, Word.parse(completion));
    }

    @Test
    void accuraciesCountFinishedAnswersOfTheContextsTaskAndOfAnyTask() {
        List<InContextMetrics.Answer> answers = List.of(
                answer(2, "anbn", "a b"), // finished by EOS, the context's task
                answer(2, "anbn", "b b # a b"), // finished by the delimiter: "b b", another task's word
                answer(2, "anbn", "a a b"), // finished, no task's word
                answer(2, "bbaN", "b a a"), // not finished (no EOS, no delimiter): left out
                answer(3, "bbaN", "b a a"));
        Map<String, Double> values = InContextMetrics.of(LANGUAGE, answers, List.of(true, false, true, false, true));

        assertThat(values.get(MetricKeys.inContext(2, MetricKeys.ICL_TASK))).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(values.get(MetricKeys.inContext(2, MetricKeys.ICL_ANY_TASK))).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(values.get(MetricKeys.inContext(2, MetricNames.FINISHED))).isEqualTo(0.75);
        // disjoint tasks: the chance of a task is its weight; averaged over the k's prompts
        assertThat(values.get(MetricKeys.inContext(2, MetricKeys.ICL_CHANCE))).isCloseTo((3 * 0.75 + 0.25) / 4,
                within(1e-12));
        assertThat(values.get(MetricKeys.inContext(3, MetricKeys.ICL_TASK))).isEqualTo(1.0);
        assertThat(values.get(MetricKeys.inContext(3, MetricKeys.ICL_CHANCE))).isEqualTo(0.25);
    }

    @Test
    void keysReadBack() {
        assertThat(MetricKeys.inContext(12, MetricKeys.ICL_TASK)).isEqualTo("icl.k12.task");
        assertThat(MetricKeys.inContextExamples("icl.k12.task", MetricKeys.ICL_TASK)).isEqualTo(12);
        assertThat(MetricKeys.inContextExamples("icl.k12.anyTask", MetricKeys.ICL_TASK)).isEqualTo(-1);
        assertThat(MetricKeys.inContextExamples("ood.R1", MetricKeys.ICL_TASK)).isEqualTo(-1);
    }
}
