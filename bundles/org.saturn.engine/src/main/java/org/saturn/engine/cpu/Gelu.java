package org.saturn.engine.cpu;

/** ND4J's GELU ({@code sd.nn.gelu}): the sigmoid approximation {@code x sigmoid(1.702 x)}. */
final class Gelu {

    private static final float K = 1.702f;

    private Gelu() {
    }

    static void forward(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = v / (1f + (float) Math.exp(-K * v));
        }
    }

    /** {@code gradient *= gelu'(x)}, in place. */
    static void backward(float[] x, float[] gradient) {
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            float s = 1f / (1f + (float) Math.exp(-K * v));
            gradient[i] *= s + K * v * s * (1 - s);
        }
    }
}
