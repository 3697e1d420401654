package org.saturn.engine.model;

/** The Transformer's fixed position encoding (Vaswani et al.): sin on even, cos on odd features. */
public final class SinusoidalPositions {

    private SinusoidalPositions() {
    }

    /** The table {@code [positions, d]}, row-major. */
    public static float[] table(int positions, int d) {
        float[] table = new float[positions * d];
        for (int pos = 0; pos < positions; pos++) {
            for (int i = 0; i < d; i++) {
                double angle = pos / Math.pow(10000, (2 * (i / 2)) / (double) d);
                table[pos * d + i] = (float) (i % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return table;
    }

    /**
     * The angles' frequencies {@code 1 / 10000^(2 floor(i/2) / d)} as floats: the batch-row table
     * multiplies them by the row in float arithmetic, as the graph does, so kernel and graph agree.
     */
    public static float[] frequencies(int d) {
        float[] frequencies = new float[d];
        for (int i = 0; i < d; i++) {
            frequencies[i] = (float) (1 / Math.pow(10000, (2 * (i / 2)) / (double) d));
        }
        return frequencies;
    }

    /** The table {@code [rows, d]} of {@code positions batchRow}: sin or cos of {@code (float) row * frequency}. */
    public static float[] rowTable(int rows, int d) {
        float[] frequencies = frequencies(d);
        float[] table = new float[rows * d];
        for (int row = 0; row < rows; row++) {
            for (int i = 0; i < d; i++) {
                float angle = row * frequencies[i];
                table[row * d + i] = (float) (i % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return table;
    }
}
