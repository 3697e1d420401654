package org.saturn.core.report;

import static org.saturn.core.report.ReportFixtures.record;
import static org.saturn.core.report.ReportFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.results.RunRecord;

/** {@code saturn report --json}: the layout (one group per line) and numbers it had before Jackson wrote it. */
class ReportFormatsJsonTest {

    private static RunRecord run(String group, String regime, long seed, double testLoss, double oodR1AtBest, double oodR1Max) {
        RunRecord record = record("r" + seed + regime, group, regime, seed);
        record.setModel("Tf \"q\"");
        record.setStep(100 * seed);
        record.getSummaries().add(summary("test.loss", testLoss, testLoss));
        record.getSummaries().add(summary("ood.R1", oodR1AtBest, oodR1Max));
        record.getSummaries().add(summary("ood.R2 completion", oodR1AtBest / 3, oodR1Max));
        return record;
    }

    @Test
    void oneCompactGroupPerLineWithNullForMissingSpreads() {
        List<GroupRow> rows = StudyReport.of(List.of(
                run("Tf/oracle/1", "oracle", 1, 0.102, 0.8, 0.9),
                run("Tf/adversarial/1", "adversarial", 1, 0.104, 0.0, 0.1),
                run("Tf/oracle/1", "oracle", 2, 0.106, 0.6, 1.0)));

        assertThat(ReportFormats.json(rows)).isEqualTo("{\"groups\":[\n"
                + "  {\"study\":\"CS1\",\"group\":\"Tf/adversarial/1\",\"model\":\"Tf \\\"q\\\"\",\"regime\":\"adversarial\",\"n\":1,\"testLoss\":{\"mean\":0.104,\"std\":null,\"stderr\":null,\"n\":1},\"optimalLoss\":0.1,\"gapPercent\":3.9999999999999893,\"oodR1\":{\"mean\":0.0,\"std\":null,\"stderr\":null,\"n\":1,\"max\":{\"mean\":0.1,\"std\":null}},\"oodR2Completion\":{\"mean\":0.0,\"std\":null,\"stderr\":null,\"n\":1,\"max\":{\"mean\":0.1,\"std\":null}},\"runs\":[{\"id\":\"r1adversarial\",\"seed\":1,\"status\":\"PLANNED\",\"step\":100}]},\n"
                + "  {\"study\":\"CS1\",\"group\":\"Tf/oracle/1\",\"model\":\"Tf \\\"q\\\"\",\"regime\":\"oracle\",\"n\":2,\"testLoss\":{\"mean\":0.104,\"std\":0.0028284271247461927,\"stderr\":0.0020000000000000018,\"n\":2},\"optimalLoss\":0.1,\"gapPercent\":3.99999999999999,\"oodR1\":{\"mean\":0.7,\"std\":0.14142135623730953,\"stderr\":0.1,\"n\":2,\"max\":{\"mean\":0.95,\"std\":0.07071067811865474}},\"oodR2Completion\":{\"mean\":0.23333333333333334,\"std\":0.047140452079103175,\"stderr\":0.03333333333333333,\"n\":2,\"max\":{\"mean\":0.95,\"std\":0.07071067811865474}},\"runs\":[{\"id\":\"r1oracle\",\"seed\":1,\"status\":\"PLANNED\",\"step\":100},{\"id\":\"r2oracle\",\"seed\":2,\"status\":\"PLANNED\",\"step\":200}]}\n"
                + "]}\n");
    }

    @Test
    void inContextAccuracyPerNumberOfExamples() throws Exception {
        List<RunRecord> runs = new java.util.ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            RunRecord record = record("r" + seed, "Tf/oracle/1", "oracle", seed);
            record.getSummaries().add(summary("test.loss", 0.1, 0.1));
            for (int k = 0; k <= 2; k++) {
                record.getSummaries().add(summary("icl.k" + k + ".task", 0.2 * k + 0.1 * seed, 1.0));
                record.getSummaries().add(summary("icl.k" + k + ".anyTask", 1.0, 1.0));
                record.getSummaries().add(summary("icl.k" + k + ".chance", 1.0 / 3, 1.0 / 3));
            }
            runs.add(record);
        }
        com.fasterxml.jackson.databind.JsonNode group = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ReportFormats.json(StudyReport.of(runs))).get("groups").get(0);

        assertThat(group.get("regime").asText()).isEqualTo("oracle");
        assertThat(group.has("gapPercent")).isTrue();
        com.fasterxml.jackson.databind.JsonNode icl = group.get("iclAccuracy");
        assertThat(icl.size()).isEqualTo(3);
        assertThat(icl.get("2").get("mean").asDouble()).isCloseTo(0.55, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(icl.get("2").get("std").asDouble()).isCloseTo(Math.sqrt(0.005),
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(icl.get("0").get("anyTask").asDouble()).isEqualTo(1.0);
        assertThat(icl.get("0").get("chance").asDouble()).isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void noGroups() {
        assertThat(ReportFormats.json(List.of())).isEqualTo("{\"groups\":[\n]}\n");
    }
}
