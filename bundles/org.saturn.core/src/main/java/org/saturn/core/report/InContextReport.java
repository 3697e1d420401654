package org.saturn.core.report;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.metrics.MetricKeys;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A group's in-context-learning accuracy per number of examples k (case study 2) for
 * {@code saturn report --json}: {@code "iclAccuracy": {"0": {"mean", "std", "anyTask", "chance"}, ...}},
 * over seeds, each run's value taken by the metric's summary convention (at the best checkpoint,
 * or its maximum over evaluations). Written only for groups that have in-context metrics.
 */
final class InContextReport {

    private InContextReport() {
    }

    /** The k of every {@code icl.k*.task} metric of the group, in order, with its key. */
    static Map<Integer, String> examples(GroupRow row) {
        Map<Integer, String> keys = new TreeMap<>();
        for (String key : row.atBest().keySet()) {
            int k = MetricKeys.inContextExamples(key, MetricKeys.ICL_TASK);
            if (k >= 0) {
                keys.put(k, key);
            }
        }
        return keys;
    }

    static void write(JsonGenerator json, GroupRow row, ReportConventions conventions) throws IOException {
        Map<Integer, String> keys = examples(row);
        if (keys.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart("iclAccuracy");
        for (Map.Entry<Integer, String> k : keys.entrySet()) {
            json.writeObjectFieldStart(String.valueOf(k.getKey()));
            GroupSummary task = summary(row, conventions, k.getValue());
            number(json, "mean", task.mean());
            number(json, "std", task.std());
            number(json, "anyTask", summary(row, conventions,
                    MetricKeys.inContext(k.getKey(), MetricKeys.ICL_ANY_TASK)).mean());
            number(json, "chance", row.atBest(MetricKeys.inContext(k.getKey(), MetricKeys.ICL_CHANCE)).mean());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static GroupSummary summary(GroupRow row, ReportConventions conventions, String key) {
        return conventions != null && conventions.summaryOf(key) == ReportConventions.Summary.MAX ? row.max(key)
                : row.atBest(key);
    }

    private static void number(JsonGenerator json, String name, double value) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }
}
