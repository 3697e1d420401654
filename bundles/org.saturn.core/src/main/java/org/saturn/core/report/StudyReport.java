package org.saturn.core.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunStore;

/** The groups of a store's studies, in study then group order, computed from the run records. */
public final class StudyReport {

    /** The metric key of the test loss in run records and {@code metrics.csv}. */
    public static final String TEST_LOSS = org.saturn.core.metrics.MetricKeys.TEST_LOSS;

    private StudyReport() {
    }

    public static List<GroupRow> of(RunStore store, String onlyStudy) {
        return of(store, onlyStudy, ReportConventions.SATURN);
    }

    /** The groups under these conventions (a rule accuracy with nothing finished: NaN or 0). */
    public static List<GroupRow> of(RunStore store, String onlyStudy, ReportConventions conventions) {
        List<GroupRow> rows = new ArrayList<>();
        for (String study : store.studies()) {
            if (onlyStudy == null || onlyStudy.equals(study)) {
                rows.addAll(of(store.records(study), conventions));
            }
        }
        return rows;
    }

    /** Groups the records (by study and group key) and aggregates each group. */
    public static List<GroupRow> of(List<RunRecord> records) {
        return of(records, ReportConventions.SATURN);
    }

    /** As {@link #of(List)}, under these conventions. */
    public static List<GroupRow> of(List<RunRecord> records, ReportConventions conventions) {
        // by study, then group key (nested maps: no key strings built per record)
        Map<String, Map<String, List<RunRecord>>> groups = new TreeMap<>();
        for (RunRecord record : records) {
            groups.computeIfAbsent(record.getStudy(), k -> new TreeMap<>())
                    .computeIfAbsent(record.getGroup(), k -> new ArrayList<>()).add(record);
        }
        List<GroupRow> rows = new ArrayList<>();
        groups.values().forEach(ofStudy -> ofStudy.values().forEach(runs -> rows.add(row(runs, conventions))));
        return rows;
    }

    private static GroupRow row(List<RunRecord> runs, ReportConventions conventions) {
        RunRecord first = runs.get(0);
        Set<String> metrics = new LinkedHashSet<>();
        runs.forEach(r -> r.getSummaries().forEach(s -> metrics.add(s.getMetric())));
        Map<String, GroupSummary> atBest = new LinkedHashMap<>();
        Map<String, GroupSummary> max = new LinkedHashMap<>();
        for (String metric : metrics) {
            atBest.put(metric, GroupSummary.of(runs.stream()
                    .mapToDouble(r -> value(r, metric, true, conventions)).toArray()));
            max.put(metric, GroupSummary.of(runs.stream()
                    .mapToDouble(r -> value(r, metric, false, conventions)).toArray()));
        }
        double optimal = first.getOptimalLoss();
        GroupSummary testLoss = atBest.getOrDefault(TEST_LOSS, GroupSummary.of());
        GroupSummary gap = GroupSummary.of(runs.stream()
                .mapToDouble(r -> 100 * (value(r, TEST_LOSS, true) - r.getOptimalLoss()) / r.getOptimalLoss()).toArray());
        return new GroupRow(first.getStudy(), first.getGroup(), first.getModel(), first.getRegime(), List.copyOf(runs),
                testLoss, optimal, gap, atBest, max);
    }

    /**
     * As {@link #value(RunRecord, String, boolean)}, under the conventions: a rule accuracy the run
     * has but that is undefined (nothing finished) is 0 with {@code --unfinished zero}; a metric the
     * run has not measured at all stays NaN (left out).
     */
    static double value(RunRecord run, String metric, boolean atBest, ReportConventions conventions) {
        for (MetricSummary summary : run.getSummaries()) {
            if (summary.getMetric().equals(metric)) {
                return conventions.apply(metric, atBest ? summary.getAtBest() : summary.getMax());
            }
        }
        return Double.NaN;
    }

    /** The run's value of a metric at its best evaluation (or its maximum); NaN when it has none. */
    public static double value(RunRecord run, String metric, boolean atBest) {
        for (MetricSummary summary : run.getSummaries()) {
            if (summary.getMetric().equals(metric)) {
                return atBest ? summary.getAtBest() : summary.getMax();
            }
        }
        return Double.NaN;
    }
}
