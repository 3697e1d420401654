package org.saturn.core.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
        return table(rows, ReportConventions.SATURN);
    }

    /**
     * The table with the conventions its numbers use on its first line (rows built under the same
     * conventions: {@link StudyReport#of(org.saturn.core.store.RunStore, String, ReportConventions)}).
     */
    public static String table(List<GroupRow> rows, ReportConventions conventions) {
        return table(rows, conventions, StudyColumns.of(rows));
    }

    /**
     * As {@link #table(List, ReportConventions)}, then per study that varies parameters or declares
     * metrics one more table: each group's varied parameter values and declared metrics (mean ± std
     * over seeds under the declared summary; ± the estimator's own standard error where it has one).
     */
    public static String table(List<GroupRow> rows, ReportConventions conventions, Map<String, StudyColumns> columns) {
        StringBuilder text = new StringBuilder(conventions.describe()).append('\n');
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
                text.append(String.format(Locale.ROOT, "  %-13s", pm(chosen(row, column, conventions), "%.2f")));
            }
            text.append('\n');
        }
        text.append("metrics: ").append(conventions.summary() == ReportConventions.Summary.MAX
                ? "each run's maximum over evaluations" : "value at each run's best test loss")
                .append(conventions.perMetric().isEmpty() ? "" : " (except as stated above)")
                .append(", mean ± std over seeds; rule accuracies over finished completions (see *.finished)")
                .append(conventions.unfinished() == ReportConventions.Unfinished.ZERO ? ", 0 when nothing finished" : "")
                .append('\n');
        for (StudyColumns study : columns.values()) {
            if (!study.isEmpty()) {
                appendStudyTable(text, study, rows.stream().filter(r -> r.study().equals(study.study())).toList(),
                        conventions);
            }
        }
        return text.toString();
    }

    private static void appendStudyTable(StringBuilder text, StudyColumns study, List<GroupRow> rows,
            ReportConventions conventions) {
        List<String> header = new ArrayList<>(List.of("model", "regime"));
        header.addAll(study.varied());
        study.declared().forEach(metric -> header.add(metric.title()));
        List<List<String>> cells = new ArrayList<>();
        for (GroupRow row : rows) {
            List<String> line = new ArrayList<>(List.of(row.model(), String.valueOf(row.regime())));
            study.varied().forEach(key -> line.add(StudyColumns.parameter(row, key)));
            study.declared().forEach(metric -> line.add(declaredText(row, metric, conventions)));
            cells.add(line);
        }
        int[] widths = header.stream().mapToInt(String::length).toArray();
        cells.forEach(line -> {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        });
        text.append('\n').append(study.study()).append(": varied parameters and declared metrics (mean ± std over seeds")
                .append(study.declared().stream().anyMatch(m -> m.stderrKey() != null)
                        ? "; [±] the estimator's standard error, mean over seeds" : "")
                .append(")\n");
        appendCells(text, header, widths);
        cells.forEach(line -> appendCells(text, line, widths));
    }

    private static void appendCells(StringBuilder text, List<String> line, int[] widths) {
        for (int i = 0; i < line.size(); i++) {
            text.append(i == 0 ? "" : "  ").append(i == line.size() - 1 ? line.get(i)
                    : String.format(Locale.ROOT, "%-" + widths[i] + "s", line.get(i)));
        }
        text.append('\n');
    }

    /** {@code 61.2 ± 3.1 [± 2.4]}: the declared summary over seeds, the estimator's own error in brackets. */
    static String declaredText(GroupRow row, DeclaredMetric metric, ReportConventions conventions) {
        GroupSummary s = StudyColumns.summary(row, metric, conventions);
        String format = Math.abs(s.mean()) >= 100 ? "%.1f" : "%.4g";
        String text = pm(s, format);
        double estimator = StudyColumns.estimatorStderr(row, metric);
        return Double.isNaN(estimator) ? text : text + " [± " + String.format(Locale.ROOT, format, estimator) + "]";
    }

    /** A metric's group summary under the conventions: each run's maximum or its value at the best test loss. */
    static GroupSummary chosen(GroupRow row, String metric, ReportConventions conventions) {
        return conventions.summaryOf(metric) == ReportConventions.Summary.MAX ? row.max(metric) : row.atBest(metric);
    }

    /** {@code {"groups":[} and one compact group object per line, {@code ]}}: each metric at the best test loss, its maximum nested. */
    public static String json(List<GroupRow> rows) {
        return json(rows, null);
    }

    /**
     * The layout of {@code saturn report --json}: first {@code "conventions":{"unfinished":...,
     * "summary":...,"perMetric":{...}}}, then the groups, each metric's mean/std under its chosen
     * summary and the other summary nested under its name ({@code "max"} or {@code "atBest"}).
     */
    public static String json(List<GroupRow> rows, ReportConventions conventions) {
        return json(rows, conventions, StudyColumns.of(rows));
    }

    /**
     * As {@link #json(List, ReportConventions)}; a group of a study with varied parameters or declared
     * metrics also has {@code "varied":{KEY:VALUE}} and {@code "declared":{NAME:{"summary":...,"key":...,
     * "mean":...,"std":...,"stderr":...,"n":...,"estimatorStderr":...}}}, and each of its runs its
     * declared values ({@code "declared":{NAME:VALUE}}).
     */
    public static String json(List<GroupRow> rows, ReportConventions conventions, Map<String, StudyColumns> columns) {
        StringWriter json = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(json)) {
            generator.setPrettyPrinter(new GroupPerLine());
            generator.writeStartObject();
            if (conventions != null) {
                generator.writeObjectFieldStart("conventions");
                generator.writeStringField("unfinished", conventions.unfinished().toString());
                generator.writeStringField("summary", conventions.summary().toString());
                generator.writeObjectFieldStart("perMetric");
                for (Map.Entry<String, ReportConventions.Summary> metric : conventions.perMetric().entrySet()) {
                    generator.writeStringField(metric.getKey(), metric.getValue().toString());
                }
                generator.writeEndObject();
                generator.writeStringField("testLoss", "atBest");
                generator.writeEndObject();
            }
            generator.writeArrayFieldStart("groups");
            for (GroupRow row : rows) {
                writeGroup(generator, row, conventions == null ? ReportConventions.SATURN : conventions,
                        columns.getOrDefault(row.study(), new StudyColumns(row.study(), List.of(), List.of())));
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return json.append('\n').toString();
    }

    private static void writeGroup(JsonGenerator json, GroupRow row, ReportConventions conventions,
            StudyColumns study) throws IOException {
        json.writeStartObject();
        json.writeStringField("study", text(row.study()));
        json.writeStringField("group", text(row.group()));
        json.writeStringField("model", text(row.model()));
        json.writeStringField("regime", text(row.regime()));
        json.writeNumberField("n", row.n());
        json.writeFieldName("testLoss");
        writeSummary(json, row.testLoss(), null, null);
        writeNumberField(json, "optimalLoss", row.optimalLoss());
        writeNumberField(json, "gapPercent", row.gapPercent().mean());
        for (Map.Entry<String, GroupSummary> metric : row.atBest().entrySet()) {
            if (!metric.getKey().equals(StudyReport.TEST_LOSS)) {
                json.writeFieldName(camel(metric.getKey()));
                if (conventions.summaryOf(metric.getKey()) == ReportConventions.Summary.MAX) {
                    writeSummary(json, row.max(metric.getKey()), "atBest", metric.getValue());
                } else {
                    writeSummary(json, metric.getValue(), "max", row.max(metric.getKey()));
                }
            }
        }
        if (!study.varied().isEmpty()) {
            json.writeObjectFieldStart("varied");
            for (String key : study.varied()) {
                json.writeStringField(key, StudyColumns.parameter(row, key));
            }
            json.writeEndObject();
        }
        if (!study.declared().isEmpty()) {
            json.writeObjectFieldStart("declared");
            for (DeclaredMetric metric : study.declared()) {
                GroupSummary s = StudyColumns.summary(row, metric, conventions);
                json.writeObjectFieldStart(metric.name());
                json.writeStringField("key", metric.key());
                json.writeStringField("summary", metric.summary().toString());
                writeNumberField(json, "mean", s.mean());
                writeNumberField(json, "std", s.std());
                writeNumberField(json, "stderr", s.stderr());
                json.writeNumberField("n", s.n());
                if (metric.stderrKey() != null) {
                    writeNumberField(json, "estimatorStderr", StudyColumns.estimatorStderr(row, metric));
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        InContextReport.write(json, row, conventions);
        json.writeArrayFieldStart("runs");
        for (RunRecord run : row.runs()) {
            json.writeStartObject();
            json.writeStringField("id", text(run.getRunId()));
            json.writeNumberField("seed", run.getSeed());
            json.writeStringField("status", text(run.getStatus().getLiteral()));
            json.writeNumberField("step", run.getStep());
            if (!study.declared().isEmpty()) {
                json.writeObjectFieldStart("declared");
                for (DeclaredMetric metric : study.declared()) {
                    writeNumberField(json, metric.name(), StudyColumns.value(run, metric, conventions));
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** A summary's numbers, with the other summary ({@code other}, named {@code otherName}) nested. */
    private static void writeSummary(JsonGenerator json, GroupSummary s, String otherName, GroupSummary other)
            throws IOException {
        json.writeStartObject();
        writeNumberField(json, "mean", s.mean());
        writeNumberField(json, "std", s.std());
        writeNumberField(json, "stderr", s.stderr());
        json.writeNumberField("n", s.n());
        if (other != null) {
            json.writeObjectFieldStart(otherName);
            writeNumberField(json, "mean", other.mean());
            writeNumberField(json, "std", other.std());
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
        return csv(rows, ReportConventions.SATURN);
    }

    /** Both aggregations of every metric, each line with the unfinished convention its rule accuracies use. */
    public static String csv(List<GroupRow> rows, ReportConventions conventions) {
        return csv(rows, conventions, StudyColumns.of(rows));
    }

    /**
     * As {@link #csv(List, ReportConventions)}, then per group each varied parameter (aggregation
     * {@code parameter}, its value in {@code mean}) and each declared metric under its declared name
     * (aggregation: its declared summary; {@code NAME estimatorStderr}: the estimator's own error).
     */
    public static String csv(List<GroupRow> rows, ReportConventions conventions, Map<String, StudyColumns> columns) {
        StringBuilder csv = new StringBuilder("study,group,model,regime,n,metric,aggregation,mean,std,stderr,unfinished\n");
        for (GroupRow row : rows) {
            for (String metric : row.atBest().keySet()) {
                appendCsv(csv, row, metric, "atBest", row.atBest(metric), conventions);
                appendCsv(csv, row, metric, "max", row.max(metric), conventions);
            }
            StudyColumns study = columns.get(row.study());
            if (study == null) {
                continue;
            }
            for (String key : study.varied()) {
                csv.append(String.join(",", row.study(), row.group(), row.model(), row.regime(),
                        Integer.toString(row.n()), key, "parameter", StudyColumns.parameter(row, key), "", "",
                        conventions.unfinished().toString())).append('\n');
            }
            for (DeclaredMetric metric : study.declared()) {
                appendCsv(csv, row, metric.name(), metric.summary().toString(),
                        StudyColumns.summary(row, metric, conventions), conventions);
                double estimator = StudyColumns.estimatorStderr(row, metric);
                if (!Double.isNaN(estimator)) {
                    appendCsv(csv, row, metric.name() + " estimatorStderr", metric.summary().toString(),
                            GroupSummary.of(estimator), conventions);
                }
            }
        }
        return csv.toString();
    }

    private static void appendCsv(StringBuilder csv, GroupRow row, String metric, String aggregation, GroupSummary s,
            ReportConventions conventions) {
        csv.append(String.join(",", row.study(), row.group(), row.model(), row.regime(), Integer.toString(row.n()),
                metric, aggregation, number(s.mean()), number(s.std()), number(s.stderr()),
                conventions.unfinished().toString())).append('\n');
    }

    /** A self-contained page: the tables and SVG figures, no scripts, no external files ({@link HtmlReport}). */
    public static String html(List<GroupRow> rows) {
        return html(rows, ReportConventions.SATURN);
    }

    /** As {@link #html(List)}: the chosen summary of each metric, the other in brackets, the conventions stated. */
    public static String html(List<GroupRow> rows, ReportConventions conventions) {
        return html(rows, conventions, StudyColumns.of(rows));
    }

    /** As {@link #html(List, ReportConventions)}, with a table per study of its varied parameters and declared metrics. */
    public static String html(List<GroupRow> rows, ReportConventions conventions, Map<String, StudyColumns> columns) {
        return html(rows, conventions, columns, run -> Map.of());
    }

    /**
     * As {@link #html(List, ReportConventions, Map)}, the accuracy curves with each metric's chance level
     * ({@code chanceLevels}: per run, by metric key; the engine computes them from the run's config).
     */
    public static String html(List<GroupRow> rows, ReportConventions conventions, Map<String, StudyColumns> columns,
            java.util.function.Function<org.saturn.core.store.RunDirectory, Map<String, org.saturn.core.lang.gen.Estimate>> chanceLevels) {
        return new HtmlReport(rows, conventions, columns, chanceLevels).page();
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
