package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.report.DeclaredMetric;
import org.saturn.dsl.compiler.DeclaredMetrics;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.dsl.saturn.Study;

/** A study's metric lines as the report reads them: declared name, record key, summary, direction. */
class DeclaredMetricsTest {

    @Test
    void theReducedCaseStudyDeclaresItsMetricsUnderTheirRecordKeys() {
        Study study = SpecPlan.load(new SpecChecker(), Path.of("../../examples/case-study-3-reduced.saturn"), null)
                .runs().values().iterator().next();
        List<DeclaredMetric> metrics = DeclaredMetrics.of(study).metrics();
        // hessianAt both: each flatness measure at the pre-trained and at the fine-tuned weights
        assertThat(metrics).extracting(DeclaredMetric::name).containsExactly("testLoss", "gap", "finetuneLoss",
                "hessianTrace", "hessianTrace after fine-tuning", "relativeFlatness",
                "relativeFlatness after fine-tuning", "accuracy of R1 on ood", "accuracy of R1 on ood after fine-tuning");
        assertThat(metrics).extracting(DeclaredMetric::key).containsExactly("test.loss", "gap.percent",
                "finetune.loss", "hessian.trace", "finetune.hessian.trace", "hessian.relativeFlatness",
                "finetune.hessian.relativeFlatness", "ood.R1", "finetune.ood.R1");
        assertThat(metrics.get(4).stderrKey()).isEqualTo("finetune.hessian.trace.stderr");
        assertThat(metrics.get(2).summary()).isEqualTo(DeclaredMetric.Summary.LAST);
        assertThat(metrics.get(3).stderrKey()).isEqualTo("hessian.trace.stderr");
        // 'maximize' is the enum's first literal: written, it still counts
        assertThat(metrics.get(7).maximize()).isTrue();
        assertThat(metrics.get(2).maximize()).isFalse();
    }
}
