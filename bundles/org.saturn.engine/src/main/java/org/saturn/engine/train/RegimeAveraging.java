package org.saturn.engine.train;

/**
 * How a regime's extra loss (adversarial, oracle) is averaged over its completed OOD prompts; the
 * mean is always over target tokens pooled across the regime batch, from the first completion token on.
 */
public enum RegimeAveraging {
    /**
     * Every target the loss convention counts, up to the end of the padded sequence: with PAD
     * targets included, the PAD predictions after EOS dilute the completion (Saturn's original rule).
     */
    SEQUENCE,
    /** Only the completion's own targets, its symbols and EOS, under either convention (the papers'). */
    COMPLETION
}
