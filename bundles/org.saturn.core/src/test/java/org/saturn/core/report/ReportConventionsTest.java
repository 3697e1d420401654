package org.saturn.core.report;

import static org.saturn.core.report.ReportFixtures.record;
import static org.saturn.core.report.ReportFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.results.RunRecord;

/** {@code saturn report --unfinished zero|undefined --summary max|atBest}: each option changes the printed numbers. */
class ReportConventionsTest {

    /** Seed 1 finished nothing at its best evaluation (ood.R1 undefined there) but reached 0.6 at another. */
    private static final List<RunRecord> RUNS = List.of(
            run(1, Double.NaN, 0.6, 0.0, 0.5),
            run(2, 0.8, 0.9, 0.7, 0.9));

    private static RunRecord run(long seed, double oodR1AtBest, double oodR1Max, double finishedAtBest,
            double finishedMax) {
        RunRecord record = record("r" + seed, "Tf/adversarial/1", "adversarial", seed);
        record.getSummaries().add(summary("test.loss", 0.1 + seed / 1000.0, 0.2));
        record.getSummaries().add(summary("ood.R1", oodR1AtBest, oodR1Max));
        record.getSummaries().add(summary("ood.finished", finishedAtBest, finishedMax));
        return record;
    }

    private static ReportConventions conventions(String unfinished, String... summaries) {
        return ReportConventions.parse(unfinished, List.of(summaries));
    }

    @Test
    void unfinishedZeroCountsAnUndefinedAccuracyAsZero() {
        GroupRow undefined = StudyReport.of(RUNS, conventions("undefined")).get(0);
        GroupRow zero = StudyReport.of(RUNS, conventions("zero")).get(0);

        assertThat(undefined.atBest("ood.R1").mean()).isCloseTo(0.8, within(1e-12));
        assertThat(undefined.atBest("ood.R1").n()).isEqualTo(1);
        assertThat(zero.atBest("ood.R1").mean()).isCloseTo(0.4, within(1e-12));
        assertThat(zero.atBest("ood.R1").n()).isEqualTo(2);
        // the finished fraction and the test loss are never undefined: unchanged
        assertThat(zero.atBest("ood.finished").mean()).isEqualTo(undefined.atBest("ood.finished").mean());
        assertThat(zero.testLoss().mean()).isEqualTo(undefined.testLoss().mean());

        String undefinedTable = ReportFormats.table(List.of(undefined), conventions("undefined"));
        String zeroTable = ReportFormats.table(List.of(zero), conventions("zero"));
        assertThat(undefinedTable).startsWith("conventions: metrics atBest").contains("unfinished undefined")
                .contains("0.80");
        assertThat(zeroTable).contains("unfinished zero").contains("0.40 ± 0.57").doesNotContain("0.80");
    }

    @Test
    void summaryMaxPrintsEachRunsMaximumAndSaysSo() {
        ReportConventions max = conventions("undefined", "max");
        List<GroupRow> rows = StudyReport.of(RUNS, max);

        String table = ReportFormats.table(rows, max);
        assertThat(table).startsWith("conventions: metrics max (each run's maximum over evaluations)")
                .contains("0.75 ± 0.21") // ood.R1 max: 0.6, 0.9
                .contains("0.70 ± 0.28") // ood.finished max: 0.5, 0.9
                .contains("metrics: each run's maximum over evaluations");
        assertThat(ReportFormats.table(rows, ReportConventions.SATURN)).contains("0.80").doesNotContain("0.75 ± 0.21");

        String json = ReportFormats.json(rows, max);
        assertThat(json).startsWith("{\"conventions\":{\"unfinished\":\"undefined\",\"summary\":\"max\",\"perMetric\":{},"
                + "\"testLoss\":\"atBest\"},\"groups\":[")
                .contains("\"oodR1\":{\"mean\":0.75,").contains("\"atBest\":{\"mean\":0.8,");
        // the test loss stays at its minimum whatever the summary
        assertThat(rows.get(0).testLoss().mean()).isCloseTo(0.1015, within(1e-12));
    }

    @Test
    void aMetricCanHaveItsOwnSummary() {
        ReportConventions mixed = conventions("zero", "max", "ood.finished=atBest");
        String table = ReportFormats.table(StudyReport.of(RUNS, mixed), mixed);

        assertThat(table).contains("ood.finished atBest").contains("0.75 ± 0.21").contains("0.35 ± 0.49");
        assertThat(mixed.summaryOf("ood.R1")).isEqualTo(ReportConventions.Summary.MAX);
        assertThat(mixed.summaryOf("ood.finished")).isEqualTo(ReportConventions.Summary.AT_BEST);
    }

    @Test
    void wrongValuesAreNamed() {
        assertThatThrownBy(() -> conventions("never")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unfinished must be zero or undefined, not 'never'");
        assertThatThrownBy(() -> conventions("zero", "mean")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("summary must be max or atBest, not 'mean'");
        assertThatThrownBy(() -> conventions("zero", "=max")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no metric");
    }

    @Test
    void onlyRuleAccuraciesOverFinishedCompletionsCountAsZero() {
        assertThat(ReportConventions.overFinishedCompletions("ood.R1")).isTrue();
        assertThat(ReportConventions.overFinishedCompletions("id.grammatical")).isTrue();
        assertThat(ReportConventions.overFinishedCompletions("finetune.ood.R2 completion")).isTrue();
        assertThat(ReportConventions.overFinishedCompletions("ood.finished")).isFalse();
        assertThat(ReportConventions.overFinishedCompletions("test.loss")).isFalse();
        assertThat(ReportConventions.overFinishedCompletions("hessian.trace")).isFalse();
    }
}
