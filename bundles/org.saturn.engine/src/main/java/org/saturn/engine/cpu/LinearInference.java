package org.saturn.engine.cpu;

import java.util.Map;

/** {@link LinearKernel}'s forward pass: a token's logits are its row of {@code out.W} plus {@code out.b}; no state. */
final class LinearInference extends CpuInference {

    private final Map<String, float[]> w;
    private final int vocabulary;

    LinearInference(int vocabularySize, Map<String, float[]> weights) {
        this.w = weights;
        this.vocabulary = vocabularySize;
    }

    @Override
    public int vocabulary() {
        return vocabulary;
    }

    @Override
    public Sequences start(int rows) {
        return new Sequences(rows) {
            @Override
            protected float[] pass(int[] rows, int[][] tokens, boolean everyPosition) {
                float[] weight = w.get("out.W");
                float[] bias = w.get("out.b");
                int count = 0;
                for (int[] t : tokens) {
                    count += everyPosition ? t.length : 1;
                }
                float[] logits = new float[count * vocabulary];
                int k = 0;
                for (int[] t : tokens) {
                    for (int j = everyPosition ? 0 : t.length - 1; j < t.length; j++, k++) {
                        for (int v = 0; v < vocabulary; v++) {
                            logits[k * vocabulary + v] = weight[t[j] * vocabulary + v] + bias[v];
                        }
                    }
                }
                return logits;
            }

            @Override
            public void release(int row) {
                // nothing is kept per sequence
            }
        };
    }
}
