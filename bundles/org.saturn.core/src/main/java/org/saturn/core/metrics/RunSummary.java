package org.saturn.core.metrics;

import java.util.List;

/**
 * One metric over a run's evaluations: its value at the evaluation with the minimum test loss
 * (first on ties), its maximum (the papers' report) and its last value. NaN values are skipped
 * by the maximum.
 */
public record RunSummary(double atMinTestLoss, double max, double last) {

    /** One evaluation: step, test loss and the metric's value. */
    public record Evaluation(long step, double testLoss, double value) {
    }

    public static RunSummary of(List<Evaluation> evaluations) {
        if (evaluations.isEmpty()) {
            throw new IllegalArgumentException("no evaluations to summarise");
        }
        Evaluation best = evaluations.get(0);
        double max = Double.NaN;
        for (Evaluation e : evaluations) {
            if (e.testLoss() < best.testLoss()) {
                best = e;
            }
            if (!Double.isNaN(e.value()) && (Double.isNaN(max) || e.value() > max)) {
                max = e.value();
            }
        }
        return new RunSummary(best.value(), max, evaluations.get(evaluations.size() - 1).value());
    }
}
