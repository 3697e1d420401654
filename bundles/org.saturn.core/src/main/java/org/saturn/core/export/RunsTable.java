package org.saturn.core.export;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.MetricPoint;
import org.saturn.core.store.RunDirectory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One row per run for pandas, R or a spreadsheet: {@code id, study, group, model, regime, seed,
 * status, step, totalSteps, optimalLoss, gitCommit}, then {@code config.KEY} for every key of the
 * resolved configuration, then {@code METRIC.min|max|last|atBest} for every summarised metric
 * (atBest: at the run's minimum test loss, the value {@code saturn report} averages). The
 * metric series themselves go out in long format ({@link #metricsCsv}).
 */
public final class RunsTable {

    static final List<String> FIXED = List.of("id", "study", "group", "model", "regime", "seed", "status", "step",
            "totalSteps", "optimalLoss", "gitCommit");
    static final String CONFIG_PREFIX = "config.";
    static final List<String> SUMMARIES = List.of("min", "max", "last", "atBest");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> columns;
    private final List<Map<String, Object>> rows;

    private RunsTable(List<String> columns, List<Map<String, Object>> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    /** The table of these runs; columns are the union over the runs (a run without a key leaves it empty). */
    public static RunsTable of(List<ExportedRun> runs) {
        Set<String> configKeys = new TreeSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (ExportedRun run : runs) {
            run.record().getParameters().forEach(p -> configKeys.add(p.getKey()));
            run.record().getSummaries().forEach(s -> metrics.add(s.getMetric()));
        }
        List<String> columns = new ArrayList<>(FIXED);
        configKeys.forEach(key -> columns.add(CONFIG_PREFIX + key));
        metrics.forEach(metric -> SUMMARIES.forEach(summary -> columns.add(metric + "." + summary)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ExportedRun run : runs) {
            rows.add(row(run));
        }
        return new RunsTable(List.copyOf(columns), rows);
    }

    private static Map<String, Object> row(ExportedRun run) {
        RunRecord record = run.record();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", run.directory().runId());
        row.put("study", record.getStudy());
        row.put("group", record.getGroup());
        row.put("model", record.getModel());
        row.put("regime", record.getRegime());
        row.put("seed", record.getSeed());
        row.put("status", record.getStatus().getLiteral().toLowerCase(Locale.ROOT));
        row.put("step", record.getStep());
        row.put("totalSteps", record.getTotalSteps());
        row.put("optimalLoss", record.getOptimalLoss());
        row.put("gitCommit", gitCommit(run.directory()));
        for (Parameter parameter : record.getParameters()) {
            row.put(CONFIG_PREFIX + parameter.getKey(), ExportedRun.typed(parameter.getValue()));
        }
        for (MetricSummary summary : record.getSummaries()) {
            row.put(summary.getMetric() + ".min", summary.getMin());
            row.put(summary.getMetric() + ".max", summary.getMax());
            row.put(summary.getMetric() + ".last", summary.getLast());
            row.put(summary.getMetric() + ".atBest", summary.getAtBest());
        }
        return row;
    }

    /** The git commit that {@code environment.json} records, or null (no file, no repository, unreadable). */
    static String gitCommit(RunDirectory run) {
        try {
            return run.readText(RunDirectory.ENVIRONMENT).map(text -> {
                try {
                    JsonNode commit = JSON.readTree(text).get("gitCommit");
                    return commit == null || commit.isNull() ? null : commit.asText();
                } catch (IOException e) {
                    return null; // a damaged environment.json costs this column, not the export
                }
            }).orElse(null);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    public List<String> columns() {
        return columns;
    }

    /** The rows, each column to its value (absent where the run has no such key). */
    public List<Map<String, Object>> rows() {
        return rows;
    }

    /** RFC 4180 CSV with a header; numbers in Java's shortest round-trip form, NaN and missing values empty. */
    public String csv() {
        StringBuilder csv = new StringBuilder();
        csv.append(String.join(",", columns.stream().map(RunsTable::cell).toList())).append('\n');
        for (Map<String, Object> row : rows) {
            List<String> cells = new ArrayList<>(columns.size());
            for (String column : columns) {
                cells.add(cell(row.get(column)));
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        return csv.toString();
    }

    /** JSON lines: one object per run with the same keys as the CSV's columns; NaN and missing values null. */
    public String jsonLines() {
        StringBuilder lines = new StringBuilder();
        for (Map<String, Object> row : rows) {
            StringWriter line = new StringWriter();
            try (JsonGenerator json = JSON.getFactory().createGenerator(line)) {
                json.writeStartObject();
                for (String column : columns) {
                    json.writeFieldName(column);
                    Object value = row.get(column);
                    if (value == null || value instanceof Double d && !Double.isFinite(d)) {
                        json.writeNull();
                    } else if (value instanceof Double d) {
                        json.writeNumber(d);
                    } else if (value instanceof Long l) {
                        json.writeNumber(l);
                    } else if (value instanceof Boolean b) {
                        json.writeBoolean(b);
                    } else {
                        json.writeString(value.toString());
                    }
                }
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException("a StringWriter does not fail", e);
            }
            lines.append(line).append('\n');
        }
        return lines.toString();
    }

    /** Every run's {@code metrics.csv} in long format: {@code run,study,step,wallTime,metric,value}. */
    public static String metricsCsv(List<ExportedRun> runs) {
        StringBuilder csv = new StringBuilder("run,study,step,wallTime,metric,value\n");
        for (ExportedRun run : runs) {
            String id = cell(run.directory().runId());
            String study = cell(run.directory().study());
            for (MetricPoint point : run.directory().metrics()) {
                csv.append(id).append(',').append(study).append(',').append(point.step()).append(',')
                        .append(cell(point.wallSeconds())).append(',').append(cell(point.key())).append(',')
                        .append(cell(point.value())).append('\n');
            }
        }
        return csv.toString();
    }

    private static String cell(Object value) {
        if (value == null || value instanceof Double d && Double.isNaN(d)) {
            return "";
        }
        String text = value.toString();
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
