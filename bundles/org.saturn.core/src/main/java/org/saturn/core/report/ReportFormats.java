package org.saturn.core.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;

import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.results.RunRecord;

/**
 * The study report as a terminal table, JSON, CSV and a self-contained HTML page with SVG charts
 * (test loss against the optimal loss per group; OOD R1 against the test-loss gap per run: the
 * non-identifiability picture).
 */
public final class ReportFormats {

    /** Metrics shown in the table and the JSON, in this order, when the runs have them. */
    public static final List<String> COLUMNS = List.of("id.R1", "ood.R1", "ood.R2", "ood.R2 completion", "ood.finished");

    private static final JsonFactory JSON = new JsonFactory();

    private ReportFormats() {
    }

    public static String table(List<GroupRow> rows) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-18s %-12s %-14s %3s  %-19s %-9s %-8s", "study", "model", "regime", "n",
                "test loss", "optimal", "gap %"));
        for (String column : COLUMNS) {
            text.append(String.format(Locale.ROOT, "  %-13s", column));
        }
        text.append('\n');
        for (GroupRow row : rows) {
            text.append(String.format(Locale.ROOT, "%-18s %-12s %-14s %3d  %-19s %-9.5f %-8s", row.study(), row.model(),
                    row.regime(), row.n(), pm(row.testLoss(), "%.5f"), row.optimalLoss(),
                    String.format(Locale.ROOT, "%+.2f", row.gapPercent().mean())));
            for (String column : COLUMNS) {
                text.append(String.format(Locale.ROOT, "  %-13s", pm(row.atBest(column), "%.2f")));
            }
            text.append('\n');
        }
        text.append("metrics: value at each run's best test loss, mean ± std over seeds; ")
                .append("rule accuracies over finished completions (see *.finished)\n");
        return text.toString();
    }

    /** {@code {"groups":[} and one compact group object per line, {@code ]}}: the layout of {@code saturn report --json}. */
    public static String json(List<GroupRow> rows) {
        StringWriter json = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(json)) {
            generator.setPrettyPrinter(new GroupPerLine());
            generator.writeStartObject();
            generator.writeArrayFieldStart("groups");
            for (GroupRow row : rows) {
                writeGroup(generator, row);
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return json.append('\n').toString();
    }

    private static void writeGroup(JsonGenerator json, GroupRow row) throws IOException {
        json.writeStartObject();
        json.writeStringField("study", text(row.study()));
        json.writeStringField("group", text(row.group()));
        json.writeStringField("model", text(row.model()));
        json.writeStringField("regime", text(row.regime()));
        json.writeNumberField("n", row.n());
        json.writeFieldName("testLoss");
        writeSummary(json, row.testLoss(), null);
        writeNumberField(json, "optimalLoss", row.optimalLoss());
        writeNumberField(json, "gapPercent", row.gapPercent().mean());
        for (Map.Entry<String, GroupSummary> metric : row.atBest().entrySet()) {
            if (!metric.getKey().equals(StudyReport.TEST_LOSS)) {
                json.writeFieldName(camel(metric.getKey()));
                writeSummary(json, metric.getValue(), row.max(metric.getKey()));
            }
        }
        json.writeArrayFieldStart("runs");
        for (RunRecord run : row.runs()) {
            json.writeStartObject();
            json.writeStringField("id", text(run.getRunId()));
            json.writeNumberField("seed", run.getSeed());
            json.writeStringField("status", text(run.getStatus().getLiteral()));
            json.writeNumberField("step", run.getStep());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeSummary(JsonGenerator json, GroupSummary s, GroupSummary max) throws IOException {
        json.writeStartObject();
        writeNumberField(json, "mean", s.mean());
        writeNumberField(json, "std", s.std());
        writeNumberField(json, "stderr", s.stderr());
        json.writeNumberField("n", s.n());
        if (max != null) {
            json.writeObjectFieldStart("max");
            writeNumberField(json, "mean", max.mean());
            writeNumberField(json, "std", max.std());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** NaN and infinities (no runs, one seed) as null: JSON has no such numbers. */
    private static void writeNumberField(JsonGenerator json, String name, double value) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }

    private static String text(String text) {
        return text == null ? "" : text;
    }

    /** Compact, except that each element of the top-level object's array (a group) starts a line. */
    private static final class GroupPerLine extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void beforeArrayValues(JsonGenerator generator) throws IOException {
            if (groupsArray(generator)) {
                generator.writeRaw("\n  ");
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(groupsArray(generator) ? ",\n  " : ",");
        }

        @Override
        public void writeEndArray(JsonGenerator generator, int values) throws IOException {
            generator.writeRaw(groupsArray(generator) ? "\n]" : "]");
        }

        private static boolean groupsArray(JsonGenerator generator) {
            JsonStreamContext parent = generator.getOutputContext().getParent();
            return parent.inObject() && parent.getParent().inRoot();
        }
    }

    public static String csv(List<GroupRow> rows) {
        StringBuilder csv = new StringBuilder("study,group,model,regime,n,metric,aggregation,mean,std,stderr\n");
        for (GroupRow row : rows) {
            for (String metric : row.atBest().keySet()) {
                appendCsv(csv, row, metric, "atBest", row.atBest(metric));
                appendCsv(csv, row, metric, "max", row.max(metric));
            }
        }
        return csv.toString();
    }

    private static void appendCsv(StringBuilder csv, GroupRow row, String metric, String aggregation, GroupSummary s) {
        csv.append(String.join(",", row.study(), row.group(), row.model(), row.regime(), Integer.toString(row.n()),
                metric, aggregation, number(s.mean()), number(s.std()), number(s.stderr()))).append('\n');
    }

    /** A self-contained page: the table and two SVG charts, no scripts, no external files. */
    public static String html(List<GroupRow> rows) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Saturn report</title>"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                + "padding:4px 8px;text-align:right}th{background:#eee}td.l{text-align:left}</style></head><body>"
                + "<h1>Saturn study report</h1><p>Test loss in nats/token against the exact optimal loss; metrics at each "
                + "run's minimum test loss, mean ± std over seeds (max over evaluations in brackets).</p><table><tr>"
                + "<th>study</th><th>model</th><th>regime</th><th>n</th><th>test loss</th><th>optimal</th><th>gap %</th>");
        COLUMNS.forEach(c -> html.append("<th>").append(c).append("</th>"));
        html.append("</tr>");
        for (GroupRow row : rows) {
            html.append("<tr><td class=l>").append(escape(row.study())).append("</td><td class=l>").append(escape(row.model()))
                    .append("</td><td class=l>").append(escape(row.regime())).append("</td><td>").append(row.n())
                    .append("</td><td>").append(pm(row.testLoss(), "%.5f")).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.5f", row.optimalLoss())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%+.2f", row.gapPercent().mean())).append("</td>");
            for (String column : COLUMNS) {
                html.append("<td>").append(pm(row.atBest(column), "%.2f")).append(" [")
                        .append(String.format(Locale.ROOT, "%.2f", row.max(column).mean())).append("]</td>");
            }
            html.append("</tr>");
        }
        html.append("</table><h2>Test loss against the optimal loss</h2>").append(SvgCharts.lossAgainstOptimal(rows))
                .append("<h2>Same loss, different behaviour: OOD R1 against the test-loss gap</h2>")
                .append(SvgCharts.nonIdentifiability(rows, RunRow.OOD_R1)).append("</body></html>\n");
        return html.toString();
    }

    static String pm(GroupSummary s, String format) {
        if (s.n() == 0 || Double.isNaN(s.mean())) {
            return "–";
        }
        String mean = String.format(Locale.ROOT, format, s.mean());
        return Double.isNaN(s.std()) ? mean : mean + " ± " + String.format(Locale.ROOT, format, s.std());
    }

    /** {@code ood.R2 completion} → {@code oodR2Completion}. */
    static String camel(String key) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '.' || c == ' ' || c == '_' || c == '-') {
                upper = true;
            } else {
                out.append(upper && out.length() > 0 ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static String number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : Double.toString(value);
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
