package org.saturn.engine.cpu;

/** ND4J's GELU ({@code sd.nn.gelu}): the sigmoid approximation {@code x sigmoid(1.702 x)}. */
final class Gelu {

    private static final float K = 1.702f;

    private Gelu() {
    }

    /** {@code y = x sigmoid(1.702 x)}, keeping the sigmoid for the backward pass. */
    static void forward(float[] x, float[] y, float[] sigmoid) {
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            float s = Activations.sigmoid(K * v);
            sigmoid[i] = s;
            y[i] = v * s;
        }
    }

    /** {@code gradient *= gelu'(x)}, in place, from the forward pass's sigmoid. */
    static void backward(float[] x, float[] sigmoid, float[] gradient) {
        for (int i = 0; i < x.length; i++) {
            float s = sigmoid[i];
            gradient[i] *= s + K * x[i] * s * (1 - s);
        }
    }
}
