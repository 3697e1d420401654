package org.saturn.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.saturn.core.metrics.GroupSummary;

/**
 * Published (reference) numbers next to the measured ones: {@code saturn report --reference FILE.csv}.
 * <p>
 * The file has the header {@code study,group,metric,mean,std,n,source}; {@code group} is
 * {@code MODEL/REGIME} (a report group's key without its configuration hash, e.g.
 * {@code Tf/adversarial}) and matches every group of that study, model and regime; {@code metric} is
 * {@code testLoss} or a report metric key ({@code ood.R1}, ...), measured with the report's
 * conventions ({@code --summary}, {@code --unfinished}); {@code std} and {@code n} may be empty
 * (unknown). A measured value agrees with its reference when the means differ by at most the
 * combined standard deviation {@code sqrt(std_measured² + std_reference²)} (an unknown std counts as
 * 0); with neither std known there is no verdict.
 */
public final class ReferenceComparison {

    public static final String HEADER = "study,group,metric,mean,std,n,source";

    /** One published number. {@code std} is NaN and {@code n} 0 where the source does not give them. */
    public record Reference(String study, String group, String metric, double mean, double std, int n, String source) {
    }

    /**
     * A reference with what was measured for it: {@code measured} is empty (n = 0) when no group or
     * no value matches; {@code agrees} is null when there is no verdict.
     */
    public record Row(Reference reference, String measuredGroup, GroupSummary measured, double tolerance,
            Boolean agrees) {
    }

    private ReferenceComparison() {
    }

    /** Reads a reference CSV; a malformed line is one message naming the line. */
    public static List<Reference> parse(String text) {
        String[] lines = text.replace("\r", "").split("\n");
        if (lines.length == 0 || !lines[0].trim().equals(HEADER)) {
            throw new IllegalArgumentException("a reference file starts with the header '" + HEADER + "'");
        }
        List<Reference> references = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 7) {
                throw new IllegalArgumentException("reference line " + (i + 1) + " has " + cells.length
                        + " cells, not 7 (" + HEADER + ")");
            }
            for (int c = 0; c < 3; c++) {
                if (cells[c].isBlank()) {
                    throw new IllegalArgumentException("reference line " + (i + 1) + " has no "
                            + HEADER.split(",")[c]);
                }
            }
            double mean = number(cells[3], "mean", i + 1, false);
            double std = number(cells[4], "std", i + 1, true);
            if (std < 0) {
                throw new IllegalArgumentException("reference line " + (i + 1) + ": std must not be negative");
            }
            double n = number(cells[5], "n", i + 1, true);
            if (!Double.isNaN(n) && (n < 1 || n != Math.rint(n))) {
                throw new IllegalArgumentException("reference line " + (i + 1) + ": n must be a whole number >= 1");
            }
            references.add(new Reference(cells[0].trim(), cells[1].trim(), cells[2].trim(), mean, std,
                    Double.isNaN(n) ? 0 : (int) n, cells[6].trim()));
        }
        return references;
    }

    private static double number(String cell, String what, int line, boolean optional) {
        if (cell.isBlank()) {
            if (optional) {
                return Double.NaN;
            }
            throw new IllegalArgumentException("reference line " + line + " has no " + what);
        }
        try {
            double value = Double.parseDouble(cell.trim());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("reference line " + line + ": " + what + " '" + cell.trim()
                    + "' is not a number");
        }
    }

    /** Every reference against every group it matches (or alone, unmatched), in the file's order. */
    public static List<Row> compare(List<GroupRow> groups, List<Reference> references, ReportConventions conventions) {
        List<Row> rows = new ArrayList<>();
        for (Reference reference : references) {
            boolean matched = false;
            for (GroupRow group : groups) {
                if (group.study().equals(reference.study()) && matches(group.group(), reference.group())) {
                    matched = true;
                    rows.add(row(reference, group.group(), measured(group, reference.metric(), conventions)));
                }
            }
            if (!matched) {
                rows.add(row(reference, null, GroupSummary.of()));
            }
        }
        return rows;
    }

    /** {@code Tf/adversarial} matches the key {@code Tf/adversarial/1a2b3c4d} (and itself). */
    static boolean matches(String groupKey, String referenceGroup) {
        return groupKey.equals(referenceGroup) || groupKey.startsWith(referenceGroup + "/");
    }

    private static GroupSummary measured(GroupRow group, String metric, ReportConventions conventions) {
        if (metric.equals("testLoss")) {
            return group.testLoss();
        }
        return ReportFormats.chosen(group, metric, conventions);
    }

    private static Row row(Reference reference, String group, GroupSummary measured) {
        if (measured.n() == 0 || Double.isNaN(measured.mean())) {
            return new Row(reference, group, measured, Double.NaN, null);
        }
        double measuredStd = Double.isNaN(measured.std()) ? 0 : measured.std();
        double referenceStd = Double.isNaN(reference.std()) ? 0 : reference.std();
        if (Double.isNaN(measured.std()) && Double.isNaN(reference.std())) {
            return new Row(reference, group, measured, Double.NaN, null);
        }
        double tolerance = Math.sqrt(measuredStd * measuredStd + referenceStd * referenceStd);
        // a hair of slack for numbers printed to a few digits (0.00 against a measured 0)
        return new Row(reference, group, measured, tolerance,
                Math.abs(measured.mean() - reference.mean()) <= tolerance + 1e-12);
    }

    /** The comparison as a text table, one line per reference and matched group. */
    public static String table(List<Row> rows) {
        StringBuilder text = new StringBuilder("reference: agree = |measured - reference| <= sqrt(std_measured² + "
                + "std_reference²)\n");
        text.append(String.format(Locale.ROOT, "%-12s %-28s %-16s %-20s %-20s %-6s %s%n", "study", "group", "metric",
                "measured", "reference", "agree", "source"));
        for (Row row : rows) {
            text.append(String.format(Locale.ROOT, "%-12s %-28s %-16s %-20s %-20s %-6s %s%n", row.reference().study(),
                    row.measuredGroup() == null ? row.reference().group() + " (none)" : row.measuredGroup(),
                    row.reference().metric(), ReportFormats.pm(row.measured(), "%.4f"), reference(row.reference()),
                    verdict(row), row.reference().source()));
        }
        return text.toString();
    }

    private static String reference(Reference reference) {
        String mean = String.format(Locale.ROOT, "%.4f", reference.mean());
        return Double.isNaN(reference.std()) ? mean : mean + " ± " + String.format(Locale.ROOT, "%.4f", reference.std());
    }

    private static String verdict(Row row) {
        return row.agrees() == null ? "?" : row.agrees() ? "yes" : "no";
    }

    /** The comparison as a JSON array of objects (null for unknown numbers). */
    public static String json(List<Row> rows) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Reference r = row.reference();
            json.append(i == 0 ? "\n  " : ",\n  ").append("{\"study\":").append(quote(r.study()))
                    .append(",\"group\":").append(quote(r.group()))
                    .append(",\"measuredGroup\":").append(row.measuredGroup() == null ? "null" : quote(row.measuredGroup()))
                    .append(",\"metric\":").append(quote(r.metric()))
                    .append(",\"measured\":{\"mean\":").append(number(row.measured().mean()))
                    .append(",\"std\":").append(number(row.measured().std()))
                    .append(",\"n\":").append(row.measured().n())
                    .append("},\"reference\":{\"mean\":").append(number(r.mean()))
                    .append(",\"std\":").append(number(r.std()))
                    .append(",\"n\":").append(r.n() == 0 ? "null" : Integer.toString(r.n()))
                    .append("},\"tolerance\":").append(number(row.tolerance()))
                    .append(",\"agrees\":").append(row.agrees() == null ? "null" : row.agrees().toString())
                    .append(",\"source\":").append(quote(r.source())).append('}');
        }
        return json.append(rows.isEmpty() ? "]" : "\n]").toString();
    }

    /** The comparison as CSV: the reference's columns, then what was measured and the verdict. */
    public static String csv(List<Row> rows) {
        StringBuilder csv = new StringBuilder(
                "study,group,measuredGroup,metric,mean,std,n,referenceMean,referenceStd,referenceN,tolerance,agrees,source\n");
        for (Row row : rows) {
            Reference r = row.reference();
            csv.append(String.join(",", r.study(), r.group(), row.measuredGroup() == null ? "" : row.measuredGroup(),
                    r.metric(), cell(row.measured().mean()), cell(row.measured().std()),
                    Integer.toString(row.measured().n()), cell(r.mean()), cell(r.std()),
                    r.n() == 0 ? "" : Integer.toString(r.n()), cell(row.tolerance()),
                    row.agrees() == null ? "" : row.agrees().toString(), r.source())).append('\n');
        }
        return csv.toString();
    }

    /** An HTML section (heading, rule and table) for the report page. */
    public static String htmlSection(List<Row> rows) {
        StringBuilder html = new StringBuilder("<h2>Published numbers side by side</h2><p>Measured mean ± std over "
                + "seeds next to the reference; they agree when the means differ by at most "
                + "√(std<sub>measured</sub>² + std<sub>reference</sub>²).</p><table><tr><th>study</th><th>group</th>"
                + "<th>metric</th><th>measured</th><th>reference</th><th>agree</th><th>source</th></tr>");
        for (Row row : rows) {
            html.append("<tr><td class=l>").append(ReportFormats.escape(row.reference().study()))
                    .append("</td><td class=l>").append(ReportFormats.escape(row.measuredGroup() == null
                            ? row.reference().group() + " (no runs)" : row.measuredGroup()))
                    .append("</td><td class=l>").append(ReportFormats.escape(row.reference().metric()))
                    .append("</td><td>").append(ReportFormats.pm(row.measured(), "%.4f"))
                    .append("</td><td>").append(ReportFormats.escape(reference(row.reference())))
                    .append("</td><td>").append(verdict(row))
                    .append("</td><td class=l>").append(ReportFormats.escape(row.reference().source()))
                    .append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    private static String number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : Double.toString(value);
    }

    private static String cell(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "" : Double.toString(value);
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
