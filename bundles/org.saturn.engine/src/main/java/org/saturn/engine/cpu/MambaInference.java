package org.saturn.engine.cpu;

import java.util.Map;

import org.saturn.engine.model.ModelSpec;

/**
 * {@link MambaKernel}'s forward pass over one seed's weights, incremental: each sequence carries per
 * block the selective scan's state h {@code [e, N]} and the convolution's last dConv - 1 inputs. A
 * pass walks the positions of its longest sequence; at each, the sequences that still have a token
 * go through every block as one batch (one GEMM per projection).
 */
final class MambaInference extends RecurrentInference {

    private final int width;
    private final int inner;
    private final int stateSize;
    private final int convolution;
    private final int rank;
    private final int layers;

    MambaInference(ModelSpec spec, int vocabularySize, Map<String, float[]> weights) {
        super(weights, vocabularySize);
        this.width = spec.width();
        this.inner = spec.innerWidth();
        this.stateSize = spec.stateSize();
        this.convolution = spec.convolution();
        this.rank = spec.deltaRank();
        this.layers = spec.layers();
    }

    @Override
    public Sequences start(int rows) {
        return new State(rows);
    }

    /** Per sequence and block: the scan state and the convolution window (zero before the first token). */
    private final class State extends RecurrentSequences {
        /** {@code scans[row][layer]}: h {@code [e, N]}; {@code windows[row][layer]}: the inputs {@code [dConv - 1, e]}, oldest first. */
        private final float[][][] scans;
        private final float[][][] windows;

        State(int rows) {
            super(rows, width);
            scans = new float[rows][][];
            windows = new float[rows][][];
        }

        @Override
        public void release(int row) {
            scans[row] = null;
            windows[row] = null;
        }

        @Override
        void ensureState(int row) {
            if (scans[row] == null) {
                scans[row] = new float[layers][inner * stateSize];
                windows[row] = new float[layers][(convolution - 1) * inner];
            }
        }

        @Override
        float[] step(float[] x, int a, int[] stateRows) {
            float[][] scan = new float[a][];
            float[][] window = new float[a][];
            for (int l = 0; l < layers; l++) {
                for (int r = 0; r < a; r++) {
                    scan[r] = scans[stateRows[r]][l];
                    window[r] = windows[stateRows[r]][l];
                }
                x = block(l, x, a, scan, window);
            }
            return ResidualStackKernel.readOut(w, x, a, width, vocabulary);
        }
    }

    /** One block {@code x + mixer(RMSNorm(x))} for {@code a} rows at one position each; updates their states. */
    private float[] block(int layer, float[] x, int a, float[][] scan, float[][] window) {
        String p = "mamba" + layer + ".";
        int e = inner;
        float[] normed = new float[a * width];
        ResidualStackKernel.rmsNorm(x, w.get(p + "norm.g"), new float[a], normed, a, width);
        float[] xIn = product(normed, a, width, e, w.get(p + "in.x.W"));
        float[] z = product(normed, a, width, e, w.get(p + "in.z.W"));
        float[] convW = w.get(p + "conv.W");
        float[] convB = w.get(p + "conv.b");
        float[] activated = new float[a * e];
        int kept = convolution - 1;
        for (int r = 0; r < a; r++) {
            float[] inputs = window[r];
            for (int c = 0; c < e; c++) {
                float sum = convB[c];
                for (int j = 0; j < kept; j++) {
                    sum += convW[j * e + c] * inputs[j * e + c];
                }
                sum += convW[kept * e + c] * xIn[r * e + c];
                activated[r * e + c] = MambaKernel.silu(sum);
            }
            if (kept > 0) {
                System.arraycopy(inputs, e, inputs, 0, (kept - 1) * e);
                System.arraycopy(xIn, r * e, inputs, (kept - 1) * e, e);
            }
        }
        float[] dt = product(activated, a, e, rank, w.get(p + "xproj.dt.W"));
        float[] selectB = product(activated, a, e, stateSize, w.get(p + "xproj.B.W"));
        float[] selectC = product(activated, a, e, stateSize, w.get(p + "xproj.C.W"));
        float[] delta = Linear.forward(dt, a, rank, e, w.get(p + "dt.W"), w.get(p + "dt.b"));
        float[] aLog = w.get(p + "A_log");
        float[] d = w.get(p + "D");
        float[] gated = new float[a * e];
        for (int r = 0; r < a; r++) {
            float[] h = scan[r];
            for (int c = 0; c < e; c++) {
                float step = MambaKernel.softplus(delta[r * e + c]);
                float input = activated[r * e + c];
                float y = d[c] * input;
                for (int k = 0; k < stateSize; k++) {
                    int ck = c * stateSize + k;
                    float factor = FloatExp.exp(step * (float) -Math.exp(aLog[ck]));
                    float next = factor * h[ck] + step * selectB[r * stateSize + k] * input;
                    h[ck] = next;
                    y += selectC[r * stateSize + k] * next;
                }
                gated[r * e + c] = y * MambaKernel.silu(z[r * e + c]);
            }
        }
        float[] out = x.clone();
        Blas.gemm(false, false, a, width, e, 1f, gated, w.get(p + "out.W"), 1f, out);
        return out;
    }

    /** {@code x W} for {@code x [rows, in]}, {@code W [in, out]}. */
    private static float[] product(float[] x, int rows, int in, int out, float[] weight) {
        float[] y = new float[rows * out];
        Blas.gemm(false, false, rows, out, in, 1f, x, weight, 0f, y);
        return y;
    }
}
