package org.saturn.core.report;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.results.RunRecord;

/**
 * One group of runs that differ only by their seed: how many, their test loss against the exact
 * optimal loss, and every metric aggregated two ways over the seeds — the value at each run's
 * minimum-test-loss evaluation ({@link #atBest}) and each run's maximum over evaluations
 * ({@link #max}, the papers' report). The Runs tree's groups aggregate when first asked (a tree
 * of 2,500 groups shows a few dozen); a report's are computed up front.
 */
public final class GroupRow {

    /** The aggregates of a group, computed together. */
    record Aggregates(GroupSummary testLoss, double optimalLoss, GroupSummary gapPercent,
            Map<String, GroupSummary> atBest, Map<String, GroupSummary> max) {
    }

    private final String study;
    private final String group;
    private final String model;
    private final String regime;
    private final List<RunRecord> runs;
    private Supplier<Aggregates> aggregation;
    private volatile Aggregates aggregates;

    public GroupRow(String study, String group, String model, String regime, List<RunRecord> runs,
            GroupSummary testLoss, double optimalLoss, GroupSummary gapPercent, Map<String, GroupSummary> atBest,
            Map<String, GroupSummary> max) {
        this(study, group, model, regime, runs, (Supplier<Aggregates>) null);
        this.aggregates = new Aggregates(testLoss, optimalLoss, gapPercent, atBest, max);
    }

    /** A group whose aggregates are computed by {@code aggregation} when first asked for. */
    GroupRow(String study, String group, String model, String regime, List<RunRecord> runs,
            Supplier<Aggregates> aggregation) {
        this.study = study;
        this.group = group;
        this.model = model;
        this.regime = regime;
        this.runs = runs;
        this.aggregation = aggregation;
    }

    private Aggregates aggregates() {
        Aggregates known = aggregates;
        if (known == null) {
            synchronized (this) {
                known = aggregates;
                if (known == null) {
                    known = aggregation.get();
                    aggregates = known;
                    aggregation = null;
                }
            }
        }
        return known;
    }

    public String study() {
        return study;
    }

    public String group() {
        return group;
    }

    public String model() {
        return model;
    }

    public String regime() {
        return regime;
    }

    /** The runs' records (those of the Runs tree are built when first asked for). */
    public List<RunRecord> runs() {
        return runs;
    }

    public int n() {
        return runs.size();
    }

    public GroupSummary testLoss() {
        return aggregates().testLoss();
    }

    public double optimalLoss() {
        return aggregates().optimalLoss();
    }

    public GroupSummary gapPercent() {
        return aggregates().gapPercent();
    }

    public Map<String, GroupSummary> atBest() {
        return aggregates().atBest();
    }

    public Map<String, GroupSummary> max() {
        return aggregates().max();
    }

    public GroupSummary atBest(String metric) {
        return atBest().getOrDefault(metric, GroupSummary.of());
    }

    public GroupSummary max(String metric) {
        return max().getOrDefault(metric, GroupSummary.of());
    }

    @Override
    public String toString() {
        return "GroupRow[" + study + " " + group + " (n=" + n() + ")]";
    }
}
