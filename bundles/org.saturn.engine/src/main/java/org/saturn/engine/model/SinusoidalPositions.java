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
}
