package org.saturn.core.optimal;

import java.util.Locale;

/**
 * The minimal achievable test loss of a language: the entropy of its word distribution (nats per
 * word) divided by the expected number of targets under the convention. {@code ci95} is null when
 * exact, else the Monte-Carlo 95% interval of {@code optimalLoss}.
 */
public record OptimalLossResult(String language, int maxLength, LossConvention convention, double entropyPerWord,
        double optimalLoss, boolean exact, double[] ci95) {

    /** One line, e.g. {@code anbn  max length 256  pad  entropy 4.8520 nats/word  optimal loss 0.018879 nats/token (exact)}. */
    public String describe() {
        String accuracy = exact ? "exact"
                : String.format(Locale.ROOT, "Monte-Carlo, 95%% CI [%s, %s]", significant(ci95[0]), significant(ci95[1]));
        return String.format(Locale.ROOT, "%s  max length %d  %s  entropy %s nats/word  optimal loss %s nats/token (%s)",
                language, maxLength, convention.label(), significant(entropyPerWord), significant(optimalLoss), accuracy);
    }

    /** Five significant digits. */
    public static String significant(double value) {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(5)).toPlainString();
    }
}
