package org.saturn.engine.cpu;

import java.util.SplittableRandom;

/**
 * Inverted dropout whose masks come from a stream seeded by (seed, update): a resumed run draws the
 * very masks it would have drawn uninterrupted, and one seed's masks do not depend on which other
 * seeds train beside it.
 */
public final class Dropout {

    private final double p;
    private final SplittableRandom random;

    private Dropout(double p, SplittableRandom random) {
        this.p = p;
        this.random = random;
    }

    /** No dropout (evaluation, or p = 0). */
    public static Dropout none() {
        return new Dropout(0, null);
    }

    /** The masks of update {@code update} (1-based) of the run seeded with {@code seed}. */
    public static Dropout of(double p, long seed, long update) {
        if (p <= 0) {
            return none();
        }
        return new Dropout(p, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + update * 0xBF58476D1CE4E5B9L + 1));
    }

    public boolean active() {
        return p > 0;
    }

    /**
     * A fresh mask of {@code length} entries, each 0 (dropped) or 1/(1-p) (kept), or null when
     * inactive. Apply with {@link #apply(float[], float[])} forward and again to the gradient backward.
     */
    public float[] mask(int length) {
        if (p <= 0) {
            return null;
        }
        float kept = (float) (1 / (1 - p));
        float[] mask = new float[length];
        for (int i = 0; i < length; i++) {
            mask[i] = random.nextDouble() < p ? 0f : kept;
        }
        return mask;
    }

    /** {@code x *= mask} in place (nothing when the mask is null). */
    public static void apply(float[] x, float[] mask) {
        if (mask == null) {
            return;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] *= mask[i];
        }
    }

    /**
     * The same draws as {@link #mask(int)} (the one or the other, never both, for one mask), kept as
     * bits: bit i is set where entry i is kept. 32 times smaller than the float mask, for the masks a
     * step keeps until its backward pass. Null when inactive.
     */
    public long[] keptBits(int length) {
        if (p <= 0) {
            return null;
        }
        long[] bits = new long[(length + 63) >>> 6];
        for (int i = 0; i < length; i++) {
            if (!(random.nextDouble() < p)) {
                bits[i >>> 6] |= 1L << i;
            }
        }
        return bits;
    }

    /** The factor of a kept entry, {@code 1 / (1 - p)}. */
    public float keptScale() {
        return (float) (1 / (1 - p));
    }

    /**
     * {@code x[i] *= kept(from + i) ? scale : 0} for i in {@code [0, length)}: {@link #apply(float[], float[])}
     * with a mask from {@link #keptBits(int)} starting at bit {@code from} (nothing when the bits are null).
     */
    public static void apply(float[] x, int length, long[] bits, long from, float scale) {
        if (bits == null) {
            return;
        }
        for (int i = 0; i < length; i++) {
            long bit = from + i;
            x[i] *= (bits[(int) (bit >>> 6)] & (1L << bit)) != 0 ? scale : 0f;
        }
    }
}
