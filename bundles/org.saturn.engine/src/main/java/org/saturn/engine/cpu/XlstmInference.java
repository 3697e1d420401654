package org.saturn.engine.cpu;

import java.util.Map;

import org.saturn.engine.model.ModelSpec;

/**
 * {@link XlstmKernel}'s forward pass over one seed's weights, incremental: each sequence carries
 * per block its cell state (mLSTM: C, n, m per head; sLSTM: c, n, h, m per unit). A pass walks the
 * positions of its longest sequence; at each, the sequences that still have a token go through
 * every block as one batch (one GEMM per projection).
 */
final class XlstmInference extends RecurrentInference {

    private final ModelSpec spec;
    private final int width;
    private final int heads;
    private final int layers;
    private final int inner;
    private final int feedForward;

    XlstmInference(ModelSpec spec, int vocabularySize, Map<String, float[]> weights) {
        super(weights, vocabularySize);
        this.spec = spec;
        this.width = spec.width();
        this.heads = spec.heads();
        this.layers = spec.layers();
        this.inner = spec.expand() * width;
        this.feedForward = (4 * width + 2) / 3;
    }

    @Override
    public Sequences start(int rows) {
        return new State(rows);
    }

    /** Per sequence and block the cell's state arrays (zero before the first token, as the graph's). */
    private final class State extends RecurrentSequences {
        /** {@code cells[row][layer]}: mLSTM {C, n, m}; sLSTM {c, n, h, m}. */
        private final float[][][][] cells;
        /** This pass's masked recurrent weights (see {@link XlstmInference#maskedRecurrent()}). */
        private float[][][] recurrent;

        State(int rows) {
            super(rows, width);
            cells = new float[rows][][][];
        }

        @Override
        public void release(int row) {
            cells[row] = null;
        }

        @Override
        void ensureState(int row) {
            if (cells[row] == null) {
                cells[row] = fresh();
            }
        }

        private float[][][] fresh() {
            int dh = inner / heads;
            float[][][] state = new float[layers][][];
            for (int l = 0; l < layers; l++) {
                state[l] = spec.isSlstm(l)
                        ? new float[][] { new float[width], new float[width], new float[width], new float[width] }
                        : new float[][] { new float[inner * dh], new float[inner], new float[heads] };
            }
            return state;
        }

        @Override
        void beginPass() {
            recurrent = maskedRecurrent();
        }

        @Override
        float[] step(float[] x, int a, int[] stateRows) {
            float[][][] states = new float[a][][];
            for (int l = 0; l < layers; l++) {
                for (int r = 0; r < a; r++) {
                    states[r] = cells[stateRows[r]][l];
                }
                x = spec.isSlstm(l) ? slstm(l, x, a, states, recurrent[l]) : mlstm(l, x, a, states);
            }
            return ResidualStackKernel.readOut(w, x, a, width, vocabulary);
        }
    }

    /** Per sLSTM block its four recurrent weights times the block-diagonal mask (null for mLSTM blocks). */
    private float[][][] maskedRecurrent() {
        int dh = width / heads;
        float[][][] masked = new float[layers][][];
        for (int l = 0; l < layers; l++) {
            if (!spec.isSlstm(l)) {
                continue;
            }
            masked[l] = new float[4][];
            for (int j = 0; j < 4; j++) {
                float[] r = w.get("xlstm" + l + "." + SLSTM_GATES[j] + ".R");
                float[] m = new float[width * width];
                for (int i = 0; i < m.length; i++) {
                    m[i] = i / width / dh == i % width / dh ? r[i] : 0f;
                }
                masked[l][j] = m;
            }
        }
        return masked;
    }

    private static final String[] SLSTM_GATES = { "z", "i", "f", "o" };

    /** One mLSTM block for {@code a} rows at one position each; updates their states {C, n, m}. */
    private float[] mlstm(int layer, float[] x, int a, float[][][] states) {
        String p = "xlstm" + layer + ".";
        int e = inner;
        int dh = e / heads;
        float[] normed = new float[a * width];
        ResidualStackKernel.rmsNorm(x, w.get(p + "norm.g"), new float[a], normed, a, width);
        float[] xm = product(normed, a, width, e, w.get(p + "up.x.W"), 1f);
        float[] z = product(normed, a, width, e, w.get(p + "up.z.W"), 1f);
        float[] q = product(xm, a, e, e, w.get(p + "q.W"), 1f);
        float[] k = product(xm, a, e, e, w.get(p + "k.W"), (float) (1 / Math.sqrt(dh)));
        float[] v = product(xm, a, e, e, w.get(p + "v.W"), 1f);
        float[] inputGate = Linear.forward(xm, a, e, heads, w.get(p + "igate.W"), w.get(p + "igate.b"));
        float[] forgetGate = Linear.forward(xm, a, e, heads, w.get(p + "fgate.W"), w.get(p + "fgate.b"));
        float[] gated = new float[a * e];
        for (int r = 0; r < a; r++) {
            float[] c = states[r][0];
            float[] n = states[r][1];
            float[] stabiliser = states[r][2];
            for (int h = 0; h < heads; h++) {
                int gate = r * heads + h;
                float previousM = stabiliser[h];
                float logForget = XlstmKernel.logSigmoid(forgetGate[gate]);
                float m = Math.max(logForget + previousM, inputGate[gate]);
                float i = (float) Math.exp(inputGate[gate] - m);
                float f = (float) Math.exp(logForget + previousM - m);
                stabiliser[h] = m;
                int vec = r * e + h * dh;
                int state = h * dh;
                float qn = 0f;
                for (int j = 0; j < dh; j++) {
                    float next = i * k[vec + j] + f * n[state + j];
                    n[state + j] = next;
                    qn += next * q[vec + j];
                }
                float den = Math.max(Math.abs(qn), (float) Math.exp(-m));
                for (int j = 0; j < dh; j++) {
                    float value = i * v[vec + j];
                    float sum = 0f;
                    int row = (h * dh + j) * dh;
                    for (int b = 0; b < dh; b++) {
                        float cell = value * k[vec + b] + f * c[row + b];
                        c[row + b] = cell;
                        sum += cell * q[vec + b];
                    }
                    gated[vec + j] = sum / den * XlstmKernel.silu(z[vec + j]);
                }
            }
        }
        float[] out = x.clone();
        Blas.gemm(false, false, a, width, e, 1f, gated, w.get(p + "down.W"), 1f, out);
        return out;
    }

    /** One sLSTM block for {@code a} rows at one position each; updates their states {c, n, h, m}. */
    private float[] slstm(int layer, float[] x, int a, float[][][] states, float[][] recurrent) {
        String p = "xlstm" + layer + ".";
        int d = width;
        float[] normed = new float[a * d];
        ResidualStackKernel.rmsNorm(x, w.get(p + "norm.g"), new float[a], normed, a, d);
        float[] previous = new float[a * d];
        for (int r = 0; r < a; r++) {
            System.arraycopy(states[r][2], 0, previous, r * d, d);
        }
        float[][] pre = new float[4][];
        for (int j = 0; j < 4; j++) {
            pre[j] = Linear.forward(normed, a, d, d, w.get(p + SLSTM_GATES[j] + ".W"), w.get(p + SLSTM_GATES[j] + ".b"));
            Blas.gemm(false, false, a, d, d, 1f, previous, recurrent[j], 1f, pre[j]);
        }
        float[] hidden = new float[a * d];
        for (int r = 0; r < a; r++) {
            float[] c = states[r][0];
            float[] n = states[r][1];
            float[] h = states[r][2];
            float[] stabiliser = states[r][3];
            for (int u = 0; u < d; u++) {
                int i = r * d + u;
                float logForget = XlstmKernel.logSigmoid(pre[2][i]);
                float m = Math.max(logForget + stabiliser[u], pre[1][i]);
                float inGate = (float) Math.exp(pre[1][i] - m);
                float forgetGate = (float) Math.exp(logForget + stabiliser[u] - m);
                stabiliser[u] = m;
                c[u] = inGate * Activations.tanh(pre[0][i]) + forgetGate * c[u];
                n[u] = inGate + forgetGate * n[u];
                h[u] = XlstmKernel.sigmoid(pre[3][i]) * c[u] / n[u];
                hidden[i] = h[u];
            }
        }
        float[] up1 = product(hidden, a, d, feedForward, w.get(p + "ff.up1.W"), 1f);
        float[] up2 = product(hidden, a, d, feedForward, w.get(p + "ff.up2.W"), 1f);
        float[] activated = new float[up1.length];
        Gelu.forward(up1, activated, new float[up1.length]);
        for (int i = 0; i < activated.length; i++) {
            activated[i] *= up2[i];
        }
        float[] out = x.clone();
        Blas.gemm(false, false, a, d, feedForward, 1f, activated, w.get(p + "ff.down.W"), 1f, out);
        return out;
    }

    /** {@code alpha x W} for {@code x [rows, in]}, {@code W [in, out]}. */
    private static float[] product(float[] x, int rows, int in, int out, float[] weight, float alpha) {
        float[] y = new float[rows * out];
        Blas.gemm(false, false, rows, out, in, alpha, x, weight, 0f, y);
        return y;
    }
}
