package org.saturn.core.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.mixture.MixtureGenerator;
import org.saturn.core.lang.mixture.Mixtures;
import org.saturn.core.optimal.InContextCompletions;
import org.saturn.core.prompts.Prompt;

/**
 * In-context-learning accuracy per number of examples k (case study 2). A query's answer is the
 * completion up to its first delimiter or EOS; it is finished when one of them ends it. Over the
 * finished answers: the fraction that are words of the context's task ({@code task}), and of any
 * task ({@code anyTask}); beside them the finished fraction and the chance level of {@code task}
 * under the null model {@value #NULL_MODEL} (estimated with {@value #CHANCE_DRAWS} fixed draws per task).
 */
public final class InContextMetrics {

    public static final String NULL_MODEL = "a word of a task drawn by the mixture's weights, ignoring the context";
    public static final int CHANCE_DRAWS = 4000;

    private InContextMetrics() {
    }

    /** One query: its prompt (with k and the context's task) and the model's completion. */
    public record Answer(Prompt prompt, Word completion) {
    }

    /** The answer of a completion: the symbols before the first delimiter, and whether a delimiter or EOS ended them. */
    public static Word answer(Word completion, String delimiter) {
        int end = completion.symbols().indexOf(delimiter);
        return end < 0 ? completion : completion.prefix(end);
    }

    /**
     * Keyed {@link MetricKeys#inContext(int, String)}: per k, {@code task}, {@code anyTask},
     * {@code finished} and {@code chance}; accuracies are NaN for a k with no finished answer.
     *
     * @param finished per answer, whether EOS or the delimiter ended it
     */
    public static Map<String, Double> of(Language mixtureLanguage, List<Answer> answers, List<Boolean> finished) {
        MixtureGenerator mixture = Mixtures.of(mixtureLanguage).orElseThrow();
        Map<String, Double> chanceByTask = new LinkedHashMap<>();
        Map<Integer, double[]> byK = new TreeMap<>(); // answers, finished, of the task, of any task, chance
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            Prompt.InContext context = a.prompt().inContext();
            double[] sums = byK.computeIfAbsent(context.examples(), k -> new double[5]);
            sums[0]++;
            sums[4] += chanceByTask.computeIfAbsent(context.task(), task -> chance(mixture, task));
            boolean ended = finished.get(i) || a.completion().symbols().contains(mixture.delimiter());
            if (!ended) {
                continue;
            }
            sums[1]++;
            Word word = answer(a.completion(), mixture.delimiter());
            Language task = mixture.tasks().get(mixture.taskIndex(context.task()));
            sums[2] += InContextCompletions.isWordOf(task, word) ? 1 : 0;
            sums[3] += mixture.tasks().stream().anyMatch(t -> InContextCompletions.isWordOf(t, word)) ? 1 : 0;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        byK.forEach((k, sums) -> {
            values.put(MetricKeys.inContext(k, MetricKeys.ICL_TASK), sums[1] == 0 ? Double.NaN : sums[2] / sums[1]);
            values.put(MetricKeys.inContext(k, MetricKeys.ICL_ANY_TASK), sums[1] == 0 ? Double.NaN : sums[3] / sums[1]);
            values.put(MetricKeys.inContext(k, MetricNames.FINISHED), sums[1] / sums[0]);
            values.put(MetricKeys.inContext(k, MetricKeys.ICL_CHANCE), sums[4] / sums[0]);
        });
        return values;
    }

    /**
     * The chance that the null model's word is a word of the task: Σ_s weight(s) · P(a word of s is
     * one of the task), by fixed draws (exactly the weight of the task when no two tasks share a word).
     */
    public static double chance(MixtureGenerator mixture, String taskName) {
        Language task = mixture.tasks().get(mixture.taskIndex(taskName));
        double chance = 0;
        for (int s = 0; s < mixture.tasks().size(); s++) {
            Language other = mixture.tasks().get(s);
            if (other == task) {
                chance += mixture.weight(s);
                continue;
            }
            SplittableRandom random = new SplittableRandom(0xC4A2CEL + s);
            int hits = 0;
            for (int i = 0; i < CHANCE_DRAWS; i++) {
                hits += InContextCompletions.isWordOf(task, other.generator().sample(random)) ? 1 : 0;
            }
            chance += mixture.weight(s) * hits / CHANCE_DRAWS;
        }
        return chance;
    }
}
