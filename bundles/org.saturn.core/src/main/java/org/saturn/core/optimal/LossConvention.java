package org.saturn.core.optimal;

import java.util.Locale;

import org.saturn.core.lang.LanguageException;

/** Which targets the mean cross-entropy averages over (SCIENCE.md §4). */
public enum LossConvention {
    /** The papers' convention: all max_length + 1 predicted positions, PAD targets included. */
    PAD,
    /** Only real targets: the word's symbols and EOS. */
    NOPAD;

    /** The values of a run's {@code loss.pad} parameter (the protocol's {@code loss includes|excludes pad}). */
    public static final String PAD_INCLUDED = "included";
    public static final String PAD_EXCLUDED = "excluded";

    /** {@code pad} or {@code nopad}: the name in run records, reports and the CLI. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LossConvention parse(String text) {
        for (LossConvention c : values()) {
            if (c.label().equalsIgnoreCase(text.strip())) {
                return c;
            }
        }
        throw new LanguageException("unknown loss convention '" + text + "'; valid: pad, nopad");
    }

    /** The convention a run's {@code loss.pad} value ({@value #PAD_INCLUDED} or {@value #PAD_EXCLUDED}) names. */
    public static LossConvention ofPadSetting(String padSetting) {
        return switch (padSetting.strip().toLowerCase(Locale.ROOT)) {
            case PAD_INCLUDED -> PAD;
            case PAD_EXCLUDED -> NOPAD;
            default -> throw new LanguageException("loss.pad is " + PAD_INCLUDED + " or " + PAD_EXCLUDED + ", not '"
                    + padSetting + "'");
        };
    }

    /** The run parameter {@code loss.pad} that names this convention. */
    public String padSetting() {
        return this == PAD ? PAD_INCLUDED : PAD_EXCLUDED;
    }

    /** Mean loss per target of a test set, given its summed word losses (nats) and summed word lengths. */
    public double perToken(double totalLoss, int words, long totalSymbols, int maxLength) {
        long targets = this == PAD ? (long) words * (maxLength + 1) : totalSymbols + words;
        return totalLoss / targets;
    }
}
