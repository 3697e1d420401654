package org.saturn.core.report;

import java.util.LinkedHashMap;
import java.util.Map;

import org.saturn.core.metrics.MetricKeys;

/**
 * Which convention a report's numbers use (SCIENCE.md §4, §7). A rule accuracy is computed over
 * finished completions; when none finished it is undefined (Saturn's default: NaN, shown as –) or
 * counts as 0 (the papers). Each run's metric is its value at the evaluation with the minimum test
 * loss ({@code atBest}: Saturn's default, the ICML analysis) or its maximum over evaluations
 * ({@code max}: the NeurIPS tables' accuracies), for the whole table or per metric. The test loss is
 * always the minimum (the papers' choice in both).
 *
 * @param unfinished what a rule accuracy is when nothing finished
 * @param summary    the table's summary of every metric without its own
 * @param perMetric  metrics with their own summary (metric key → summary)
 */
public record ReportConventions(Unfinished unfinished, Summary summary, Map<String, Summary> perMetric) {

    public enum Unfinished {
        UNDEFINED("undefined"), ZERO("zero");

        private final String text;

        Unfinished(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }

        public static Unfinished parse(String text) {
            for (Unfinished value : values()) {
                if (value.text.equals(text)) {
                    return value;
                }
            }
            throw new IllegalArgumentException("unfinished must be zero or undefined, not '" + text + "'");
        }
    }

    public enum Summary {
        AT_BEST("atBest"), MAX("max");

        private final String text;

        Summary(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }

        public static Summary parse(String text) {
            for (Summary value : values()) {
                if (value.text.equals(text)) {
                    return value;
                }
            }
            throw new IllegalArgumentException("summary must be max or atBest, not '" + text + "'");
        }
    }

    /** Saturn's report: undefined when nothing finished, every metric at the minimum test loss. */
    public static final ReportConventions SATURN = new ReportConventions(Unfinished.UNDEFINED, Summary.AT_BEST,
            Map.of());

    public ReportConventions {
        perMetric = Map.copyOf(perMetric);
    }

    /**
     * The conventions of {@code --unfinished} and the {@code --summary} values: {@code max} or
     * {@code atBest} for the table, {@code METRIC=max|atBest} for one metric (the last one wins).
     */
    public static ReportConventions parse(String unfinished, Iterable<String> summaries) {
        Summary table = Summary.AT_BEST;
        Map<String, Summary> perMetric = new LinkedHashMap<>();
        for (String summary : summaries) {
            int equals = summary.lastIndexOf('=');
            if (equals < 0) {
                table = Summary.parse(summary.trim());
            } else if (equals == 0) {
                throw new IllegalArgumentException("--summary " + summary + " names no metric (METRIC=max|atBest)");
            } else {
                perMetric.put(summary.substring(0, equals).trim(), Summary.parse(summary.substring(equals + 1).trim()));
            }
        }
        return new ReportConventions(unfinished == null ? Unfinished.UNDEFINED : Unfinished.parse(unfinished), table,
                perMetric);
    }

    /** The summary a metric's numbers use. */
    public Summary summaryOf(String metric) {
        return perMetric.getOrDefault(metric, summary);
    }

    /**
     * Whether a metric is a rule accuracy over finished completions (NaN when none finished):
     * {@code id.R1}, {@code ood.grammatical}, {@code finetune.ood.R2 completion}, ..., not
     * {@code *.finished} itself.
     */
    public static boolean overFinishedCompletions(String metric) {
        String key = metric.startsWith(MetricKeys.FINE_TUNING) ? metric.substring(MetricKeys.FINE_TUNING.length())
                : metric;
        boolean promptSet = key.startsWith(MetricKeys.IN_DISTRIBUTION) || key.startsWith(MetricKeys.OUT_OF_DISTRIBUTION)
                || key.startsWith(MetricKeys.SOS_ONLY);
        return promptSet && !key.endsWith(".finished");
    }

    /** A run's summary value of a metric under the unfinished convention: NaN accuracies count as 0 with ZERO. */
    double apply(String metric, double value) {
        return unfinished == Unfinished.ZERO && Double.isNaN(value) && overFinishedCompletions(metric) ? 0.0 : value;
    }

    /** One line for a table's header: the conventions a reader needs to read its numbers. */
    public String describe() {
        StringBuilder text = new StringBuilder("conventions: metrics ").append(summary == Summary.MAX
                ? "max (each run's maximum over evaluations)" : "atBest (each run's value at its minimum test loss)");
        perMetric.forEach((metric, s) -> text.append(", ").append(metric).append(' ').append(s));
        text.append("; test loss at its minimum; unfinished ").append(unfinished).append(unfinished == Unfinished.ZERO
                ? " (a rule accuracy with nothing finished counts as 0)"
                : " (a rule accuracy with nothing finished is undefined, –)");
        return text.toString();
    }
}
