package org.saturn.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.saturn.core.report.ReportFixtures.record;
import static org.saturn.core.report.ReportFixtures.summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.results.RunRecord;

/** Reference numbers beside measured ones: matching by MODEL/REGIME, the one-std rule, the four formats. */
class ReferenceComparisonTest {

    private static RunRecord run(String group, String regime, long seed, double testLoss, double oodR1AtBest,
            double oodR1Max) {
        RunRecord record = record("r" + group + seed, group, regime, seed);
        record.getSummaries().add(summary("test.loss", testLoss, testLoss));
        record.getSummaries().add(summary("ood.R1", oodR1AtBest, oodR1Max));
        return record;
    }

    /** Oracle: ood.R1 at best 0.875 and 0.625 (mean 0.75, std 0.1768), max 0.9 and 1.0; adversarial: 0 and 0. */
    private static List<GroupRow> groups() {
        return StudyReport.of(List.of(
                run("Tf/oracle/1a2b", "oracle", 1, 0.102, 0.875, 0.9),
                run("Tf/oracle/1a2b", "oracle", 2, 0.106, 0.625, 1.0),
                run("Tf/adversarial/3c4d", "adversarial", 1, 0.104, 0.0, 0.1),
                run("Tf/adversarial/3c4d", "adversarial", 2, 0.100, 0.0, 0.0)));
    }

    private static final String CSV = ReferenceComparison.HEADER + "\n"
            + "# comment lines are skipped\n"
            + "CS1,Tf/oracle,ood.R1,0.83,0.11,5,paper A\n"      // |0.75 - 0.83| = 0.08 <= sqrt(0.1768² + 0.11²) = 0.208
            + "CS1,Tf/oracle,ood.R1,0.95,0.01,5,paper B\n"      // 0.2 > sqrt(0.03125 + 0.0001) = 0.177
            + "CS1,Tf/adversarial,ood.R1,0.00,,,paper C\n"      // measured std 0, reference std unknown: 0 <= 0
            + "CS1,Tf/oracle,testLoss,0.104,,,paper D\n"
            + "CS1,Lstm/oracle,ood.R1,0.5,0.1,,paper E\n";      // no such group

    @Test
    void agreementIsWithinTheCombinedStd() {
        List<ReferenceComparison.Row> rows = ReferenceComparison.compare(groups(), ReferenceComparison.parse(CSV),
                ReportConventions.SATURN);

        assertThat(rows).hasSize(5);
        ReferenceComparison.Row a = rows.get(0);
        assertThat(a.measuredGroup()).isEqualTo("Tf/oracle/1a2b");
        assertThat(a.measured().mean()).isCloseTo(0.75, within(1e-12));
        assertThat(a.tolerance()).isCloseTo(Math.sqrt(0.03125 + 0.0121), within(1e-9));
        assertThat(a.agrees()).isTrue();
        assertThat(rows.get(1).agrees()).isFalse();
        assertThat(rows.get(2).agrees()).isTrue();
        assertThat(rows.get(3).measured().mean()).isCloseTo(0.104, within(1e-12));
        assertThat(rows.get(3).agrees()).isTrue();
        assertThat(rows.get(4).measuredGroup()).isNull();
        assertThat(rows.get(4).agrees()).isNull();
    }

    @Test
    void theReportsSummaryConventionChoosesTheMeasuredValue() {
        ReportConventions max = ReportConventions.parse("undefined", List.of("max"));
        List<ReferenceComparison.Row> rows = ReferenceComparison.compare(groups(), ReferenceComparison.parse(CSV), max);
        // max over evaluations: 0.9 and 1.0, mean 0.95: now paper B agrees
        assertThat(rows.get(1).measured().mean()).isCloseTo(0.95, within(1e-12));
        assertThat(rows.get(1).agrees()).isTrue();
    }

    @Test
    void everyFormatShowsBothNumbersAndTheVerdict() {
        List<ReferenceComparison.Row> rows = ReferenceComparison.compare(groups(), ReferenceComparison.parse(CSV),
                ReportConventions.SATURN);
        String table = ReferenceComparison.table(rows);
        assertThat(table).contains("Tf/oracle/1a2b").contains("0.7500 ± 0.1768").contains("0.8300 ± 0.1100")
                .contains("yes").contains("no").contains("Lstm/oracle (none)");
        assertThat(ReferenceComparison.json(rows)).contains("\"measured\":{\"mean\":0.75,")
                .contains("\"reference\":{\"mean\":0.83,\"std\":0.11,\"n\":5}").contains("\"agrees\":true")
                .contains("\"agrees\":false").contains("\"measuredGroup\":null");
        assertThat(ReferenceComparison.csv(rows)).startsWith("study,group,measuredGroup,metric,mean,std,n,")
                .contains("CS1,Tf/oracle,Tf/oracle/1a2b,ood.R1,0.75,").contains(",0.83,0.11,5,")
                .contains("CS1,Lstm/oracle,,ood.R1,,,0,0.5,0.1,,,,paper E");
        assertThat(ReferenceComparison.htmlSection(rows)).startsWith("<h2>Published numbers side by side</h2>")
                .contains("<td>0.7500 ± 0.1768</td><td>0.8300 ± 0.1100</td><td>yes</td>");
    }

    @Test
    void aMalformedFileIsOneMessageNamingTheLine() {
        assertThatThrownBy(() -> ReferenceComparison.parse("study,group\n"))
                .hasMessage("a reference file starts with the header '" + ReferenceComparison.HEADER + "'");
        assertThatThrownBy(() -> ReferenceComparison.parse(ReferenceComparison.HEADER + "\nCS1,Tf/oracle,ood.R1,high,,,x\n"))
                .hasMessage("reference line 2: mean 'high' is not a number");
        assertThatThrownBy(() -> ReferenceComparison.parse(ReferenceComparison.HEADER + "\nCS1,Tf/oracle,ood.R1,0.5\n"))
                .hasMessageContaining("reference line 2 has 4 cells, not 7");
        assertThatThrownBy(() -> ReferenceComparison.parse(ReferenceComparison.HEADER + "\nCS1,Tf/oracle,ood.R1,0.5,-1,,x\n"))
                .hasMessage("reference line 2: std must not be negative");
    }

    @Test
    void theShippedIcmlReferenceParsesAndNamesTheCaseStudysGroups() throws IOException {
        Path file = Path.of("../../examples/reference/icml-case-study-1.csv");
        List<ReferenceComparison.Reference> references = ReferenceComparison.parse(Files.readString(file));
        assertThat(references).hasSize(6);
        assertThat(references).extracting(ReferenceComparison.Reference::study).containsOnly("CaseStudy1");
        assertThat(references).extracting(ReferenceComparison.Reference::group)
                .containsOnly("Tf/maxLikelihood", "Tf/adversarial", "Tf/oracle");
        assertThat(references.get(0).mean()).isEqualTo(0.0214);
        assertThat(references.get(4).std()).isNaN();
        String spec = Files.readString(Path.of("../../examples/case-study-1.saturn"));
        assertThat(spec).contains("study CaseStudy1 ").contains("model Tf ")
                .contains("regimes maxLikelihood adversarial oracle");
    }
}
