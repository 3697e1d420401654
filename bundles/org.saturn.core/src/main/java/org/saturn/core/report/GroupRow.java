package org.saturn.core.report;

import java.util.List;
import java.util.Map;

import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.results.RunRecord;

/**
 * One group of runs that differ only by their seed: how many, their test loss against the exact
 * optimal loss, and every metric aggregated two ways over the seeds — the value at each run's
 * minimum-test-loss evaluation ({@link #atBest}) and each run's maximum over evaluations
 * ({@link #max}, the papers' report).
 */
public record GroupRow(String study, String group, String model, String regime, List<RunRecord> runs,
        GroupSummary testLoss, double optimalLoss, GroupSummary gapPercent, Map<String, GroupSummary> atBest,
        Map<String, GroupSummary> max) {

    public int n() {
        return runs.size();
    }

    public GroupSummary atBest(String metric) {
        return atBest.getOrDefault(metric, GroupSummary.of());
    }

    public GroupSummary max(String metric) {
        return max.getOrDefault(metric, GroupSummary.of());
    }
}
