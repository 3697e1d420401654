package org.saturn.core.report;

/**
 * A metric aggregated over the seeds of a group at each step where at least one seed has a value:
 * the mean, the sample standard deviation (n-1; NaN where only one seed has a value) and n.
 */
public record SeedBand(String key, double[] steps, double[] mean, double[] std, int[] n) {

    public int size() {
        return steps.length;
    }

    /** mean - std (the lower edge of the band); the mean itself where std is undefined. */
    public double lower(int i) {
        return Double.isNaN(std[i]) ? mean[i] : mean[i] - std[i];
    }

    public double upper(int i) {
        return Double.isNaN(std[i]) ? mean[i] : mean[i] + std[i];
    }
}
