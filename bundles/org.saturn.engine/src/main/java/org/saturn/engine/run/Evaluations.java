package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.metrics.RunSummary;
import org.saturn.core.store.MetricPoint;

/**
 * A run's evaluations so far (rebuilt from {@code metrics.csv} on resume): the best test loss,
 * the series of every metric, and whether early stopping or saturation says stop.
 */
final class Evaluations {

    record Evaluation(long step, double testLoss, Map<String, Double> values) {
    }

    private final String testLossKey;
    private final List<Evaluation> evaluations = new ArrayList<>();
    private final Set<String> metrics = new LinkedHashSet<>();
    private double bestLoss = Double.POSITIVE_INFINITY;
    private long bestStep = -1;

    private Evaluations(String testLossKey) {
        this.testLossKey = testLossKey;
    }

    /** The stage's evaluations in a run's metrics (the steps with the stage's test loss). */
    static Evaluations from(List<MetricPoint> points, Stage stage) {
        Map<Long, Map<String, Double>> bySteps = new TreeMap<>();
        for (MetricPoint point : points) {
            bySteps.computeIfAbsent(point.step(), s -> new LinkedHashMap<>()).put(point.key(), point.value());
        }
        Evaluations evaluations = new Evaluations(stage.testLossKey());
        bySteps.forEach((step, values) -> {
            Double testLoss = values.remove(stage.testLossKey());
            if (testLoss != null) {
                if (stage.fineTuning()) {
                    values.remove(stage.trainLossKey());
                }
                values.remove(MetricKeys.GAP_PERCENT);
                values.remove(MetricKeys.OPTIMAL_LOSS);
                evaluations.add(step, testLoss, values);
            }
        });
        return evaluations;
    }

    /** Records an evaluation; true when its test loss is the best so far. */
    boolean add(long step, double testLoss, Map<String, Double> values) {
        Map<String, Double> all = new LinkedHashMap<>();
        all.put(testLossKey, testLoss);
        all.putAll(values);
        evaluations.add(new Evaluation(step, testLoss, all));
        metrics.addAll(all.keySet());
        if (testLoss < bestLoss) {
            bestLoss = testLoss;
            bestStep = step;
            return true;
        }
        return false;
    }

    /** The step of the best test loss so far, or -1 before the first evaluation. */
    long bestStep() {
        return bestStep;
    }

    Set<String> metrics() {
        return metrics;
    }

    List<RunSummary.Evaluation> series(String metric) {
        List<RunSummary.Evaluation> series = new ArrayList<>();
        for (Evaluation e : evaluations) {
            Double value = e.values().get(metric);
            if (value != null) {
                series.add(new RunSummary.Evaluation(e.step(), e.testLoss(), value));
            }
        }
        return series;
    }

    Evaluation last() {
        return evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1);
    }

    /** Why training should stop now, or null to go on. */
    String stopReason(RunSettings settings, double optimalLoss) {
        int count = evaluations.size();
        if (settings.patience() > 0 && count > 0) {
            long sinceBest = evaluations.stream().filter(e -> e.step() > bestStep).count();
            if (sinceBest >= settings.patience()) {
                return "early stop: no better test loss in " + sinceBest + " evaluations (best at step " + bestStep + ")";
            }
        }
        int window = settings.saturationEvaluations();
        if (window > 0 && settings.saturationPercent() > 0 && count >= window) {
            boolean saturated = evaluations.subList(count - window, count).stream()
                    .allMatch(e -> 100 * (e.testLoss() - optimalLoss) / optimalLoss < settings.saturationPercent());
            if (saturated) {
                return String.format(java.util.Locale.ROOT, "saturated: test loss within %.3g%% of the optimum for %d evaluations",
                        settings.saturationPercent(), window);
            }
        }
        return null;
    }
}
