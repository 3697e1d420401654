package org.saturn.core.optimal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.gen.PrefixState;
import org.saturn.core.lang.mixture.EverySegment;
import org.saturn.core.lang.mixture.MixtureGenerator;
import org.saturn.core.lang.mixture.Mixtures;
import org.saturn.core.metrics.InContextMetrics;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.prompts.InContextPrompts;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;

/**
 * The witness of case study 2 without training: two oracle models of a mixture equal to the true
 * conditionals on every prefix of positive probability, so the KL divergence of the data to each is
 * exactly 0 (every sampled sequence's log-probability under the oracle equals its true one; the
 * report shows the largest difference, ε), and their test loss is the optimal loss. On
 * zero-probability in-context prompts one continues the context's task (the task of the last
 * solved example) and the other ignores the context (always the task of the largest weight); both
 * answer with the task's most probable word by greedy decoding within the task.
 */
public final class MixtureWitness {

    /** Sampled test sequences whose log-probabilities are compared. */
    public static final int TEST_WORDS = 256;

    private MixtureWitness() {
    }

    /** One oracle: its test loss, KL to the data (exact: 0 on the data's support) and ICL accuracy per k. */
    public record Row(String oracle, double testLoss, double klToData, Map<Integer, Double> iclAccuracy,
            Map<Integer, Double> chance) {
    }

    public record Report(String mixture, int maxLength, LossConvention convention, OptimalLossResult optimal,
            double epsilon, String promptSet, List<Row> rows) {
    }

    public static Report run(Language mixtureLanguage, int maxExamples, int queries, LossConvention convention) {
        MixtureGenerator mixture = Mixtures.of(mixtureLanguage).orElseThrow(() -> new IllegalArgumentException(
                mixtureLanguage.name() + " is no mixture"));
        PromptSet prompts = InContextPrompts.of(mixtureLanguage, 0, maxExamples, queries, 0x9907);
        SplittableRandom random = new SplittableRandom(7L);
        List<Word> testSet = new ArrayList<>();
        for (int i = 0; i < TEST_WORDS; i++) {
            testSet.add(mixture.sample(random));
        }
        List<Row> rows = new ArrayList<>();
        double epsilon = 0;
        for (boolean follow : new boolean[] { true, false }) {
            OracleModel oracle = new OracleModel(mixtureLanguage, policy(follow));
            double kl = 0;
            for (Word word : testSet) {
                kl += Math.abs(mixture.stateAfter(word).logEndProbability() + oracle.wordLoss(word));
            }
            kl /= testSet.size();
            epsilon = Math.max(epsilon, kl);
            List<InContextMetrics.Answer> answers = new ArrayList<>();
            List<Boolean> finished = new ArrayList<>();
            for (Prompt prompt : prompts.prompts()) {
                Word answer = answer(mixture, prompt, follow);
                answers.add(new InContextMetrics.Answer(prompt, answer));
                finished.add(true);
            }
            Map<String, Double> metrics = InContextMetrics.of(mixtureLanguage, answers, finished);
            rows.add(new Row(follow ? "oracle (follows the context's task)" : "oracle (ignores the context)",
                    oracle.testLoss(testSet, convention), kl, perK(metrics, MetricKeys.ICL_TASK),
                    perK(metrics, MetricKeys.ICL_CHANCE)));
        }
        return new Report(mixtureLanguage.name(), mixtureLanguage.maxLength(), convention,
                OptimalLoss.of(mixtureLanguage, convention), epsilon, prompts.name(), rows);
    }

    private static Map<Integer, Double> perK(Map<String, Double> metrics, String what) {
        Map<Integer, Double> values = new LinkedHashMap<>();
        metrics.forEach((key, value) -> {
            int k = MetricKeys.inContextExamples(key, what);
            if (k >= 0) {
                values.put(k, value);
            }
        });
        return values;
    }

    /**
     * The oracle's next word after the prompt: greedy by the true conditionals while the prompt is
     * possible (up to the delimiter or EOS), else the policy's word.
     */
    static Word answer(MixtureGenerator mixture, Prompt prompt, boolean follow) {
        MixtureGenerator.MixtureState state = mixture.stateAfter(prompt.prefix());
        if (!state.possible()) {
            return completion(mixture, prompt.prefix(), follow);
        }
        List<String> alphabet = new ArrayList<>();
        mixture.tasks().forEach(t -> t.alphabet().stream().filter(s -> !alphabet.contains(s)).forEach(alphabet::add));
        alphabet.add(mixture.delimiter());
        Word answer = Word.EMPTY;
        while (true) {
            double[] next = state.next(alphabet);
            int best = argmax(next);
            if (best == alphabet.size() || alphabet.get(best).equals(mixture.delimiter())) {
                return answer;
            }
            answer = answer.append(alphabet.get(best));
            state = state.extend(alphabet.get(best));
        }
    }

    /** The OOD policy of each oracle on a mixture. */
    static OodPolicy policy(boolean follow) {
        return new OodPolicy() {
            @Override
            public String name() {
                return follow ? "follow the context's task" : "ignore the context";
            }

            @Override
            public Optional<Word> completion(Language language, Word prefix) {
                return Optional.of(MixtureWitness.completion(Mixtures.of(language).orElseThrow(), prefix, follow));
            }
        };
    }

    /** The rest of the current word: greedy within the chosen task, from what the current word holds so far. */
    static Word completion(MixtureGenerator mixture, Word prefix, boolean follow) {
        List<Word> segments = EverySegment.segments(prefix, mixture.delimiter());
        Word current = segments.get(segments.size() - 1);
        int task = 0;
        for (int t = 1; t < mixture.tasks().size(); t++) {
            if (mixture.weight(t) > mixture.weight(task)) {
                task = t;
            }
        }
        if (follow && segments.size() > 1) {
            Word last = segments.get(segments.size() - 2);
            for (int t = 0; t < mixture.tasks().size(); t++) {
                if (InContextCompletions.isWordOf(mixture.tasks().get(t), last)) {
                    task = t;
                    break;
                }
            }
        }
        Language language = mixture.tasks().get(task);
        PrefixState state = language.generator().stateAfter(current);
        Word rest = Word.EMPTY;
        while (state.possible() && rest.length() <= language.maxLength()) {
            double[] next = state.next(language.alphabet());
            int best = argmax(next);
            if (best == language.alphabet().size()) {
                return rest;
            }
            rest = rest.append(language.alphabet().get(best));
            state = state.extend(language.alphabet().get(best));
        }
        return Word.EMPTY; // the current word cannot become one of the task's: end it
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
