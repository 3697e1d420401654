package org.saturn.engine.cpu;

/**
 * tanh and the logistic sigmoid in float precision as one rational function (Eigen's fast float
 * tanh: odd degree-13 over even degree-6 polynomial on [-7.905, 7.905], clamped outside; absolute
 * and relative error below 4e-7, checked against Math.tanh). Only multiplications, additions, one
 * division and min/max: the JIT vectorises loops of it, which an exp (bit manipulation) prevents.
 */
final class Activations {

    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private Activations() {
    }

    static float tanh(float x) {
        float c = Math.max(-CLAMP, Math.min(CLAMP, x));
        float t = c * c;
        float p = c * (A1 + t * (A3 + t * (A5 + t * (A7 + t * (A9 + t * (A11 + t * A13))))));
        float q = B0 + t * (B2 + t * (B4 + t * B6));
        return p / q;
    }

    /** {@code 1 / (1 + e^-x) = (1 + tanh(x / 2)) / 2}. */
    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    /** {@code y[i] = tanh(x[i])} for i in [from, to). */
    static void tanh(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = tanh(x[i]);
        }
    }

    /** {@code x[i] = sigmoid(x[i])} in place for i in [from, to). */
    static void sigmoid(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            x[i] = sigmoid(x[i]);
        }
    }
}
