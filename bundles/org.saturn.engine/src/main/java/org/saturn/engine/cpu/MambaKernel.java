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
public final class MambaKernel implements CpuNetwork {

    /** The reference's RMSNorm epsilon (as {@code model.MambaNetwork}). */
    private static final float NORM_EPS = 1e-5f;

    private final ModelSpec spec;
    private final int vocabulary;
    private final int width;
    private final int inner;
    private final int stateSize;
    private final int convolution;
    private final int rank;
    private final Block[] blocks;

    private int sequences = -1;
    private int positions = -1;
    /** {@code residuals[l]}: the input of block l ({@code [n, d]}); the last one is the top of the stack. */
    private float[][] residuals;
    private float[] finalScale;
    private float[] finalNormed;
    private float[] logits;
    private float[] dLogits;
    private float[] dResidual;
    private float[] dNormed;

    public MambaKernel(ModelSpec spec, int vocabularySize) {
        if (spec.kind() != ModelSpec.Kind.MAMBA) {
            throw new IllegalArgumentException("not a Mamba model: " + spec.kind());
        }
        this.spec = spec;
        this.vocabulary = vocabularySize;
        this.width = spec.width();
        this.inner = spec.innerWidth();
        this.stateSize = spec.stateSize();
        this.convolution = spec.convolution();
        this.rank = spec.deltaRank();
        this.blocks = new Block[spec.layers()];
        for (int l = 0; l < blocks.length; l++) {
            blocks[l] = new Block("mamba" + l + ".");
        }
    }

    @Override
    public double lossAndGradient(Map<String, float[]> w, Map<String, float[]> g, CpuBatch batch, Dropout dropout) {
        for (float[] gradient : g.values()) {
            Arrays.fill(gradient, 0f);
        }
        forward(w, batch);
        int n = batch.rows();
        double loss = CrossEntropy.lossAndGradient(logits, vocabulary, batch, dLogits);
        Blas.gemm(true, false, width, vocabulary, n, 1f, finalNormed, dLogits, 1f, g.get("out.W"));
        float[] dOutBias = g.get("out.b");
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < vocabulary; j++) {
                dOutBias[j] += dLogits[r * vocabulary + j];
            }
        }
        Blas.gemm(false, true, n, width, vocabulary, 1f, dLogits, w.get("out.W"), 0f, dNormed);
        Arrays.fill(dResidual, 0f);
        rmsNormBackward(residuals[blocks.length], finalScale, w.get("norm.g"), dNormed, g.get("norm.g"), dResidual,
                n, width);
        for (int l = blocks.length - 1; l >= 0; l--) {
            blocks[l].backward(w, g, residuals[l], dResidual);
        }
        float[] dTable = g.get("embedding");
        int[] tokens = batch.inputs();
        for (int r = 0; r < n; r++) {
            int to = tokens[r] * width;
            for (int i = 0; i < width; i++) {
                dTable[to + i] += dResidual[r * width + i];
            }
        }
        return loss;
    }

    @Override
    public CpuInference inference(Map<String, float[]> weights) {
        return new MambaInference(spec, vocabulary, weights);
    }

    /** The logits {@code [rows, V]} in the batch's row order (tests). */
    float[] logits(Map<String, float[]> w, CpuBatch batch) {
        forward(w, batch);
        return Arrays.copyOf(logits, batch.rows() * vocabulary);
    }

    private void forward(Map<String, float[]> w, CpuBatch batch) {
        allocate(batch.sequences(), batch.positions());
        int n = batch.rows();
        float[] table = w.get("embedding");
        for (int r = 0; r < n; r++) {
            System.arraycopy(table, batch.inputs()[r] * width, residuals[0], r * width, width);
        }
        for (int l = 0; l < blocks.length; l++) {
            blocks[l].forward(w, residuals[l], residuals[l + 1]);
        }
        rmsNorm(residuals[blocks.length], w.get("norm.g"), finalScale, finalNormed, n, width);
        float[] outBias = w.get("out.b");
        for (int r = 0; r < n; r++) {
            System.arraycopy(outBias, 0, logits, r * vocabulary, vocabulary);
        }
        Blas.gemm(false, false, n, vocabulary, width, 1f, finalNormed, w.get("out.W"), 1f, logits);
    }

    private void allocate(int batchSequences, int batchPositions) {
        if (batchSequences == sequences && batchPositions == positions) {
            return;
        }
        sequences = batchSequences;
        positions = batchPositions;
        int n = sequences * positions;
        residuals = new float[blocks.length + 1][n * width];
        finalScale = new float[n];
        finalNormed = new float[n * width];
        logits = new float[n * vocabulary];
        dLogits = new float[n * vocabulary];
        dResidual = new float[n * width];
        dNormed = new float[n * width];
        for (Block block : blocks) {
            block.allocate(n);
        }
    }

    /** One residual block; keeps its activations for the backward pass. */
    private final class Block {
        private final String prefix;
        /** Per row {@code 1 / sqrt(mean(x^2) + eps)}, and the normalised input {@code [n, d]}. */
        private float[] scale;
        private float[] normed;
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
        private float[] dNormedIn;

        Block(String prefix) {
            this.prefix = prefix;
        }

        void allocate(int n) {
            scale = new float[n];
            normed = new float[n * width];
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
            dNormedIn = new float[n * width];
        }

        /** {@code out = x + mixer(RMSNorm(x))}. */
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

        /**
         * Given {@code dOut}, the gradient of this block's output, adds the weights' gradients to g and
         * the mixer's input gradient to {@code dOut}, which becomes the gradient of the block's input x.
         */
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

    /** {@code out = x / sqrt(mean(x^2) + eps) gain} per row of {@code [n, d]}; keeps each row's factor. */
    static void rmsNorm(float[] x, float[] gain, float[] scale, float[] out, int n, int d) {
        for (int r = 0; r < n; r++) {
            float sum = 0f;
            for (int j = 0; j < d; j++) {
                float v = x[r * d + j];
                sum += v * v;
            }
            float factor = (float) (1 / Math.sqrt(sum / d + NORM_EPS));
            scale[r] = factor;
            for (int j = 0; j < d; j++) {
                out[r * d + j] = x[r * d + j] * factor * gain[j];
            }
        }
    }

    /** Adds the gain's gradient to {@code dGain} and the input's to {@code dx}, given the output's {@code dOut}. */
    static void rmsNormBackward(float[] x, float[] scale, float[] gain, float[] dOut, float[] dGain,
            float[] dx, int n, int d) {
        for (int r = 0; r < n; r++) {
            float factor = scale[r];
            float dot = 0f;
            for (int j = 0; j < d; j++) {
                int i = r * d + j;
                dGain[j] += dOut[i] * x[i] * factor;
                dot += dOut[i] * gain[j] * x[i];
            }
            float correction = factor * factor * factor * dot / d;
            for (int j = 0; j < d; j++) {
                int i = r * d + j;
                dx[i] += factor * dOut[i] * gain[j] - x[i] * correction;
            }
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
