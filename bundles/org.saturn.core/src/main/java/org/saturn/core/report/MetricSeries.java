package org.saturn.core.report;

/**
 * One metric of one run over training steps, in step order (the x values are steps as doubles,
 * ready for a chart).
 */
public record MetricSeries(String key, double[] steps, double[] values) {

    public int size() {
        return steps.length;
    }

    public double last() {
        return values.length == 0 ? Double.NaN : values[values.length - 1];
    }
}
