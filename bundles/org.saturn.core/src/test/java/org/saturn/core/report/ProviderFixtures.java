package org.saturn.core.report;

import java.nio.file.Path;

import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.MetricsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

/** Writes small real run stores (records and metrics.csv) for the provider tests. */
final class ProviderFixtures {

    static final double OPTIMAL = 0.1;

    private ProviderFixtures() {
    }

    /** A run with test loss {@code losses[i]} and ood.R1 {@code r1[i]} at step 100·(i+1). */
    static RunDirectory run(RunStore store, String id, String regime, long seed, double[] losses, double[] r1) {
        RunDirectory run = store.run("S", id);
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setRunId(id);
        record.setStudy("S");
        record.setGroup("Tf/" + regime);
        record.setModel("Tf");
        record.setRegime(regime);
        record.setSeed(seed);
        record.setStatus(RunStatus.FINISHED);
        record.setOptimalLoss(OPTIMAL);
        int best = 0;
        for (int i = 1; i < losses.length; i++) {
            best = losses[i] < losses[best] ? i : best;
        }
        record.getSummaries().add(summary("test.loss", losses[best], max(losses), losses[losses.length - 1]));
        record.getSummaries().add(summary("ood.R1", r1[best], max(r1), r1[r1.length - 1]));
        run.path().toFile().mkdirs();
        run.writeRecord(record);
        try (MetricsLog log = run.openMetrics()) {
            log.append(0, 0, "optimal.loss", OPTIMAL);
            for (int i = 0; i < losses.length; i++) {
                long step = 100L * (i + 1);
                log.append(step, i, "train.loss", losses[i] + 0.01);
                log.append(step, i, "test.loss", losses[i]);
                log.append(step, i, "gap.percent", 100 * (losses[i] - OPTIMAL) / OPTIMAL);
                log.append(step, i, "ood.R1", r1[i]);
            }
        }
        return run;
    }

    static Path root(RunStore store) {
        return store.root();
    }

    private static MetricSummary summary(String metric, double atBest, double max, double last) {
        MetricSummary summary = ResultsFactory.eINSTANCE.createMetricSummary();
        summary.setMetric(metric);
        summary.setAtBest(atBest);
        summary.setMax(max);
        summary.setLast(last);
        return summary;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
