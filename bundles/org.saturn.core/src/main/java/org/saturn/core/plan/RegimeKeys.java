package org.saturn.core.plan;

/**
 * The config keys of a regime's options (SCIENCE.md §7), shared by the spec compiler that writes
 * them and the engine that reads them. A key is written only when its value differs from Saturn's
 * original regime (the first value named below), so an absent key means that original value and
 * the configs (and run ids) of specs without the options stay as they were.
 */
public final class RegimeKeys {

    /** {@code shortest} (absent) or {@code overshoot}: how each OOD prompt is completed. */
    public static final String COMPLETION = "regime.completion";
    /** {@code sequence} (absent) or {@code completion}: how the extra loss is averaged. */
    public static final String LOSS = "regime.loss";
    /** {@code sampled} (absent) or {@code all}: which OOD prompts each step trains. */
    public static final String PROMPTS_PER_STEP = "regime.promptsPerStep";

    private RegimeKeys() {
    }
}
