package org.saturn.core.export;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two or more runs compared: the configuration keys whose values differ, the differences of their
 * {@code environment.json}, and every metric's summaries side by side. The runs are named by id
 * (or a unique prefix of one) or {@code STUDY/ID}.
 */
public final class RunDiff {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SUMMARIES = RunsTable.SUMMARIES;

    private final List<ExportedRun> runs;
    /** Key to each run's value (null where a run lacks the key), only keys whose values differ. */
    private final Map<String, List<String>> config;
    private final Map<String, List<String>> environment;
    /** "METRIC SUMMARY" (e.g. "test.loss atBest") to each run's value, NaN where a run lacks it. */
    private final Map<String, double[]> summaries;

    private RunDiff(List<ExportedRun> runs, Map<String, List<String>> config, Map<String, List<String>> environment,
            Map<String, double[]> summaries) {
        this.runs = runs;
        this.config = config;
        this.environment = environment;
        this.summaries = summaries;
    }

    /** The named runs of the store; a name that matches no run, or several, is a clear error. */
    public static RunDiff of(RunStore store, List<String> names) {
        if (names.size() < 2) {
            throw new IllegalArgumentException("name at least two runs to compare (id or STUDY/ID)");
        }
        List<ExportedRun> runs = new ArrayList<>();
        for (String name : names) {
            runs.add(find(store, name));
        }
        return of(runs);
    }

    /** The comparison of these runs. */
    public static RunDiff of(List<ExportedRun> runs) {
        List<Map<String, String>> configs = new ArrayList<>();
        List<Map<String, String>> environments = new ArrayList<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (ExportedRun run : runs) {
            Map<String, String> config = new TreeMap<>();
            for (Parameter parameter : run.record().getParameters()) {
                config.put(parameter.getKey(), parameter.getValue());
            }
            configs.add(config);
            environments.add(environment(run.directory()));
            run.record().getSummaries().forEach(s -> metrics.add(s.getMetric()));
        }
        Map<String, double[]> summaries = new LinkedHashMap<>();
        for (String metric : metrics) {
            for (String summary : SUMMARIES) {
                double[] values = new double[runs.size()];
                for (int i = 0; i < runs.size(); i++) {
                    values[i] = summary(runs.get(i).record(), metric, summary);
                }
                summaries.put(metric + " " + summary, values);
            }
        }
        return new RunDiff(List.copyOf(runs), differing(configs), differing(environments), summaries);
    }

    /** The named run with its record; a run without one yet is a clear error. */
    static ExportedRun find(RunStore store, String name) {
        RunDirectory run = RunNames.find(store, name);
        RunRecord record = run.record().orElseThrow(() -> new StoreException("run " + run + " has no record yet "
                + "(planned, never started)"));
        return new ExportedRun(run, record);
    }

    private static double summary(RunRecord record, String metric, String summary) {
        for (MetricSummary s : record.getSummaries()) {
            if (s.getMetric().equals(metric)) {
                return switch (summary) {
                    case "min" -> s.getMin();
                    case "max" -> s.getMax();
                    case "last" -> s.getLast();
                    default -> s.getAtBest();
                };
            }
        }
        return Double.NaN;
    }

    /** environment.json flattened to text values; empty when missing or unreadable. */
    private static Map<String, String> environment(RunDirectory run) {
        Map<String, String> values = new TreeMap<>();
        try {
            String text = run.readText(RunDirectory.ENVIRONMENT).orElse(null);
            if (text != null) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = JSON.readTree(text).fields(); fields.hasNext();) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    values.put(field.getKey(), field.getValue().isNull() ? null
                            : field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            values.put("environment.json", "unreadable");
        }
        return values;
    }

    /** The keys whose values are not all the same (a key some runs lack counts as differing). */
    private static Map<String, List<String>> differing(List<Map<String, String>> perRun) {
        Set<String> keys = new TreeSet<>();
        perRun.forEach(values -> keys.addAll(values.keySet()));
        Map<String, List<String>> differing = new LinkedHashMap<>();
        for (String key : keys) {
            List<String> values = perRun.stream().map(values1 -> values1.get(key)).toList();
            if (values.stream().anyMatch(v -> !Objects.equals(v, values.get(0)))) {
                differing.put(key, values);
            }
        }
        return differing;
    }

    public List<ExportedRun> runs() {
        return runs;
    }

    /** Configuration keys whose values differ, each with every run's value (null: the run lacks it). */
    public Map<String, List<String>> config() {
        return config;
    }

    public Map<String, List<String>> environment() {
        return environment;
    }

    /** "METRIC SUMMARY" to each run's value (NaN: the run lacks it), summaries min, max, last, atBest. */
    public Map<String, double[]> summaries() {
        return summaries;
    }

    /** The comparison as aligned columns: one per run, headed by STUDY/ID. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[runs.size() + 1];
        header[0] = "";
        for (int i = 0; i < runs.size(); i++) {
            header[i + 1] = runs.get(i).directory().toString();
        }
        rows.add(header);
        rows.add(row("status", runs.stream().map(r -> r.record().getStatus().getLiteral().toLowerCase(Locale.ROOT)
                + " " + r.record().getStep() + "/" + r.record().getTotalSteps()).toList()));
        rows.add(row("group", runs.stream().map(r -> r.record().getGroup()).toList()));
        rows.add(null);
        rows.add(new String[] { config.isEmpty() ? "config: the same" : "config (differing keys)" });
        config.forEach((key, values) -> rows.add(row("  " + key, values)));
        rows.add(new String[] { environment.isEmpty() ? "environment: the same" : "environment (differing)" });
        environment.forEach((key, values) -> rows.add(row("  " + key, values)));
        rows.add(new String[] { "summaries" });
        summaries.forEach((key, values) -> rows.add(row("  " + key, Arrays.stream(values)
                .mapToObj(v -> Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.6g", v)).toList())));
        int[] widths = new int[runs.size() + 1];
        for (String[] row : rows) {
            if (row != null && row.length > 1) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            if (row == null) {
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    private static String[] row(String label, List<String> values) {
        String[] row = new String[values.size() + 1];
        row[0] = label;
        for (int i = 0; i < values.size(); i++) {
            row[i + 1] = values.get(i) == null ? "-" : values.get(i);
        }
        return row;
    }

    /**
     * {@code {"runs":["S/ID",...],"status":[...],"config":{KEY:[...]},"environment":{KEY:[...]},
     * "summaries":{METRIC:{"min":[...],"max":[...],"last":[...],"atBest":[...]}}}}; NaN and missing are null.
     */
    public String json() {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.getFactory().createGenerator(text)) {
            json.writeStartObject();
            json.writeArrayFieldStart("runs");
            for (ExportedRun run : runs) {
                json.writeString(run.directory().toString());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("status");
            for (ExportedRun run : runs) {
                json.writeString(run.record().getStatus().getLiteral().toLowerCase(Locale.ROOT));
            }
            json.writeEndArray();
            writeTexts(json, "config", config);
            writeTexts(json, "environment", environment);
            json.writeObjectFieldStart("summaries");
            String metric = null;
            for (Map.Entry<String, double[]> entry : summaries.entrySet()) {
                int space = entry.getKey().lastIndexOf(' ');
                String name = entry.getKey().substring(0, space);
                if (!name.equals(metric)) {
                    if (metric != null) {
                        json.writeEndObject();
                    }
                    json.writeObjectFieldStart(name);
                    metric = name;
                }
                json.writeArrayFieldStart(entry.getKey().substring(space + 1));
                for (double value : entry.getValue()) {
                    if (Double.isFinite(value)) {
                        json.writeNumber(value);
                    } else {
                        json.writeNull();
                    }
                }
                json.writeEndArray();
            }
            if (metric != null) {
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text.append('\n').toString();
    }

    private static void writeTexts(JsonGenerator json, String field, Map<String, List<String>> values) throws IOException {
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            json.writeArrayFieldStart(entry.getKey());
            for (String value : entry.getValue()) {
                json.writeString(value);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }
}
