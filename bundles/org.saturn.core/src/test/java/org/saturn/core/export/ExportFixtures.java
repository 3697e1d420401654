package org.saturn.core.export;

import java.nio.file.Path;

import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.MetricsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

/** A small store for the export tests: study CS1, two groups (lr 0.001 and 0.01) of two seeds each. */
final class ExportFixtures {

    private ExportFixtures() {
    }

    static RunStore store(Path root) {
        RunStore store = RunStore.create(root);
        run(store, "a1", "0.001", 1, 0.30, 0.9);
        run(store, "a2", "0.001", 2, 0.26, 0.7);
        run(store, "b1", "0.01", 1, 0.20, 1.0);
        run(store, "b2", "0.01", 2, 0.22, 0.5);
        return store;
    }

    /** A finished run whose test loss falls 0.5, 0.4, then to {@code bestLoss} (its minimum) and rises by 0.01. */
    private static void run(RunStore store, String id, String lr, long seed, double bestLoss, double oodR1) {
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setStudy("CS1");
        record.setRunId(id);
        record.setGroup("Tf/iid/lr=" + lr);
        record.setModel("Tf");
        record.setRegime("iid");
        record.setSeed(seed);
        record.setStatus(RunStatus.FINISHED);
        record.setStep(30);
        record.setTotalSteps(30);
        record.setOptimalLoss(0.1);
        record.setStartedAt("2026-12-03T10:00:00Z");
        parameter(record, "optimizer.lr", lr);
        parameter(record, "model.name", "Tf");
        parameter(record, "seed", Long.toString(seed));
        parameter(record, "dropout.enabled", "true");
        record.getSummaries().add(summary("test.loss", bestLoss, 0.5, bestLoss + 0.01, bestLoss));
        record.getSummaries().add(summary("ood.R1", oodR1, oodR1, oodR1 / 2, 0.1));
        RunDirectory directory = store.run("CS1", id);
        directory.writeRecord(record);
        try (MetricsLog metrics = directory.openMetrics()) {
            double[] losses = { 0.5, 0.4, bestLoss, bestLoss + 0.01 };
            double[] accuracies = { 0.1, 0.2, oodR1, oodR1 / 2 };
            for (int i = 0; i < losses.length; i++) {
                metrics.append(10L * i, 1.5 * i, "test.loss", losses[i]);
                metrics.append(10L * i, 1.5 * i, "ood.R1", accuracies[i]);
            }
        }
    }

    private static void parameter(RunRecord record, String key, String value) {
        Parameter parameter = ResultsFactory.eINSTANCE.createParameter();
        parameter.setKey(key);
        parameter.setValue(value);
        record.getParameters().add(parameter);
    }

    private static MetricSummary summary(String metric, double atBest, double max, double last, double min) {
        MetricSummary summary = ResultsFactory.eINSTANCE.createMetricSummary();
        summary.setMetric(metric);
        summary.setAtBest(atBest);
        summary.setMax(max);
        summary.setLast(last);
        summary.setMin(min);
        return summary;
    }
}
