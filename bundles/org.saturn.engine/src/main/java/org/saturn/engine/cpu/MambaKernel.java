package org.saturn.engine.cpu;

import java.util.Arrays;
import java.util.Map;

import org.saturn.engine.model.ModelSpec;

/**
 * One seed of {@code model.MambaNetwork}'s training graph, forward and backward: embedding, blocks
 * {@code x + mixer(RMSNorm(x))} (in_proj, causal depthwise convolution, SiLU, x_proj to (dt, B, C),
 * Δ = softplus(dt_proj(dt)), the selective scan, gating by SiLU(z), out_proj), a final RMSNorm
 * and a linear read-out. Mamba has no dropout.
 * <p>
 * Rows are the batch's own (sequence-major, row {@code s * positions + t}), so a sequence's
 * positions are consecutive and the scan walks them in order. Every projection is one GEMM over all
 * rows; the scan, the convolution and the norms are short element-wise loops. The scan's states
 * {@code h_t [e, N]} and decay factors of every row are kept for the backward pass.
 * An instance keeps its buffers between calls: use one per thread.
 */
public final class MambaKernel extends ResidualStackKernel {

    private final int inner;
    private final int stateSize;
    private final int convolution;
    private final int rank;

    public MambaKernel(ModelSpec spec, int vocabularySize) {
        super(spec, vocabularySize, ModelSpec.Kind.MAMBA, "a Mamba");
        this.inner = spec.innerWidth();
        this.stateSize = spec.stateSize();
        this.convolution = spec.convolution();
        this.rank = spec.deltaRank();
        for (int l = 0; l < blocks.length; l++) {
            blocks[l] = new MambaBlock("mamba" + l + ".");
        }
    }

    @Override
    public CpuInference inference(Map<String, float[]> weights) {
        return new MambaInference(spec, vocabulary, weights);
    }

    /** The Mamba block: in_proj, convolution, selective scan, gating, out_proj. */
    private final class MambaBlock extends Block {
        /** in_proj's outputs x and z {@code [n, e]} (weights in.x.W and in.z.W: the reference's one in_proj). */
        private float[] xIn;
        private float[] z;
        /** The convolution's output before SiLU, and after ({@code [n, e]} each). */
        private float[] convolved;
        private float[] activated;
        /** x_proj's outputs dt {@code [n, rank]}, B and C {@code [n, N]}. */
        private float[] dt;
        private float[] selectB;
        private float[] selectC;
        /** dt_proj's output before softplus, and Δ ({@code [n, e]} each). */
        private float[] deltaInput;
        private float[] delta;
        /**
         * The scan's state after every row {@code [n, e * N]} and its decay factors
         * {@code exp(Δ A)} (kept: the exponentials are most of the scan's time), its output y, and
         * {@code y SiLU(z)}.
         */
        private float[] scanStates;
        private float[] decays;
        private float[] scanned;
        private float[] gated;
        private float[] decay;
        private float[] dGated;
        private float[] dScanned;
        private float[] dX;
        private float[] dZ;
        private float[] dActivated;
        private float[] dDelta;
        private float[] dDt;
        private float[] dB;
        private float[] dC;
        private float[] dState;
        private float[] dDecayLog;

        MambaBlock(String prefix) {
            super(prefix);
        }

        @Override
        void allocate(int n) {
            super.allocate(n);
            xIn = new float[n * inner];
            z = new float[n * inner];
            convolved = new float[n * inner];
            activated = new float[n * inner];
            dt = new float[n * rank];
            selectB = new float[n * stateSize];
            selectC = new float[n * stateSize];
            deltaInput = new float[n * inner];
            delta = new float[n * inner];
            scanStates = new float[n * inner * stateSize];
            decays = new float[n * inner * stateSize];
            scanned = new float[n * inner];
            gated = new float[n * inner];
            decay = new float[inner * stateSize];
            dGated = new float[n * inner];
            dScanned = new float[n * inner];
            dX = new float[n * inner];
            dZ = new float[n * inner];
            dActivated = new float[n * inner];
            dDelta = new float[n * inner];
            dDt = new float[n * rank];
            dB = new float[n * stateSize];
            dC = new float[n * stateSize];
            dState = new float[inner * stateSize];
            dDecayLog = new float[inner * stateSize];
        }

        @Override
        void forward(Map<String, float[]> w, float[] x, float[] out) {
            int n = sequences * positions;
            int e = inner;
            rmsNorm(x, w.get(prefix + "norm.g"), scale, normed, n, width);
            Blas.gemm(false, false, n, e, width, 1f, normed, w.get(prefix + "in.x.W"), 0f, xIn);
            Blas.gemm(false, false, n, e, width, 1f, normed, w.get(prefix + "in.z.W"), 0f, z);
            float[] convW = w.get(prefix + "conv.W");
            float[] convB = w.get(prefix + "conv.b");
            for (int s = 0; s < sequences; s++) {
                for (int t = 0; t < positions; t++) {
                    int r = s * positions + t;
                    for (int c = 0; c < e; c++) {
                        float sum = convB[c];
                        for (int j = Math.max(0, convolution - 1 - t); j < convolution; j++) {
                            sum += convW[j * e + c] * xIn[(r + j - convolution + 1) * e + c];
                        }
                        convolved[r * e + c] = sum;
                        activated[r * e + c] = silu(sum);
                    }
                }
            }
            Blas.gemm(false, false, n, rank, e, 1f, activated, w.get(prefix + "xproj.dt.W"), 0f, dt);
            Blas.gemm(false, false, n, stateSize, e, 1f, activated, w.get(prefix + "xproj.B.W"), 0f, selectB);
            Blas.gemm(false, false, n, stateSize, e, 1f, activated, w.get(prefix + "xproj.C.W"), 0f, selectC);
            float[] dtBias = w.get(prefix + "dt.b");
            for (int r = 0; r < n; r++) {
                System.arraycopy(dtBias, 0, deltaInput, r * e, e);
            }
            Blas.gemm(false, false, n, e, rank, 1f, dt, w.get(prefix + "dt.W"), 1f, deltaInput);
            for (int i = 0; i < n * e; i++) {
                delta[i] = softplus(deltaInput[i]);
            }
            float[] a = stateMatrix(w.get(prefix + "A_log"));
            float[] d = w.get(prefix + "D");
            for (int s = 0; s < sequences; s++) {
                for (int t = 0; t < positions; t++) {
                    int r = s * positions + t;
                    int bOffset = r * stateSize;
                    for (int c = 0; c < e; c++) {
                        float step = delta[r * e + c];
                        float input = activated[r * e + c];
                        int h = (r * e + c) * stateSize;
                        float y = d[c] * input;
                        for (int k = 0; k < stateSize; k++) {
                            float previous = t == 0 ? 0f : scanStates[h - e * stateSize + k];
                            float factor = FloatExp.exp(step * a[c * stateSize + k]);
                            decays[h + k] = factor;
                            float next = factor * previous + step * selectB[bOffset + k] * input;
                            scanStates[h + k] = next;
                            y += selectC[bOffset + k] * next;
                        }
                        scanned[r * e + c] = y;
                        gated[r * e + c] = y * silu(z[r * e + c]);
                    }
                }
            }
            System.arraycopy(x, 0, out, 0, n * width);
            Blas.gemm(false, false, n, width, e, 1f, gated, w.get(prefix + "out.W"), 1f, out);
        }

        @Override
        void backward(Map<String, float[]> w, Map<String, float[]> g, float[] x, float[] dOut) {
            int n = sequences * positions;
            int e = inner;
            Blas.gemm(true, false, e, width, n, 1f, gated, dOut, 1f, g.get(prefix + "out.W"));
            Blas.gemm(false, true, n, e, width, 1f, dOut, w.get(prefix + "out.W"), 0f, dGated);
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < e; c++) {
                    int i = r * e + c;
                    float gate = z[i];
                    float sigmoid = sigmoid(gate);
                    dScanned[i] = dGated[i] * gate * sigmoid;
                    dZ[i] = dGated[i] * scanned[i] * sigmoid * (1 + gate * (1 - sigmoid));
                    dX[i] = 0f;
                }
            }
            float[] a = stateMatrix(w.get(prefix + "A_log"));
            float[] d = w.get(prefix + "D");
            float[] dD = g.get(prefix + "D");
            Arrays.fill(dB, 0f);
            Arrays.fill(dC, 0f);
            Arrays.fill(dDecayLog, 0f);
            for (int s = 0; s < sequences; s++) {
                Arrays.fill(dState, 0f);
                for (int t = positions - 1; t >= 0; t--) {
                    int r = s * positions + t;
                    int bOffset = r * stateSize;
                    for (int c = 0; c < e; c++) {
                        int i = r * e + c;
                        float dy = dScanned[i];
                        float step = delta[i];
                        float input = activated[i];
                        int h = i * stateSize;
                        dD[c] += dy * input;
                        float dInput = dy * d[c];
                        float dStep = 0f;
                        for (int k = 0; k < stateSize; k++) {
                            int ck = c * stateSize + k;
                            float dh = dState[ck] + dy * selectC[bOffset + k];
                            dC[bOffset + k] += dy * scanStates[h + k];
                            float previous = t == 0 ? 0f : scanStates[h - e * stateSize + k];
                            float factor = decays[h + k];
                            float b = selectB[bOffset + k];
                            dStep += dh * (a[ck] * factor * previous + b * input);
                            dDecayLog[ck] += dh * factor * step * previous;
                            dB[bOffset + k] += dh * step * input;
                            dInput += dh * step * b;
                            dState[ck] = dh * factor;
                        }
                        dDelta[i] = dStep * sigmoid(deltaInput[i]);
                        dActivated[i] = dInput;
                    }
                }
            }
            float[] dALog = g.get(prefix + "A_log");
            for (int ck = 0; ck < e * stateSize; ck++) {
                dALog[ck] += dDecayLog[ck] * a[ck]; // A = -exp(A_log): dA/dA_log = A
            }
            float[] dDtBias = g.get(prefix + "dt.b");
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < e; c++) {
                    dDtBias[c] += dDelta[r * e + c];
                }
            }
            Blas.gemm(true, false, rank, e, n, 1f, dt, dDelta, 1f, g.get(prefix + "dt.W"));
            Blas.gemm(false, true, n, rank, e, 1f, dDelta, w.get(prefix + "dt.W"), 0f, dDt);
            Blas.gemm(true, false, e, rank, n, 1f, activated, dDt, 1f, g.get(prefix + "xproj.dt.W"));
            Blas.gemm(true, false, e, stateSize, n, 1f, activated, dB, 1f, g.get(prefix + "xproj.B.W"));
            Blas.gemm(true, false, e, stateSize, n, 1f, activated, dC, 1f, g.get(prefix + "xproj.C.W"));
            Blas.gemm(false, true, n, e, rank, 1f, dDt, w.get(prefix + "xproj.dt.W"), 1f, dActivated);
            Blas.gemm(false, true, n, e, stateSize, 1f, dB, w.get(prefix + "xproj.B.W"), 1f, dActivated);
            Blas.gemm(false, true, n, e, stateSize, 1f, dC, w.get(prefix + "xproj.C.W"), 1f, dActivated);
            float[] convW = w.get(prefix + "conv.W");
            float[] dConvW = g.get(prefix + "conv.W");
            float[] dConvB = g.get(prefix + "conv.b");
            for (int s = 0; s < sequences; s++) {
                for (int t = 0; t < positions; t++) {
                    int r = s * positions + t;
                    for (int c = 0; c < e; c++) {
                        float pre = convolved[r * e + c];
                        float sigmoid = sigmoid(pre);
                        float dPre = dActivated[r * e + c] * sigmoid * (1 + pre * (1 - sigmoid));
                        dConvB[c] += dPre;
                        for (int j = Math.max(0, convolution - 1 - t); j < convolution; j++) {
                            int source = (r + j - convolution + 1) * e + c;
                            dConvW[j * e + c] += dPre * xIn[source];
                            dX[source] += dPre * convW[j * e + c];
                        }
                    }
                }
            }
            Blas.gemm(true, false, width, e, n, 1f, normed, dX, 1f, g.get(prefix + "in.x.W"));
            Blas.gemm(true, false, width, e, n, 1f, normed, dZ, 1f, g.get(prefix + "in.z.W"));
            Blas.gemm(false, true, n, width, e, 1f, dX, w.get(prefix + "in.x.W"), 0f, dNormedIn);
            Blas.gemm(false, true, n, width, e, 1f, dZ, w.get(prefix + "in.z.W"), 1f, dNormedIn);
            rmsNormBackward(x, scale, w.get(prefix + "norm.g"), dNormedIn, g.get(prefix + "norm.g"), dOut, n, width);
        }

        /** {@code A = -exp(A_log)} {@code [e, N]} (into a buffer of this block). */
        private float[] stateMatrix(float[] aLog) {
            for (int i = 0; i < aLog.length; i++) {
                decay[i] = (float) -Math.exp(aLog[i]);
            }
            return decay;
        }
    }

    private static float sigmoid(float x) {
        return 0.5f * Activations.tanh(0.5f * x) + 0.5f;
    }

    static float silu(float x) {
        return x * sigmoid(x);
    }

    /** {@code log(1 + exp(x))}, without overflow. */
    static float softplus(float x) {
        return x > 20f ? x : (float) Math.log1p(Math.exp(x));
    }
}
