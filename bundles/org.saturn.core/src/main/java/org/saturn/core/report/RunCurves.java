package org.saturn.core.report;

import java.util.Map;

import org.saturn.core.store.RunDirectory;

/**
 * Every metric series of one run with what the charts need beside them: its group (everything but
 * the seed), seed and exact optimal loss.
 */
public record RunCurves(RunDirectory run, String group, long seed, double optimalLoss, Map<String, MetricSeries> series) {

    public MetricSeries series(String key) {
        return series.get(key);
    }

    /** Short label for legends: the run id and seed. */
    public String label() {
        return run.runId() + " (seed " + seed + ")";
    }
}
