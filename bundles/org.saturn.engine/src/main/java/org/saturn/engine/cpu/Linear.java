package org.saturn.engine.cpu;

/** {@code y = x W + b} over rows, and its backward pass. */
final class Linear {

    private Linear() {
    }

    /** {@code x [rows, in] W [in, out] + b [out]}. */
    static float[] forward(float[] x, int rows, int in, int out, float[] weight, float[] bias) {
        float[] y = new float[rows * out];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, 0, y, r * out, out);
        }
        Blas.gemm(false, false, rows, out, in, 1f, x, weight, 1f, y);
        return y;
    }

    /**
     * Adds {@code x^T dy} to {@code dWeight} and the column sums of dy to {@code dBias}; returns
     * {@code dy W^T}.
     */
    static float[] backward(float[] x, float[] dy, int rows, int in, int out, float[] weight, float[] dWeight,
            float[] dBias) {
        float[] dx = new float[rows * in];
        Blas.linearBackward(x, dy, rows, in, out, weight, dWeight, dBias, dx);
        return dx;
    }
}
