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

/** {@code saturn report STORE --reference FILE.csv}: the comparison in the table, JSON, CSV and HTML. */
class ReportReferenceCommandTest extends CliTestBase {

    @TempDir
    Path store;

    @TempDir
    Path files;

    private void write(String regime, long seed, double testLoss, double oodR1) {
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setStudy("CaseStudy1");
        record.setRunId(regime + seed);
        record.setGroup("Tf/" + regime + "/0a1b2c3d");
        record.setModel("Tf");
        record.setRegime(regime);
        record.setSeed(seed);
        record.setOptimalLoss(0.01888);
        record.getSummaries().add(summary("test.loss", testLoss, testLoss));
        record.getSummaries().add(summary("ood.R1", oodR1, oodR1));
        RunStore.create(store).run("CaseStudy1", regime + seed).writeRecord(record);
    }

    private static MetricSummary summary(String metric, double atBest, double max) {
        MetricSummary summary = ResultsFactory.eINSTANCE.createMetricSummary();
        summary.setMetric(metric);
        summary.setAtBest(atBest);
        summary.setMax(max);
        return summary;
    }

    @Test
    void theShippedIcmlReferenceSitsBesideTheMeasuredGroups() throws Exception {
        write("maxLikelihood", 1, 0.0210, 0.40);
        write("maxLikelihood", 2, 0.0216, 0.50);
        write("adversarial", 1, 0.0230, 0.0);
        write("adversarial", 2, 0.0228, 0.0);
        write("oracle", 1, 0.0260, 0.20);
        write("oracle", 2, 0.0262, 0.30);
        String reference = Path.of("../../examples/reference/icml-case-study-1.csv").toString();
        Path csv = files.resolve("report.csv");
        Path html = files.resolve("report.html");

        assertThat(run("report", store.toString(), "--reference", reference, "--csv", csv.toString(), "--html",
                html.toString())).isEqualTo(0);
        String table = out.toString();
        assertThat(table).contains("reference: agree = |measured - reference| <= sqrt(std_measured² + std_reference²)");
        // max-likelihood OOD R1 0.45 ± 0.07 against 0.46 ± 0.08: agrees; oracle 0.25 against 0.83 ± 0.11: does not
        assertThat(table).containsPattern("Tf/maxLikelihood/0a1b2c3d +ood\\.R1 +0\\.4500 ± 0\\.0707 +0\\.4600 ± 0\\.0800 +yes");
        assertThat(table).containsPattern("Tf/oracle/0a1b2c3d +ood\\.R1 +0\\.2500 ± 0\\.0707 +0\\.8300 ± 0\\.1100 +no");
        assertThat(table).containsPattern("Tf/adversarial/0a1b2c3d +ood\\.R1 +0\\.0000 ± 0\\.0000 +0\\.0000 +yes");
        assertThat(table).containsPattern("Tf/oracle/0a1b2c3d +testLoss +0\\.0261 ± 0\\.0001 +0\\.0199 ± 0\\.0004 +no");
        assertThat(Files.readString(files.resolve("report-reference.csv")))
                .startsWith("study,group,measuredGroup,metric,mean,std,n,referenceMean")
                .contains("CaseStudy1,Tf/oracle,Tf/oracle/0a1b2c3d,ood.R1,0.25,");
        assertThat(Files.readString(csv)).doesNotContain("referenceMean");
        assertThat(Files.readString(html)).contains("<h2>Published numbers side by side</h2>").endsWith("</body></html>\n");
        out.getBuffer().setLength(0);

        assertThat(run("report", store.toString(), "--reference", reference, "--json")).isEqualTo(0);
        String json = out.toString().strip();
        assertThat(json).startsWith("{").endsWith("]}").contains(",\"reference\":[")
                .contains("\"group\":\"Tf/oracle\",\"measuredGroup\":\"Tf/oracle/0a1b2c3d\",\"metric\":\"ood.R1\"");
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json); // one valid JSON object
    }

    @Test
    void aMissingOrMalformedReferenceIsOneLine() throws Exception {
        write("oracle", 1, 0.0260, 0.20);
        assertThat(run("report", store.toString(), "--reference", files.resolve("none.csv").toString())).isNotEqualTo(0);
        assertThat(err.toString()).contains("no reference file").doesNotContain("Exception");
        err.getBuffer().setLength(0);
        Path bad = files.resolve("bad.csv");
        Files.writeString(bad, "study,group,metric,mean,std,n,source\nCaseStudy1,Tf/oracle,ood.R1,x,,,paper\n");
        assertThat(run("report", store.toString(), "--reference", bad.toString())).isNotEqualTo(0);
        assertThat(err.toString()).contains("reference line 2: mean 'x' is not a number").doesNotContain("Exception");
    }
}
