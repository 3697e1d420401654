package org.saturn.core.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.lang.rules.Monitor;

/**
 * Chance levels of the accuracies under a stated null model: after the prompt, tokens are drawn
 * uniformly from the alphabet plus EOS until EOS, the completion capped so that prompt plus
 * completion stays within the max length (a capped completion is unfinished). As the metrics do,
 * an accuracy is the expected number of finished completions satisfying it over the expected
 * number finished (prompts weighted equally). Exact by a dynamic programme over the rules' monitor
 * states; Monte-Carlo with a 95% interval when the state space grows beyond {@link #MAX_STATES}.
 */
public final class ChanceLevels {

    public static final String NULL_MODEL = "uniform random tokens over the alphabet and EOS until EOS, capped at the max length";
    public static final int MAX_STATES = 200_000;
    public static final int MONTE_CARLO_DRAWS = 20_000;

    private ChanceLevels() {
    }

    /**
     * The chance level of every accuracy metric of a run, keyed as its metrics are
     * ({@code id.R1}, {@code ood.finished}, {@code sos.grammatical}, ...): the ID and OOD prompts of
     * its prompt set, and SOS alone. What the Saturation view draws as chance bands.
     */
    public static Map<String, Estimate> perPromptSet(org.saturn.core.plan.RunInputs inputs) {
        Map<String, Estimate> levels = new java.util.LinkedHashMap<>();
        put(levels, MetricKeys.IN_DISTRIBUTION, inputs.language(), words(inputs.prompts().inDistribution()));
        put(levels, MetricKeys.OUT_OF_DISTRIBUTION, inputs.language(),
                words(inputs.prompts().outOfDistribution()));
        put(levels, MetricKeys.SOS_ONLY, inputs.language(), List.of(Word.EMPTY));
        return levels;
    }

    private static void put(Map<String, Estimate> levels, String set, Language language, List<Word> prompts) {
        if (!prompts.isEmpty()) {
            of(language, prompts).forEach((metric, estimate) -> levels.put(set + metric, estimate));
        }
    }

    private static List<Word> words(List<org.saturn.core.prompts.Prompt> prompts) {
        return prompts.stream().filter(p -> !p.sosOnly()).map(org.saturn.core.prompts.Prompt::prefix).toList();
    }

    /** Chance level of every accuracy key of {@link MetricNames#accuracies} plus {@code finished}. */
    public static Map<String, Estimate> of(Language language, List<Word> prompts) {
        try {
            return exact(language, prompts);
        } catch (TooManyStates e) {
            return monteCarlo(language, prompts, 11L);
        }
    }

    private static final class TooManyStates extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyStates() {
            super(null, null, false, false);
        }
    }

    /** Monitors: each rule on the full word, then the completion rule (if any) on the completion alone. */
    private static List<Monitor> monitors(Language language) {
        List<Monitor> monitors = new ArrayList<>();
        language.rules().forEach(r -> monitors.add(language.monitor(r)));
        MetricNames.completionRule(language).ifPresent(r -> monitors.add(language.monitor(r)));
        return monitors;
    }

    private static List<Object> startStates(Language language, List<Monitor> monitors, Word prompt) {
        List<Object> states = new ArrayList<>();
        for (int i = 0; i < monitors.size(); i++) {
            Monitor m = monitors.get(i);
            states.add(i < language.rules().size() ? m.run(m.start(), prompt.symbols()) : m.start());
        }
        return List.copyOf(states);
    }

    private static List<Object> step(List<Monitor> monitors, List<Object> states, String symbol) {
        List<Object> next = new ArrayList<>(states.size());
        for (int i = 0; i < monitors.size(); i++) {
            next.add(monitors.get(i).step(states.get(i), symbol));
        }
        return List.copyOf(next);
    }

    /** Which accuracies hold at a finished completion with these states (order of MetricNames.accuracies). */
    private static boolean[] holds(Language language, List<Monitor> monitors, List<Object> states) {
        boolean[] holds = new boolean[monitors.size() + 1];
        boolean grammatical = true;
        for (int i = 0; i < monitors.size(); i++) {
            holds[i] = monitors.get(i).holds(states.get(i));
            if (i < language.rules().size()) {
                grammatical &= holds[i];
            }
        }
        holds[monitors.size()] = grammatical;
        return holds;
    }

    private static Map<String, Estimate> exact(Language language, List<Word> prompts) {
        List<Monitor> monitors = monitors(language);
        List<String> names = MetricNames.accuracies(language);
        double eos = 1.0 / (language.alphabet().size() + 1);
        double[] finishedAnd = new double[names.size()];
        double finished = 0;
        Map<List<Object>, double[]> memo = new HashMap<>(); // (start states, cap) -> [P(finished), P(finished and metric)...]
        for (Word prompt : prompts) {
            int cap = language.maxLength() - prompt.length();
            List<Object> key = new ArrayList<>(startStates(language, monitors, prompt));
            key.add(cap);
            double[] result = memo.computeIfAbsent(List.copyOf(key), k -> {
                double[] r = new double[names.size() + 1];
                Map<List<Object>, Double> layer = Map.of(startStates(language, monitors, prompt), 1.0);
                for (int length = 0; length <= cap && !layer.isEmpty(); length++) {
                    Map<List<Object>, Double> next = new HashMap<>();
                    for (Map.Entry<List<Object>, Double> e : layer.entrySet()) {
                        double mass = e.getValue() * eos;
                        r[0] += mass;
                        boolean[] holds = holds(language, monitors, e.getKey());
                        for (int i = 0; i < holds.length; i++) {
                            r[i + 1] += holds[i] ? mass : 0;
                        }
                        if (length < cap) {
                            for (String symbol : language.alphabet()) {
                                next.merge(step(monitors, e.getKey(), symbol), e.getValue() * eos, Double::sum);
                            }
                        }
                    }
                    if (next.size() > MAX_STATES) {
                        throw new TooManyStates();
                    }
                    layer = next;
                }
                return r;
            });
            finished += result[0];
            for (int i = 0; i < names.size(); i++) {
                finishedAnd[i] += result[i + 1];
            }
        }
        Map<String, Estimate> levels = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            levels.put(names.get(i), Estimate.exact(finishedAnd[i] / finished));
        }
        levels.put(MetricNames.FINISHED, Estimate.exact(finished / prompts.size()));
        return levels;
    }

    /** Ratio estimates with delta-method 95% intervals. */
    static Map<String, Estimate> monteCarlo(Language language, List<Word> prompts, long seed) {
        List<Monitor> monitors = monitors(language);
        List<String> names = MetricNames.accuracies(language);
        SplittableRandom random = new SplittableRandom(seed);
        int symbols = language.alphabet().size();
        double[] finished = new double[MONTE_CARLO_DRAWS];
        double[][] hits = new double[names.size()][MONTE_CARLO_DRAWS];
        for (int d = 0; d < MONTE_CARLO_DRAWS; d++) {
            Word prompt = prompts.get(random.nextInt(prompts.size()));
            List<Object> states = startStates(language, monitors, prompt);
            int cap = language.maxLength() - prompt.length();
            for (int length = 0; length <= cap; length++) {
                int token = random.nextInt(symbols + 1);
                if (token == symbols) {
                    finished[d] = 1;
                    boolean[] holds = holds(language, monitors, states);
                    for (int i = 0; i < names.size(); i++) {
                        hits[i][d] = holds[i] ? 1 : 0;
                    }
                    break;
                }
                states = step(monitors, states, language.alphabet().get(token));
            }
        }
        Map<String, Estimate> levels = new LinkedHashMap<>();
        double meanFinished = mean(finished);
        for (int i = 0; i < names.size(); i++) {
            double ratio = mean(hits[i]) / meanFinished;
            double[] residual = new double[MONTE_CARLO_DRAWS];
            for (int d = 0; d < MONTE_CARLO_DRAWS; d++) {
                residual[d] = hits[i][d] - ratio * finished[d];
            }
            double halfWidth = 1.96 * Math.sqrt(variance(residual) / MONTE_CARLO_DRAWS) / meanFinished;
            levels.put(names.get(i), new Estimate(ratio, false, ratio - halfWidth, ratio + halfWidth));
        }
        levels.put(MetricNames.FINISHED, Estimate.ofSamples(finished));
        return levels;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double variance(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }
}
