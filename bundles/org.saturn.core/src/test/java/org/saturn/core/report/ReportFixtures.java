package org.saturn.core.report;

import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;

/** Run records as the report tests need them: a run of a group with its metric summaries. */
final class ReportFixtures {

    private ReportFixtures() {
    }

    /** A record of study CS1, model Tf, with optimal loss 0.1 and no summaries yet. */
    static RunRecord record(String runId, String group, String regime, long seed) {
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setStudy("CS1");
        record.setRunId(runId);
        record.setGroup(group);
        record.setModel("Tf");
        record.setRegime(regime);
        record.setSeed(seed);
        record.setOptimalLoss(0.1);
        return record;
    }

    static MetricSummary summary(String metric, double atBest, double max) {
        MetricSummary summary = ResultsFactory.eINSTANCE.createMetricSummary();
        summary.setMetric(metric);
        summary.setAtBest(atBest);
        summary.setMax(max);
        return summary;
    }
}
