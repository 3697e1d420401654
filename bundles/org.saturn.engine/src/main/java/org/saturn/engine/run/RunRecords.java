package org.saturn.engine.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.metrics.RunSummary;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.MetricPoint;

/** A run's record: its creation, its metric summaries and the progress events that report it. */
public final class RunRecords {

    private RunRecords() {
    }

    /** The record of a run that has none yet; a queued run (saturn slurm) starts from the same one. */
    public static RunRecord newRecord(RunConfig config) {
        RunSettings settings = RunSettings.of(config);
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setRunId(config.id());
        record.setStudy(config.study());
        record.setModel(config.model());
        record.setRegime(settings.regime());
        record.setSeed(config.seed());
        record.setGroup(Groups.key(config));
        record.setLossConvention(settings.convention().label());
        record.setTotalSteps(settings.steps());
        record.setStartedAt(Instant.now().toString());
        config.parameters().forEach((key, value) -> {
            if (!key.endsWith(".definition")) {
                Parameter parameter = ResultsFactory.eINSTANCE.createParameter();
                parameter.setKey(key);
                parameter.setValue(String.valueOf(value));
                record.getParameters().add(parameter);
            }
        });
        return record;
    }

    /** The pre-training summaries (at the best test loss, max, last, min) of every evaluated metric. */
    static void summarise(RunRecord record, Evaluations history) {
        record.setUpdatedAt(Instant.now().toString());
        record.getSummaries().clear();
        for (String metric : history.metrics()) {
            List<RunSummary.Evaluation> series = history.series(metric);
            if (series.isEmpty()) {
                continue;
            }
            RunSummary summary = RunSummary.of(series);
            MetricSummary entry = ResultsFactory.eINSTANCE.createMetricSummary();
            entry.setMetric(metric);
            entry.setAtBest(summary.atMinTestLoss());
            entry.setMax(summary.max());
            entry.setLast(summary.last());
            entry.setMin(min(series.stream().map(RunSummary.Evaluation::value).toList()));
            record.getSummaries().add(entry);
        }
    }

    /** Summaries (last, min, max; atBest = last) of the fine-tuning metrics, beside the pre-training ones. */
    static void summariseFineTuning(RunRecord record, List<MetricPoint> points, long offset) {
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (MetricPoint point : points) {
            if (point.step() >= offset && MetricKeys.fineTuning(point.key())) {
                series.computeIfAbsent(point.key(), k -> new ArrayList<>()).add(point.value());
            }
        }
        record.getSummaries().removeIf(s -> series.containsKey(s.getMetric()));
        series.forEach((metric, values) -> {
            MetricSummary entry = ResultsFactory.eINSTANCE.createMetricSummary();
            entry.setMetric(metric);
            double last = values.get(values.size() - 1);
            entry.setLast(last);
            entry.setAtBest(last);
            entry.setMax(values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).max()
                    .orElse(Double.NaN));
            entry.setMin(min(values));
            record.getSummaries().add(entry);
        });
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    }

    /**
     * A progress event of the run at {@code step} of {@code totalSteps}; {@code extra} is the
     * OOD R1 accuracy (a Double) or a message (a String).
     */
    static ProgressEvent event(RunConfig config, String status, long step, long totalSteps, Double trainLoss,
            Double testLoss, double optimal, long started, Object extra) {
        Double oodR1 = extra instanceof Double d && !d.isNaN() ? d : null;
        String message = extra instanceof String s ? s : null;
        return new ProgressEvent(config.study(), config.id(), config.model(), config.regime(), config.seed(), status,
                step, totalSteps, trainLoss, testLoss, optimal, oodR1, seconds(started), message);
    }

    /** An event with the run's identity and a status only (skipped, failed before training). */
    public static ProgressEvent event(RunConfig config, String status, String message) {
        return new ProgressEvent(config.study(), config.id(), config.model(), config.regime(), config.seed(), status,
                null, null, null, null, null, null, null, message);
    }

    static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
