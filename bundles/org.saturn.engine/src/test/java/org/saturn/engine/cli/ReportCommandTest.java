package org.saturn.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunStore;

/** {@code saturn report STORE --unfinished ... --summary ...}: the options reach the printed numbers and header. */
class ReportCommandTest extends CliTestBase {

    @TempDir
    Path store;

    private void write(long seed, double oodR1AtBest, double oodR1Max) {
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setStudy("CS1");
        record.setRunId("r" + seed);
        record.setGroup("Tf/adversarial/1");
        record.setModel("Tf");
        record.setRegime("adversarial");
        record.setSeed(seed);
        record.setOptimalLoss(0.1);
        record.getSummaries().add(summary("test.loss", 0.101, 0.2));
        record.getSummaries().add(summary("ood.R1", oodR1AtBest, oodR1Max));
        RunStore.create(store).run("CS1", "r" + seed).writeRecord(record);
    }

    private static MetricSummary summary(String metric, double atBest, double max) {
        MetricSummary summary = ResultsFactory.eINSTANCE.createMetricSummary();
        summary.setMetric(metric);
        summary.setAtBest(atBest);
        summary.setMax(max);
        return summary;
    }

    @Test
    void theConventionsChangeTheNumbersAndAreStated() throws Exception {
        write(1, Double.NaN, 0.2);
        write(2, 0.6, 0.8);

        assertThat(run("report", store.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("metrics atBest").contains("unfinished undefined").contains("0.60  ");
        out.getBuffer().setLength(0);

        assertThat(run("report", store.toString(), "--unfinished", "zero")).isEqualTo(0);
        assertThat(out.toString()).contains("unfinished zero").contains("0.30 ± 0.42");
        out.getBuffer().setLength(0);

        assertThat(run("report", store.toString(), "--summary", "max", "--json")).isEqualTo(0);
        assertThat(out.toString()).contains("\"summary\":\"max\"").contains("\"oodR1\":{\"mean\":0.5,");
        out.getBuffer().setLength(0);

        Path csv = store.resolve("report.csv");
        assertThat(run("report", store.toString(), "--unfinished", "zero", "--csv", csv.toString())).isEqualTo(0);
        assertThat(Files.readString(csv)).contains("ood.R1,atBest,0.3,").contains(",zero\n");
    }

    @Test
    void aWrongValueIsRefused() {
        write(1, 0.5, 0.5);
        assertThat(run("report", store.toString(), "--summary", "mean")).isNotEqualTo(0);
        assertThat(err.toString()).contains("summary must be max or atBest, not 'mean'");
    }
}
