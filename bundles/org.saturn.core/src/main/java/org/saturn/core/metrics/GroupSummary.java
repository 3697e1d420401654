package org.saturn.core.metrics;

/** A metric over a group of runs (e.g. seeds): mean, sample standard deviation (n-1), standard error, n. */
public record GroupSummary(double mean, double std, double stderr, int n) {

    /** NaN values (runs where the metric is undefined) are left out of n. */
    public static GroupSummary of(double... values) {
        int n = 0;
        double sum = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            return new GroupSummary(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        double std = n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN;
        return new GroupSummary(mean, std, n > 1 ? std / Math.sqrt(n) : Double.NaN, n);
    }
}
