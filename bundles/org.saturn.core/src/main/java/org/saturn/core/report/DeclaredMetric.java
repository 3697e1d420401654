package org.saturn.core.report;

import java.util.Locale;

import org.saturn.core.results.MetricSummary;

/**
 * A {@code metric} line of a study ({@code metric finetuneLoss summary last minimize}): the name the
 * researcher declared, the record's metric key it reads, which of each run's summaries it takes, and
 * the key of the run's own standard error of that value (the Hutchinson estimator's), or null.
 */
public record DeclaredMetric(String name, String key, Summary summary, boolean maximize, String stderrKey) {

    /** Which value of a run's series: its last, minimum, maximum, or the one at its minimum test loss. */
    public enum Summary {
        LAST("last"), MIN("min"), MAX("max"), AT_BEST("atBest");

        private final String literal;

        Summary(String literal) {
            this.literal = literal;
        }

        @Override
        public String toString() {
            return literal;
        }

        public static Summary parse(String text) {
            for (Summary summary : values()) {
                if (summary.literal.equalsIgnoreCase(text)) {
                    return summary;
                }
            }
            throw new IllegalArgumentException("unknown metric summary '" + text + "' (last, min, max or atBest)");
        }
    }

    public DeclaredMetric {
        if (name == null || name.isBlank() || key == null || key.isBlank() || summary == null) {
            throw new IllegalArgumentException("a declared metric needs a name, a metric key and a summary");
        }
    }

    /** The run's value under this summary. */
    public double of(MetricSummary run) {
        return switch (summary) {
            case LAST -> run.getLast();
            case MIN -> run.getMin();
            case MAX -> run.getMax();
            case AT_BEST -> run.getAtBest();
        };
    }

    /** {@code finetuneLoss (last)}: a column title. */
    public String title() {
        return name + " (" + summary + ")";
    }

    /** {@code minimize} or {@code maximize}. */
    public String direction() {
        return (maximize ? "maximize" : "minimize").toLowerCase(Locale.ROOT);
    }
}
