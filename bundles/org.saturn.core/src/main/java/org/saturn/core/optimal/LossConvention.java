package org.saturn.core.optimal;

import java.util.Locale;

import org.saturn.core.lang.LanguageException;

/** Which targets the mean cross-entropy averages over (SCIENCE.md §4). */
public enum LossConvention {
    /** The papers' convention: all max_length + 1 predicted positions, PAD targets included. */
    PAD,
    /** Only real targets: the word's symbols and EOS. */
    NOPAD;

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

    /** Mean loss per target of a test set, given its summed word losses (nats) and summed word lengths. */
    public double perToken(double totalLoss, int words, long totalSymbols, int maxLength) {
        long targets = this == PAD ? (long) words * (maxLength + 1) : totalSymbols + words;
        return totalLoss / targets;
    }
}
