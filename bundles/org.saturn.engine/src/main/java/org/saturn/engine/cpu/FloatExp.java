package org.saturn.engine.cpu;

/**
 * {@code exp} in float precision without a call: range reduction by ln 2 and a degree-6 Taylor
 * polynomial on |r| <= ln(2)/2 (relative error below 3e-7, float's own rounding). Java's
 * {@code Math.exp} is a double-precision call and took a large share of a Transformer step in its
 * softmax (GELU and the LSTM's gates use {@link Activations}, which vectorises).
 */
final class FloatExp {

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;

    private FloatExp() {
    }

    static float exp(float x) {
        if (x < -87f) {
            return x != x ? x : 0f;
        }
        if (x > 88f) {
            return Float.POSITIVE_INFINITY;
        }
        float n = (float) Math.rint(x * LOG2E);
        float r = x - n * LN2_HIGH - n * LN2_LOW;
        float p = 1f + r * (1f + r * (0.5f + r * (1f / 6 + r * (1f / 24 + r * (1f / 120 + r * (1f / 720))))));
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }
}
