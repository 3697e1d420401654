package org.saturn.core.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.MetricPoint;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

/**
 * Computes the Saturation chart's data from the run store: each run's metric series from
 * {@code metrics.csv}, and for a group of seeds the mean and ±std band per step. Headless, so the
 * workbench's view only maps the result to chart series.
 */
public final class SaturationProvider {

    public static final String TRAIN_LOSS = org.saturn.core.metrics.MetricKeys.TRAIN_LOSS;
    public static final String TEST_LOSS = StudyReport.TEST_LOSS;
    /** 100 · (test loss − optimal) / optimal, written by the engine at each evaluation. */
    public static final String GAP_PERCENT = org.saturn.core.metrics.MetricKeys.GAP_PERCENT;
    public static final String OPTIMAL_LOSS = org.saturn.core.metrics.MetricKeys.OPTIMAL_LOSS;

    private SaturationProvider() {
    }

    /**
     * One entry per selected item, in selection order: a {@link RunDirectory} becomes a single-run
     * entry, a {@link GroupRow} an aggregate over its seeds; other elements are ignored.
     *
     * @param cancelled polled between runs; when it turns true the load stops with a
     *                  {@link CancellationException} (a newer selection superseded it)
     */
    public static List<SaturationCurves> load(List<?> selection, BooleanSupplier cancelled) {
        List<SaturationCurves> entries = new ArrayList<>();
        for (Object element : selection) {
            if (element instanceof RunDirectory run) {
                checkCancelled(cancelled);
                RunCurves curves = curves(run);
                entries.add(new SaturationCurves(curves.group() + " · " + curves.label(), false, curves.optimalLoss(),
                        List.of(curves), Map.of()));
            } else if (element instanceof GroupRow row) {
                List<RunCurves> members = new ArrayList<>();
                for (RunRecord record : row.runs()) {
                    checkCancelled(cancelled);
                    directoryOf(record).ifPresent(run -> members.add(curves(run)));
                }
                entries.add(group(row.model() + " " + row.regime() + " (n=" + members.size() + ")", members));
            }
        }
        return entries;
    }

    /** A group entry over explicit members (e.g. runs sharing a group key). */
    public static SaturationCurves group(String label, List<RunCurves> members) {
        Set<String> keys = new LinkedHashSet<>();
        members.forEach(m -> keys.addAll(m.series().keySet()));
        Map<String, SeedBand> bands = new LinkedHashMap<>();
        for (String key : keys) {
            bands.put(key, band(key, members));
        }
        double optimal = members.isEmpty() ? Double.NaN : members.get(0).optimalLoss();
        return new SaturationCurves(label, true, optimal, List.copyOf(members), bands);
    }

    /** The run's series by metric key (in first-seen order) with its record's identity and optimal loss. */
    public static RunCurves curves(RunDirectory run) {
        Map<String, List<MetricPoint>> byKey = new LinkedHashMap<>();
        for (MetricPoint point : run.metrics()) {
            byKey.computeIfAbsent(point.key(), k -> new ArrayList<>()).add(point);
        }
        Map<String, MetricSeries> series = new LinkedHashMap<>();
        byKey.forEach((key, points) -> series.put(key, series(key, points)));
        Optional<RunRecord> record = run.record();
        double optimal = record.map(RunRecord::getOptimalLoss).filter(v -> v > 0).orElseGet(() -> {
            MetricSeries stored = series.get(OPTIMAL_LOSS);
            return stored == null ? Double.NaN : stored.last();
        });
        String group = record.map(RunRecord::getGroup).orElse(run.study() + "/" + run.runId());
        long seed = record.map(RunRecord::getSeed).orElse(0L);
        return new RunCurves(run, group, seed, optimal, series);
    }

    /** Mean and sample std over the members at every step where at least one member has the metric. */
    static SeedBand band(String key, List<RunCurves> members) {
        List<MetricSeries> present = new ArrayList<>();
        int total = 0;
        for (RunCurves member : members) {
            MetricSeries s = member.series(key);
            if (s != null) {
                present.add(s);
                total += s.size();
            }
        }
        double[] all = new double[total];
        int at = 0;
        for (MetricSeries s : present) {
            System.arraycopy(s.steps(), 0, all, at, s.size());
            at += s.size();
        }
        Arrays.sort(all);
        int size = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                all[size++] = all[i];
            }
        }
        double[] x = Arrays.copyOf(all, size);
        double[] mean = new double[size];
        double[] std = new double[size];
        int[] n = new int[size];
        double[] atStep = new double[present.size()];
        int[] cursor = new int[present.size()];
        for (int i = 0; i < size; i++) {
            for (int m = 0; m < present.size(); m++) {
                MetricSeries s = present.get(m);
                // steps are ascending in every series: advance a cursor instead of searching
                while (cursor[m] < s.size() && s.steps()[cursor[m]] < x[i]) {
                    cursor[m]++;
                }
                atStep[m] = cursor[m] < s.size() && s.steps()[cursor[m]] == x[i] ? s.values()[cursor[m]] : Double.NaN;
            }
            GroupSummary summary = GroupSummary.of(atStep);
            mean[i] = summary.mean();
            std[i] = summary.std();
            n[i] = summary.n();
        }
        return new SeedBand(key, x, mean, std, n);
    }

    /**
     * The run folder a record was read from: records loaded by the store remember their file, so a
     * {@link GroupRow} published by another view leads back to its runs' series.
     */
    public static Optional<RunDirectory> directoryOf(RunRecord record) {
        if (record.eResource() == null || !record.eResource().getURI().isFile()) {
            return Optional.empty();
        }
        Path runFolder = Path.of(record.eResource().getURI().toFileString()).getParent();
        if (runFolder == null || runFolder.getParent() == null || runFolder.getParent().getParent() == null
                || !Files.isDirectory(runFolder)) {
            return Optional.empty();
        }
        Path root = runFolder.getParent().getParent();
        return Optional.of(RunStore.open(root).run(runFolder.getParent().getFileName().toString(),
                runFolder.getFileName().toString()));
    }

    private static MetricSeries series(String key, List<MetricPoint> points) {
        int n = points.size();
        double[] steps = new double[n];
        double[] values = new double[n];
        boolean ordered = true;
        for (int i = 0; i < n; i++) {
            MetricPoint p = points.get(i);
            steps[i] = p.step();
            values[i] = p.value();
            ordered &= i == 0 || steps[i] > steps[i - 1];
        }
        if (ordered) {
            return new MetricSeries(key, steps, values);
        }
        // a resumed run may repeat a step: the later row wins, as it does for the run itself
        TreeMap<Long, Double> byStep = new TreeMap<>();
        points.forEach(p -> byStep.put(p.step(), p.value()));
        double[] sortedSteps = new double[byStep.size()];
        double[] sortedValues = new double[byStep.size()];
        int i = 0;
        for (Map.Entry<Long, Double> e : byStep.entrySet()) {
            sortedSteps[i] = e.getKey();
            sortedValues[i++] = e.getValue();
        }
        return new MetricSeries(key, sortedSteps, sortedValues);
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("superseded");
        }
    }
}
