package org.saturn.core.lang.gen;

/**
 * A number that is either exact or a Monte-Carlo estimate with a 95% confidence interval
 * {@code [low, high]} (both equal to the value when exact).
 */
public record Estimate(double value, boolean exact, double low, double high) {

    public static Estimate exact(double value) {
        return new Estimate(value, true, value, value);
    }

    /** Mean of samples with a normal-approximation 95% interval, mean ± 1.96·sd/√n. */
    public static Estimate ofSamples(double[] samples) {
        int n = samples.length;
        double mean = 0;
        for (double x : samples) {
            mean += x;
        }
        mean /= n;
        double squares = 0;
        for (double x : samples) {
            squares += (x - mean) * (x - mean);
        }
        double halfWidth = n > 1 ? 1.96 * Math.sqrt(squares / (n - 1) / n) : Double.POSITIVE_INFINITY;
        return new Estimate(mean, false, mean - halfWidth, mean + halfWidth);
    }

    /** This estimate divided by a positive exact number. */
    public Estimate dividedBy(double divisor) {
        return new Estimate(value / divisor, exact, low / divisor, high / divisor);
    }

    /** {@code null} when exact, else {@code [low, high]}. */
    public double[] ci95() {
        return exact ? null : new double[] { low, high };
    }
}
