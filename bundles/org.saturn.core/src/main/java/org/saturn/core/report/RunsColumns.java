package org.saturn.core.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.store.RunDirectory;

/**
 * The columns of the Runs tree and the text of every cell, for studies, groups (mean ± std over
 * the seeds, n) and runs. Metrics are taken at each run's minimum test loss, as in the report.
 */
public enum RunsColumns {
    NAME("Run", 270), STATUS("Status", 170), STEP("Step", 85), TEST_LOSS("Test loss", 135),
    OPTIMAL_LOSS("Optimal", 75), GAP("Gap %", 100), ID_R1("ID R1", 80), OOD_R1("OOD R1", 80),
    VARIED("Varied", 200), DECLARED("Declared metrics", 380), FINISHED("Finished (UTC)", 135);

    private final String title;
    private final int width;

    RunsColumns(String title, int width) {
        this.title = title;
        this.width = width;
    }

    public String title() {
        return title;
    }

    /** A good initial width in pixels. */
    public int width() {
        return width;
    }

    /** The cell text of a tree element (a {@link RunsTree.Study}, {@link GroupRow} or {@link RunDirectory}). */
    public String text(RunsTree tree, Object element) {
        if (element instanceof RunDirectory run) {
            RunRow row = tree.row(run);
            if (row != null && (this == VARIED || this == DECLARED)) {
                GroupRow group = tree.groupOf(run);
                RunsTree.Study study = group == null ? null : tree.studyOf(group);
                return study == null ? "" : studyText(tree.columns(study), row);
            }
            return row == null ? (this == NAME ? run.runId() : "") : text(row);
        }
        if (element instanceof GroupRow group) {
            GroupRow current = tree.current(group);
            GroupRow shown = current != null ? current : group;
            if (this == VARIED || this == DECLARED) {
                RunsTree.Study study = tree.studyOf(shown);
                return study == null ? "" : studyText(tree.columns(study), shown);
            }
            return text(tree, shown);
        }
        if (element instanceof RunsTree.Study study) {
            return switch (this) {
                case NAME -> study.label();
                case STATUS -> tree.studyStatus(study);
                default -> "";
            };
        }
        return "";
    }

    public String text(RunRow row) {
        return switch (this) {
            case NAME -> "seed " + row.seed() + "  " + row.run().runId();
            case STATUS -> row.queued() ? "queued (" + row.message().substring(RunRow.QUEUED_PREFIX.length()).strip() + ")"
                    : row.statusText();
            case STEP -> row.totalSteps() > 0 ? row.step() + " / " + row.totalSteps() : Long.toString(row.step());
            case TEST_LOSS -> number(row.testLoss(), "%.5f");
            case OPTIMAL_LOSS -> row.optimalLoss() > 0 ? number(row.optimalLoss(), "%.5f") : "–";
            case GAP -> number(row.gapPercent(), "%+.2f");
            case ID_R1 -> number(row.metric(RunRow.ID_R1), "%.2f");
            case OOD_R1 -> number(row.metric(RunRow.OOD_R1), "%.2f");
            case FINISHED -> time(row.finishedAt());
            case VARIED, DECLARED -> ""; // per study: see text(RunsTree, Object)
        };
    }

    /** A run's varied parameters ({@code reparametrizeScale=2.0}) or declared metrics ({@code finetuneLoss 0.32}). */
    String studyText(StudyColumns columns, RunRow row) {
        StringBuilder text = new StringBuilder();
        if (this == VARIED) {
            columns.varied().forEach(key -> join(text, shortParameter(key) + "=" + row.parameter(key)));
        } else {
            columns.declared().forEach(metric -> join(text, metric.name() + " " + number(
                    StudyColumns.value(row.record(), metric, ReportConventions.SATURN), "%.4g")));
        }
        return text.toString();
    }

    /** A group's varied parameters, or its declared metrics: mean ± std under the declared summary. */
    String studyText(StudyColumns columns, GroupRow group) {
        StringBuilder text = new StringBuilder();
        if (this == VARIED) {
            columns.varied().forEach(key -> join(text, shortParameter(key) + "=" + StudyColumns.parameter(group, key)));
        } else {
            columns.declared().forEach(metric -> join(text, metric.name() + " "
                    + ReportFormats.declaredText(group, metric, ReportConventions.SATURN)));
        }
        return text.toString();
    }

    private static void join(StringBuilder text, String part) {
        text.append(text.length() == 0 ? "" : " · ").append(part);
    }

    /** {@code finetuning.reparametrizeScale} → {@code reparametrizeScale}: the full key is in the report. */
    private static String shortParameter(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private String text(RunsTree tree, GroupRow group) {
        List<RunRow> runs = tree.runs(group).stream().map(tree::row).toList();
        return switch (this) {
            case NAME -> group.model() + " · " + group.regime() + " · " + shortKey(group.group()) + " (n=" + group.n() + ")";
            case STATUS -> statusCounts(runs.stream().map(RunRow::statusText).toList());
            case STEP -> steps(runs);
            case TEST_LOSS -> pm(group.testLoss(), "%.5f");
            case OPTIMAL_LOSS -> group.optimalLoss() > 0 ? number(group.optimalLoss(), "%.5f") : "–";
            case GAP -> pm(group.gapPercent(), "%+.2f");
            case ID_R1 -> pm(group.atBest(RunRow.ID_R1), "%.2f");
            case OOD_R1 -> pm(group.atBest(RunRow.OOD_R1), "%.2f");
            case VARIED, DECLARED -> ""; // per study: see text(RunsTree, Object)
            case FINISHED -> runs.stream().allMatch(RunRow::ended)
                    ? time(runs.stream().map(RunRow::finishedAt).filter(t -> t != null).max(String::compareTo).orElse(null))
                    : "";
        };
    }

    /** {@code 2 finished · 1 running}, most frequent first. */
    static String statusCounts(List<String> statuses) {
        Map<String, Integer> counts = new TreeMap<>();
        statuses.forEach(s -> counts.merge(s, 1, Integer::sum));
        if (counts.size() == 1) {
            Map.Entry<String, Integer> only = counts.entrySet().iterator().next();
            return only.getValue() == 1 ? only.getKey() : "all " + only.getValue() + " " + only.getKey();
        }
        StringBuilder text = new StringBuilder();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> text.append(text.length() == 0 ? "" : " · ").append(e.getValue()).append(' ').append(e.getKey()));
        return text.toString();
    }

    private static String steps(List<RunRow> runs) {
        long min = runs.stream().mapToLong(RunRow::step).min().orElse(0);
        long max = runs.stream().mapToLong(RunRow::step).max().orElse(0);
        return min == max ? Long.toString(min) : min + "–" + max;
    }

    /** The group key's readable part without the hash: {@code Tf/oracle/1a2b3c4d} → {@code 1a2b3c4d}. */
    private static String shortKey(String group) {
        int slash = group == null ? -1 : group.lastIndexOf('/');
        return slash < 0 ? String.valueOf(group) : group.substring(slash + 1);
    }

    static String pm(GroupSummary s, String format) {
        String mean = number(s.n() == 0 ? Double.NaN : s.mean(), format);
        return Double.isNaN(s.std()) || s.n() == 0 ? mean : mean + " ± " + number(s.std(), format.replace("+", ""));
    }

    static String number(double value, String format) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
    }

    /** {@code 2026-11-28T05:00:01.123Z} → {@code 2026-11-28 05:00:01}. */
    static String time(String instant) {
        if (instant == null || instant.length() < 19) {
            return instant == null ? "" : instant;
        }
        return instant.substring(0, 10) + " " + instant.substring(11, 19);
    }
}
