package org.saturn.engine.model;

/** Which target positions the mean cross-entropy averages over (SCIENCE.md §4). */
public enum LossConvention {
    /** The papers' convention: every predicted position, PAD targets included (L-1 per sequence). */
    PAD_INCLUDED,
    /** Only real targets (the word's symbols and EOS). */
    PAD_EXCLUDED
}
