package org.saturn.engine.cpu;

/** ND4J's ReLU ({@code sd.nn.relu(x, 0)}): {@code max(0, x)}, gradient 1 where x > 0, else 0. */
final class Relu {

    private Relu() {
    }

    static void forward(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0f, x[i]);
        }
    }

    /** {@code gradient *= relu'(x)}, in place. */
    static void backward(float[] x, float[] gradient) {
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0f)) {
                gradient[i] = 0f;
            }
        }
    }
}
