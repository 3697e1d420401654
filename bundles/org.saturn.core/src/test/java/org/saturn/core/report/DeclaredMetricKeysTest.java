package org.saturn.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.saturn.core.report.ReportFixtures.record;

import org.junit.jupiter.api.Test;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.RunRecord;

/**
 * Every quantity a study may declare ({@code metric NAME ...}: the validator's list) read from a
 * record as the engine writes it, under the key the language maps the name to: a number, never "–".
 * The keys here are {@code dsl compiler/DeclaredMetrics}'s; the engine's side is checked end to end
 * by FineTuningTest (every name but iclAccuracy, which needs a mixture).
 */
class DeclaredMetricKeysTest {

    private static final double OPTIMAL = 0.5;

    /** A fine-tuned run of a mixture study with every series the engine summarises. */
    private static RunRecord run() {
        RunRecord record = record("r1", "g", "maxLikelihood", 1);
        record.setOptimalLoss(OPTIMAL);
        add(record, MetricKeys.TEST_LOSS, 0.51, 0.9, 0.505, 0.52);
        add(record, MetricKeys.TRAIN_LOSS, 0.49, 0.95, 0.48, 0.5);
        add(record, "ood.R1", 0.6, 0.7, 0.1, 0.65);
        add(record, "ood.R1 completion", 0.4, 0.5, 0.0, 0.45);
        add(record, "ood.grammatical", 0.3, 0.35, 0.0, 0.3);
        add(record, "ood.finished", 0.9, 1.0, 0.2, 0.95);
        add(record, "id.R1", 0.95, 1.0, 0.5, 0.97);
        add(record, "icl.k0.task", 0.2, 0.3, 0.1, 0.25);
        add(record, "icl.k2.task", 0.6, 0.7, 0.3, 0.65);
        add(record, "icl.k10.task", 0.9, 0.95, 0.4, 0.92);
        add(record, "icl.k10.anyTask", 1, 1, 1, 1);
        add(record, MetricKeys.FINE_TUNING_LOSS, 0.8, 1.2, 0.7, 0.75);
        add(record, MetricKeys.HESSIAN_TRACE, 12, 12, 12, 12);
        add(record, MetricKeys.HESSIAN_TRACE_STDERR, 0.5, 0.5, 0.5, 0.5);
        add(record, MetricKeys.RELATIVE_FLATNESS, 3, 3, 3, 3);
        add(record, MetricKeys.FINE_TUNED_HESSIAN_TRACE, 7, 7, 7, 7);
        add(record, MetricKeys.FINE_TUNED_RELATIVE_FLATNESS, 2, 2, 2, 2);
        return record;
    }

    private static void add(RunRecord record, String key, double atBest, double max, double min, double last) {
        MetricSummary summary = ReportFixtures.summary(key, atBest, max);
        summary.setMin(min);
        summary.setLast(last);
        record.getSummaries().add(summary);
    }

    private static double value(String name, String key, DeclaredMetric.Summary summary) {
        return StudyColumns.value(run(), new DeclaredMetric(name, key, summary, false, null), ReportConventions.SATURN);
    }

    @Test
    void testLoss() {
        assertThat(value("testLoss", "test.loss", DeclaredMetric.Summary.AT_BEST)).isEqualTo(0.51);
    }

    @Test
    void trainLoss() {
        assertThat(value("trainLoss", "train.loss", DeclaredMetric.Summary.LAST)).isEqualTo(0.5);
    }

    /** The gap has no series: it is the test loss's, in percent of the run's optimal loss. */
    @Test
    void gap() {
        assertThat(value("gap", "gap.percent", DeclaredMetric.Summary.AT_BEST)).isCloseTo(2.0, within(1e-9));
        assertThat(value("gap", "gap.percent", DeclaredMetric.Summary.MIN)).isCloseTo(1.0, within(1e-9));
        assertThat(value("gap", "gap.percent", DeclaredMetric.Summary.MAX)).isCloseTo(80.0, within(1e-9));
        assertThat(value("gap", "gap.percent", DeclaredMetric.Summary.LAST)).isCloseTo(4.0, within(1e-9));
        // a run without its optimal loss (or test loss) has no gap
        RunRecord unknown = run();
        unknown.setOptimalLoss(Double.NaN);
        assertThat(StudyColumns.value(unknown, new DeclaredMetric("gap", "gap.percent",
                DeclaredMetric.Summary.LAST, false, null), ReportConventions.SATURN)).isNaN();
    }

    @Test
    void accuracy() {
        assertThat(value("accuracy of R1 on ood", "ood.R1", DeclaredMetric.Summary.MAX)).isEqualTo(0.7);
        assertThat(value("accuracy of R1 on id", "id.R1", DeclaredMetric.Summary.MAX)).isEqualTo(1.0);
    }

    @Test
    void completionAccuracy() {
        assertThat(value("completionAccuracy of R1", "ood.R1 completion", DeclaredMetric.Summary.LAST))
                .isEqualTo(0.45);
    }

    @Test
    void grammatical() {
        assertThat(value("grammatical", "ood.grammatical", DeclaredMetric.Summary.MAX)).isEqualTo(0.35);
    }

    @Test
    void finished() {
        assertThat(value("finished", "ood.finished", DeclaredMetric.Summary.MIN)).isEqualTo(0.2);
    }

    /** In-context accuracy: the task accuracy at the most examples measured (k = 10, not 2: numerically). */
    @Test
    void iclAccuracy() {
        assertThat(value("iclAccuracy", MetricKeys.ICL_ACCURACY, DeclaredMetric.Summary.MAX)).isEqualTo(0.95);
        assertThat(value("iclAccuracy", MetricKeys.ICL_ACCURACY, DeclaredMetric.Summary.AT_BEST)).isEqualTo(0.9);
        // a run that measured no in-context prompts has none
        RunRecord plain = run();
        plain.getSummaries().removeIf(s -> s.getMetric().startsWith("icl."));
        assertThat(StudyColumns.value(plain, new DeclaredMetric("iclAccuracy", MetricKeys.ICL_ACCURACY,
                DeclaredMetric.Summary.MAX, true, null), ReportConventions.SATURN)).isNaN();
    }

    @Test
    void finetuneLoss() {
        assertThat(value("finetuneLoss", "finetune.loss", DeclaredMetric.Summary.LAST)).isEqualTo(0.75);
    }

    @Test
    void hessianTrace() {
        assertThat(value("hessianTrace", "hessian.trace", DeclaredMetric.Summary.LAST)).isEqualTo(12.0);
        assertThat(value("hessianTrace after fine-tuning", "finetune.hessian.trace", DeclaredMetric.Summary.LAST))
                .isEqualTo(7.0);
    }

    @Test
    void relativeFlatness() {
        assertThat(value("relativeFlatness", "hessian.relativeFlatness", DeclaredMetric.Summary.LAST)).isEqualTo(3.0);
        assertThat(value("relativeFlatness after fine-tuning", "finetune.hessian.relativeFlatness",
                DeclaredMetric.Summary.LAST)).isEqualTo(2.0);
    }
}
