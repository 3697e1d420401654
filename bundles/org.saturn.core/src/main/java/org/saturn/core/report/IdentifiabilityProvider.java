package org.saturn.core.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;

/**
 * The non-identifiability picture's data: one point per run (x and y any two metrics of its
 * record, by default the test-loss gap to the exact optimum and OOD R1), grouped by everything but
 * the seed, with each group's mean.
 */
public final class IdentifiabilityProvider {

    /** The derived x metric: 100 · (test loss − optimal loss) / optimal loss. */
    public static final String GAP_PERCENT = "test-loss gap (%)";
    public static final String DEFAULT_Y = RunRow.OOD_R1;

    /** Which value of a metric over a run's evaluations a point shows. */
    public enum Aggregate {
        /** At the evaluation with the minimum test loss (the checkpoint one keeps; the report's choice). */
        AT_BEST("at best test loss"),
        /** At the last evaluation (the final model). */
        LAST("final"),
        /** The maximum over evaluations (the papers' report for accuracies). */
        MAX("max over evaluations");

        private final String label;

        Aggregate(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One run as a point. */
    public record RunPoint(RunDirectory run, String group, long seed, double x, double y) {
    }

    /** The points of one group and their means (NaN values left out). */
    public record GroupPoints(String group, String label, List<RunPoint> points, GroupSummary x, GroupSummary y) {
    }

    /** Every run of a store with its record. */
    public record Snapshot(RunStore store, List<RunDirectory> runs, Map<RunDirectory, RunRecord> records) {

        /** The metrics a point can show: the gap first, then every summary metric of the records. */
        public List<String> metrics() {
            Set<String> names = new LinkedHashSet<>();
            names.add(GAP_PERCENT);
            records.values().forEach(r -> r.getSummaries().forEach(s -> names.add(s.getMetric())));
            return List.copyOf(names);
        }
    }

    private IdentifiabilityProvider() {
    }

    /** Reads every run's record; runs without a readable record yet are left out. */
    public static Snapshot read(RunStore store, BooleanSupplier cancelled) {
        List<RunDirectory> runs = new ArrayList<>();
        Map<RunDirectory, RunRecord> records = new LinkedHashMap<>();
        for (String study : store.studies()) {
            for (RunDirectory run : store.runs(study)) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("superseded");
                }
                try {
                    Optional<RunRecord> record = run.record();
                    if (record.isPresent()) {
                        runs.add(run);
                        records.put(run, record.get());
                    }
                } catch (StoreException e) {
                    // a record being replaced right now: the next refresh reads it
                }
            }
        }
        return new Snapshot(store, List.copyOf(runs), records);
    }

    /** Groups in first-seen order; runs missing either value are left out of the picture. */
    public static List<GroupPoints> points(Snapshot snapshot, String xMetric, String yMetric, Aggregate aggregate) {
        Map<String, List<RunPoint>> groups = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (RunDirectory run : snapshot.runs()) {
            RunRecord record = snapshot.records().get(run);
            double x = value(record, xMetric, aggregate);
            double y = value(record, yMetric, aggregate);
            labels.putIfAbsent(record.getGroup(), record.getModel() + " " + record.getRegime());
            List<RunPoint> points = groups.computeIfAbsent(record.getGroup(), g -> new ArrayList<>());
            if (Double.isFinite(x) && Double.isFinite(y)) {
                points.add(new RunPoint(run, record.getGroup(), record.getSeed(), x, y));
            }
        }
        List<GroupPoints> result = new ArrayList<>();
        groups.forEach((group, points) -> result.add(new GroupPoints(group, labels.get(group), List.copyOf(points),
                GroupSummary.of(points.stream().mapToDouble(RunPoint::x).toArray()),
                GroupSummary.of(points.stream().mapToDouble(RunPoint::y).toArray()))));
        return result;
    }

    /** A metric's value for one run; {@link #GAP_PERCENT} is derived from the test loss. NaN when absent. */
    public static double value(RunRecord record, String metric, Aggregate aggregate) {
        if (GAP_PERCENT.equals(metric)) {
            double loss = value(record, StudyReport.TEST_LOSS, aggregate == Aggregate.MAX ? Aggregate.AT_BEST : aggregate);
            double optimal = record.getOptimalLoss();
            return optimal > 0 ? 100 * (loss - optimal) / optimal : Double.NaN;
        }
        for (MetricSummary summary : record.getSummaries()) {
            if (summary.getMetric().equals(metric)) {
                return switch (aggregate) {
                    case AT_BEST -> summary.getAtBest();
                    case LAST -> summary.getLast();
                    case MAX -> summary.getMax();
                };
            }
        }
        return Double.NaN;
    }
}
