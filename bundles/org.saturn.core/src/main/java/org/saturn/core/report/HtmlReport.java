package org.saturn.core.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.StoreWarnings;

/**
 * {@code saturn report --html}: one self-contained page (inline SVG and CSS, no scripts, nothing
 * fetched) a researcher can paste into a paper draft: the tables with every varied parameter and
 * declared metric, and per study the loss and gap curves against steps with the exact optimum and
 * seed bands (mean ± std over seeds, as the workbench's Saturation view), the rule accuracies
 * against steps with their chance levels, the final test loss per group with error bars, and the
 * non-identifiability scatter. A group has one colour in every figure; hovering a mark shows its
 * numbers and n.
 */
final class HtmlReport {

    /** At most this many groups per study get curves: more make unreadable figures and repeat colours. */
    static final int MAX_CURVE_GROUPS = SvgFigure.PALETTE.length;

    /** The curves of the rule accuracies, in this order, where the runs log them. */
    static final List<String> ACCURACIES = ReportFormats.COLUMNS;

    private final List<GroupRow> rows;
    private final ReportConventions conventions;
    private final Map<String, StudyColumns> columns;
    private final Function<RunDirectory, Map<String, Estimate>> chanceLevels;
    private final SvgCharts.Groups groups;
    private int figures;

    /** @param chanceLevels each accuracy metric's chance level for a run (empty map: none known) */
    HtmlReport(List<GroupRow> rows, ReportConventions conventions, Map<String, StudyColumns> columns,
            Function<RunDirectory, Map<String, Estimate>> chanceLevels) {
        this.rows = rows;
        this.conventions = conventions;
        this.columns = columns;
        this.chanceLevels = chanceLevels;
        this.groups = new SvgCharts.Groups(rows, columns);
    }

    String page() {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Saturn report</title>"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:13px}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#eee}td.l{text-align:left}td{white-space:nowrap}"
                + "figure{margin:1.2em 0}figcaption{font-size:0.9em;color:#333;max-width:900px}"
                + "svg circle.hover:hover,svg circle:hover{stroke:#000;stroke-width:1.5}</style></head><body>"
                + "<h1>Saturn study report</h1><p>Test loss in nats/token against the exact optimal loss; metrics "
                + "mean ± std over n seeds, the other summary (max over evaluations or value at the minimum test loss) "
                + "in brackets. In the figures a group keeps its colour; bands and error bars are ± std over seeds; "
                + "hover a mark for its numbers and n.</p><p>" + ReportFormats.escape(conventions.describe())
                + "</p><table><tr><th>study</th><th>model</th><th>regime</th><th>n</th><th>test loss</th><th>optimal</th>"
                + "<th>gap %</th>");
        ReportFormats.COLUMNS.forEach(c -> html.append("<th>").append(c).append("</th>"));
        html.append("</tr>");
        for (GroupRow row : rows) {
            html.append("<tr><td class=l><span style=\"color:").append(groups.colour(row)).append("\">■</span> ")
                    .append(ReportFormats.escape(row.study())).append("</td><td class=l>")
                    .append(ReportFormats.escape(row.model())).append("</td><td class=l>")
                    .append(ReportFormats.escape(row.regime())).append("</td><td>").append(row.n()).append("</td><td>")
                    .append(ReportFormats.pm(row.testLoss(), "%.5f")).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.5f", row.optimalLoss())).append("</td><td>")
                    .append(gap(row)).append("</td>");
            for (String column : ReportFormats.COLUMNS) {
                boolean max = conventions.summaryOf(column) == ReportConventions.Summary.MAX;
                double other = (max ? row.atBest(column) : row.max(column)).mean();
                html.append("<td>").append(ReportFormats.pm(ReportFormats.chosen(row, column, conventions), "%.2f"))
                        .append(Double.isNaN(other) ? "" : String.format(Locale.ROOT, " [%.2f]", other)).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");
        for (StudyColumns study : columns.values()) {
            if (!study.isEmpty()) {
                appendStudyTable(html, study);
            }
        }
        for (Map.Entry<String, List<GroupRow>> study : byStudy().entrySet()) {
            appendCurves(html, study.getKey(), study.getValue());
        }
        figure(html, "Test loss against the optimal loss",
                SvgCharts.lossAgainstOptimal(nextId(), rows, groups),
                "Per group the best test loss of each seed (dots), their mean (diamond) ± std (error bar) and "
                        + "the exact optimal loss (dashed); the axis spans the losses, it does not start at 0.");
        figure(html, "Same loss, different behaviour: OOD R1 against the test-loss gap",
                SvgCharts.nonIdentifiability(nextId(), rows, RunRow.OOD_R1, groups),
                "One point per run at its best test loss; diamonds: each group's mean ± std over seeds in both directions.");
        return html.append("</body></html>\n").toString();
    }

    /** {@code +20.00 ± 14.14}: the sign on the mean only. */
    private static String gap(GroupRow row) {
        org.saturn.core.metrics.GroupSummary gap = row.gapPercent();
        if (gap.n() == 0 || Double.isNaN(gap.mean())) {
            return "–";
        }
        return String.format(Locale.ROOT, "%+.2f", gap.mean())
                + (Double.isNaN(gap.std()) ? "" : String.format(Locale.ROOT, " ± %.2f", gap.std()));
    }

    private void appendStudyTable(StringBuilder html, StudyColumns study) {
        html.append("<h2>").append(ReportFormats.escape(study.study())).append(": varied parameters and declared metrics</h2>"
                + "<p>mean ± std over seeds under each metric's declared summary; [± the estimator's standard "
                + "error, mean over seeds]</p><table><tr><th>model</th><th>regime</th><th>n</th>");
        study.varied().forEach(key -> html.append("<th>").append(ReportFormats.escape(key)).append("</th>"));
        study.declared().forEach(metric -> html.append("<th>").append(ReportFormats.escape(metric.title())).append("</th>"));
        html.append("</tr>");
        List<GroupRow> studyRows = rows.stream().filter(r -> r.study().equals(study.study())).toList();
        for (GroupRow row : studyRows) {
            html.append("<tr><td class=l><span style=\"color:").append(groups.colour(row)).append("\">■</span> ")
                    .append(ReportFormats.escape(row.model())).append("</td><td class=l>")
                    .append(ReportFormats.escape(row.regime())).append("</td><td>").append(row.n()).append("</td>");
            study.varied().forEach(key -> html.append("<td>")
                    .append(ReportFormats.escape(StudyColumns.parameter(row, key))).append("</td>"));
            study.declared().forEach(metric -> html.append("<td>")
                    .append(ReportFormats.escape(ReportFormats.declaredText(row, metric, conventions))).append("</td>"));
            html.append("</tr>");
        }
        html.append("</table>");
        appendFlatnessCharts(html, study, studyRows);
    }

    /**
     * Same loss, different parameters, different fine-tuning: per flatness measure the study declares
     * ({@code hessian.*}), a scatter of it against the first fine-tuning measure it declares
     * ({@code finetune.*}), one point per run.
     */
    private void appendFlatnessCharts(StringBuilder html, StudyColumns study, List<GroupRow> studyRows) {
        DeclaredMetric outcome = study.declared().stream()
                .filter(m -> m.key().startsWith(org.saturn.core.metrics.MetricKeys.FINE_TUNING)).findFirst().orElse(null);
        if (outcome == null) {
            return;
        }
        for (DeclaredMetric flatness : study.declared()) {
            if (flatness.key().startsWith(org.saturn.core.metrics.MetricKeys.HESSIAN)) {
                figure(html, study.study() + ": " + flatness.name() + " against " + outcome.name() + ", per run",
                        SvgCharts.scatter(nextId(), studyRows, groups, flatness, outcome, conventions),
                        "One point per run under each measure's declared summary; diamonds: each group's mean ± std.");
            }
        }
    }

    /** The study's curves against steps, from its runs' metrics.csv (nothing when no run folder is readable). */
    private void appendCurves(StringBuilder html, String study, List<GroupRow> allRows) {
        List<GroupRow> studyRows = allRows.subList(0, Math.min(allRows.size(), MAX_CURVE_GROUPS));
        Map<GroupRow, SaturationCurves> curves = new LinkedHashMap<>();
        for (GroupRow row : studyRows) {
            try {
                List<SaturationCurves> loaded = SaturationProvider.load(List.of(row), () -> false);
                if (!loaded.isEmpty() && !loaded.get(0).members().isEmpty()) {
                    curves.put(row, loaded.get(0));
                }
            } catch (RuntimeException unreadable) {
                StoreWarnings.skipped(java.nio.file.Path.of(row.study(), row.group()),
                        "its curves are left out of the HTML report: " + unreadable.getMessage());
            }
        }
        if (curves.isEmpty()) {
            return;
        }
        html.append("<h2>").append(ReportFormats.escape(study)).append(": training curves</h2>");
        if (allRows.size() > studyRows.size()) {
            html.append("<p>The first ").append(studyRows.size()).append(" of ").append(allRows.size())
                    .append(" groups; <code>saturn report --filter</code> selects others.</p>");
        }
        figure(html, "h3", study + ": test loss against steps",
                SvgCharts.curves(nextId(), studyRows, curves, groups, SaturationProvider.TEST_LOSS,
                        "test loss (nats/token)", true, null),
                "Mean over seeds (line) ± std (band) at each evaluation; dashed: the exact optimal loss.");
        figure(html, "h3", study + ": gap to the optimum against steps",
                SvgCharts.curves(nextId(), studyRows, curves, groups, SaturationProvider.GAP_PERCENT,
                        "gap to the optimum (% of optimal loss)", false, null),
                "100 · (test loss − optimal) / optimal, mean over seeds ± std.");
        Map<String, Estimate> chance = chanceOf(curves);
        for (String key : ACCURACIES) {
            boolean logged = curves.values().stream().anyMatch(c -> c.band(key) != null && c.band(key).size() > 0);
            if (logged) {
                Estimate level = chance.get(key);
                figure(html, "h3", study + ": " + key + " against steps",
                        SvgCharts.curves(nextId(), studyRows, curves, groups, key, key + " (accuracy)", false, level),
                        "Mean over seeds ± std; grey: " + (level == null ? "no chance level known for this metric"
                                : SvgCharts.chanceText(level) + " under the null model (" + chanceModel() + ")")
                                + ".");
            }
        }
    }

    /** The chance levels of the study's first readable run (a study's runs share language and prompts). */
    private Map<String, Estimate> chanceOf(Map<GroupRow, SaturationCurves> curves) {
        for (SaturationCurves group : curves.values()) {
            for (RunCurves member : group.members()) {
                try {
                    Map<String, Estimate> levels = chanceLevels.apply(member.run());
                    if (!levels.isEmpty()) {
                        return levels;
                    }
                } catch (RuntimeException unknown) {
                    return Map.of(); // no band rather than no report
                }
            }
        }
        return Map.of();
    }

    private static String chanceModel() {
        return org.saturn.core.metrics.ChanceLevels.NULL_MODEL;
    }

    private Map<String, List<GroupRow>> byStudy() {
        Map<String, List<GroupRow>> studies = new LinkedHashMap<>();
        rows.forEach(row -> studies.computeIfAbsent(row.study(), s -> new ArrayList<>()).add(row));
        return studies;
    }

    private String nextId() {
        return "fig" + ++figures;
    }

    private static void figure(StringBuilder html, String title, String svg, String caption) {
        figure(html, "h2", title, svg, caption);
    }

    private static void figure(StringBuilder html, String heading, String title, String svg, String caption) {
        if (svg.isEmpty()) {
            return;
        }
        html.append('<').append(heading).append('>').append(ReportFormats.escape(title)).append("</").append(heading).append("><figure>").append(svg)
                .append("<figcaption>").append(ReportFormats.escape(caption)).append("</figcaption></figure>");
    }
}
