package org.saturn.core.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Rule;

/**
 * Metrics of one prompt set's completions: rule accuracies over the finished completions only
 * (NaN when none finished), with the finished fraction beside them, as in the papers.
 */
public record PromptSetMetrics(String promptSet, int completions, int finished, Map<String, Double> accuracies) {

    public PromptSetMetrics {
        accuracies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accuracies));
    }

    public double finishedFraction() {
        return completions == 0 ? Double.NaN : (double) finished / completions;
    }

    public double accuracy(String metric) {
        Double value = accuracies.get(metric);
        if (value == null) {
            throw new IllegalArgumentException("no metric '" + metric + "'; known: " + accuracies.keySet());
        }
        return value;
    }

    /** Evaluates the language's rules on each completion. */
    public static PromptSetMetrics of(Language language, String promptSet, List<Completion> completions) {
        List<String> names = MetricNames.accuracies(language);
        double[] hits = new double[names.size()];
        int finished = 0;
        for (Completion c : completions) {
            if (!c.finished()) {
                continue;
            }
            finished++;
            int i = 0;
            boolean grammatical = true;
            for (Rule rule : language.rules()) {
                boolean holds = rule.test(c.full());
                grammatical &= holds;
                hits[i++] += holds ? 1 : 0;
            }
            var completionRule = MetricNames.completionRule(language);
            if (completionRule.isPresent()) {
                hits[i++] += completionRule.get().test(c.completion()) ? 1 : 0;
            }
            hits[i] += grammatical ? 1 : 0;
        }
        Map<String, Double> accuracies = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            accuracies.put(names.get(i), finished == 0 ? Double.NaN : hits[i] / finished);
        }
        return new PromptSetMetrics(promptSet, completions.size(), finished, accuracies);
    }
}
