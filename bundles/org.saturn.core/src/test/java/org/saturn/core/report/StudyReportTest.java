package org.saturn.core.report;

import static org.saturn.core.report.ReportFixtures.record;
import static org.saturn.core.report.ReportFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.results.RunRecord;

class StudyReportTest {

    private static RunRecord run(String group, String regime, long seed, double testLoss, double oodR1AtBest, double oodR1Max) {
        RunRecord record = record(null, group, regime, seed);
        record.getSummaries().add(summary("test.loss", testLoss, testLoss));
        record.getSummaries().add(summary("ood.R1", oodR1AtBest, oodR1Max));
        return record;
    }

    @Test
    void groupsBySeedlessConfigurationAndAggregatesBothWays() {
        List<GroupRow> rows = StudyReport.of(List.of(
                run("Tf/oracle/1", "oracle", 1, 0.102, 0.8, 0.9),
                run("Tf/adversarial/1", "adversarial", 1, 0.104, 0.0, 0.1),
                run("Tf/oracle/1", "oracle", 2, 0.106, 0.6, 1.0),
                run("Tf/adversarial/1", "adversarial", 2, 0.100, 0.0, 0.0)));

        assertThat(rows).extracting(GroupRow::regime).containsExactly("adversarial", "oracle");
        GroupRow oracle = rows.get(1);
        assertThat(oracle.n()).isEqualTo(2);
        assertThat(oracle.testLoss().mean()).isCloseTo(0.104, within(1e-12));
        assertThat(oracle.testLoss().std()).isCloseTo(Math.sqrt(2 * 0.002 * 0.002), within(1e-12));
        assertThat(oracle.gapPercent().mean()).isCloseTo(4.0, within(1e-9));
        assertThat(oracle.atBest("ood.R1").mean()).isCloseTo(0.7, within(1e-12));
        assertThat(oracle.max("ood.R1").mean()).isCloseTo(0.95, within(1e-12));
        assertThat(rows.get(0).max("ood.R1").mean()).isCloseTo(0.05, within(1e-12));
        assertThat(oracle.atBest("missing").n()).isZero();
    }
}
