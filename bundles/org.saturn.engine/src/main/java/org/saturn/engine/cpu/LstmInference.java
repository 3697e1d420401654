package org.saturn.engine.cpu;

import java.util.Map;

import org.saturn.engine.model.ModelSpec;

/**
 * {@link LstmKernel}'s forward pass over one seed's weights, incremental: each sequence carries its
 * (h, c) per layer. A pass walks the positions of its longest sequence; at each, the sequences that
 * still have a token go through every layer as one batch (one input and one recurrent GEMM per layer).
 */
final class LstmInference extends RecurrentInference {

    private final int embedding;
    private final int hidden;
    private final int layers;

    LstmInference(ModelSpec spec, int vocabularySize, Map<String, float[]> weights) {
        super(weights, vocabularySize);
        this.embedding = spec.embedding();
        this.hidden = spec.width();
        this.layers = spec.layers();
    }

    @Override
    public Sequences start(int rows) {
        return new State(rows);
    }

    /** Per sequence and layer: h and c (zero before the first token, as the graph's initial state). */
    private final class State extends RecurrentSequences {
        private final float[][][] h;
        private final float[][][] c;

        State(int rows) {
            super(rows, embedding);
            h = new float[rows][][];
            c = new float[rows][][];
        }

        @Override
        public void release(int row) {
            h[row] = null;
            c[row] = null;
        }

        @Override
        void ensureState(int row) {
            if (h[row] == null) {
                h[row] = new float[layers][hidden];
                c[row] = new float[layers][hidden];
            }
        }

        @Override
        float[] step(float[] x, int a, int[] stateRows) {
            int h4 = 4 * hidden;
            int in = embedding;
            for (int l = 0; l < layers; l++) {
                String p = "lstm" + l + ".";
                float[] z = Linear.forward(x, a, in, h4, w.get(p + "Wx"), w.get(p + "b"));
                float[] previous = new float[a * hidden];
                for (int r = 0; r < a; r++) {
                    System.arraycopy(h[stateRows[r]][l], 0, previous, r * hidden, hidden);
                }
                Blas.gemm(false, false, a, h4, hidden, 1f, previous, w.get(p + "Wh"), 1f, z);
                float[] out = new float[a * hidden];
                for (int r = 0; r < a; r++) {
                    float[] hRow = h[stateRows[r]][l];
                    float[] cRow = c[stateRows[r]][l];
                    int o = r * h4;
                    for (int j = 0; j < hidden; j++) {
                        // gate columns input, forget, cell, output (ND4J's lstmLayer)
                        float inputGate = Activations.sigmoid(z[o + j]);
                        float forgetGate = Activations.sigmoid(z[o + hidden + j]);
                        float candidate = Activations.tanh(z[o + 2 * hidden + j]);
                        float outputGate = Activations.sigmoid(z[o + 3 * hidden + j]);
                        float cell = forgetGate * cRow[j] + inputGate * candidate;
                        cRow[j] = cell;
                        hRow[j] = outputGate * Activations.tanh(cell);
                    }
                    System.arraycopy(hRow, 0, out, r * hidden, hidden);
                }
                x = out;
                in = hidden;
            }
            return Linear.forward(x, a, hidden, vocabulary, w.get("out.W"), w.get("out.b"));
        }
    }
}
