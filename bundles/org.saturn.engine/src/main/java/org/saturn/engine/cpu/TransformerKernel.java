package org.saturn.engine.cpu;

import java.util.Arrays;
import java.util.Map;

import org.saturn.engine.model.ModelSpec;
import org.saturn.engine.model.SinusoidalPositions;
import org.saturn.engine.model.Tokens;

/**
 * One seed of {@code model.TransformerNetwork}'s training graph, forward and backward: embedding
 * (x sqrt(d) unless switched off) + positions (or none), pre- or post-LN blocks of causal
 * multi-head attention (PAD keys masked if asked) and a GELU or ReLU feed-forward,
 * dropout where the graph has it, a linear read-out. Rows are sequence-major
 * ({@code row = sequence * positions + t}); attention runs per (sequence, head) on
 * {@code [positions, headWidth]} blocks. A batch may have fewer positions than the model (trimmed
 * after its last counted target).
 */
public final class TransformerKernel implements CpuNetwork {

    private final int vocabulary;
    private final int positions;
    /** Input positions of the current batch: {@link #positions} at most. */
    private int span;
    /**
     * The activated hidden layer and GELU sigmoid: per block, kept from forward to backward when the
     * layer is small (see {@link #KEPT_LIMIT}); else one block's at a time in entry 0,
     * recomputed in backward. Reused across steps.
     */
    private float[][] hiddenScratch;
    private float[][] sigmoidScratch;
    private final int d;
    private final int heads;
    private final int headWidth;
    private final int feedForward;
    private final int layers;
    private final boolean preNorm;
    private final boolean learnedPositions;
    private final boolean noPositions;
    private final boolean relu;
    private final boolean keyPaddingMask;
    /** Per row of the current batch: its input is PAD (only with the key-padding mask). */
    private boolean[] padInput;
    private final float eps;
    private final float inputScale;
    private final float queryScale;
    private final float[] sinusoidal;
    private final ModelSpec spec;
    private final boolean batchRowPositions;
    /**
     * A block's attention weights, and its activated feed-forward layer, are kept from forward to
     * backward up to this many floats each (4 MB; run/MemoryEstimate counts them): above the benchmark
     * and reduced case-study shapes (at most 0.7 M floats) and far below a paper-size batch (over 8 M,
     * recomputed in backward instead).
     */
    public static final long KEPT_LIMIT = 1L << 20;
    private long keptLimit = KEPT_LIMIT;
    /** The batch-row table, grown to the largest batch seen. */
    private float[] rowTable = new float[0];

    public TransformerKernel(ModelSpec spec, int vocabularySize, int positions) {
        if (spec.kind() != ModelSpec.Kind.TRANSFORMER) {
            throw new IllegalArgumentException("not a Transformer: " + spec.kind());
        }
        this.spec = spec;
        this.vocabulary = vocabularySize;
        this.positions = positions;
        this.d = spec.width();
        this.heads = spec.heads();
        this.headWidth = d / heads;
        this.feedForward = spec.feedForward();
        this.layers = spec.layers();
        this.preNorm = spec.norm() == ModelSpec.Norm.PRE;
        this.learnedPositions = spec.positions() == ModelSpec.Positions.LEARNED;
        this.noPositions = spec.positions() == ModelSpec.Positions.NONE;
        this.batchRowPositions = spec.positions() == ModelSpec.Positions.BATCH_ROW;
        this.relu = spec.activation() == ModelSpec.Activation.RELU;
        this.keyPaddingMask = spec.keyPaddingMask();
        this.eps = (float) spec.normEps();
        this.inputScale = spec.scaleEmbedding() ? (float) Math.sqrt(d) : 1f;
        this.queryScale = (float) (1.0 / Math.sqrt(headWidth));
        this.sinusoidal = spec.positions() == ModelSpec.Positions.SINUSOIDAL ? SinusoidalPositions.table(positions, d)
                : null;
    }

    /** Recompute attention weights and hidden layers in backward at every size (tests: both ways give the same bits). */
    TransformerKernel recomputingInBackward() {
        keptLimit = -1;
        return this;
    }

    private float[] rowTable(int sequences) {
        if (rowTable.length < sequences * d) {
            rowTable = SinusoidalPositions.rowTable(sequences, d);
        }
        return rowTable;
    }

    @Override
    public CpuInference inference(Map<String, float[]> weights) {
        return new TransformerInference(spec, vocabulary, positions, weights);
    }

    @Override
    public double lossAndGradient(Map<String, float[]> w, Map<String, float[]> g, CpuBatch batch, Dropout dropout) {
        if (batch.positions() < 1 || batch.positions() > positions) {
            throw new IllegalArgumentException("sequences must have 1 to " + positions + " input positions, not "
                    + batch.positions());
        }
        // a batch trimmed to its longest word has fewer positions than the model (causal: the same result)
        span = batch.positions();
        for (float[] gradient : g.values()) {
            Arrays.fill(gradient, 0f);
        }
        int sequences = batch.sequences();
        int n = batch.rows();

        // forward
        padInput = null;
        if (keyPaddingMask) {
            padInput = new boolean[n];
            for (int row = 0; row < n; row++) {
                padInput[row] = batch.inputs()[row] == Tokens.PAD;
            }
        }
        float[] x = new float[n * d];
        float[] table = learnedPositions ? w.get("positions") : batchRowPositions ? rowTable(sequences) : sinusoidal;
        float[] embedding = w.get("embedding");
        for (int row = 0; row < n; row++) {
            int token = batch.inputs()[row];
            // positions batchRow: the sequence's row in the batch, at every position (the papers' quirk)
            int t = batchRowPositions ? row / span : row % span;
            for (int i = 0; i < d; i++) {
                x[row * d + i] = embedding[token * d + i] * inputScale + (noPositions ? 0f : table[t * d + i]);
            }
        }
        float[] inputMask = dropout.mask(n * d);
        Dropout.apply(x, inputMask);
        Block[] blocks = new Block[layers];
        for (int l = 0; l < layers; l++) {
            blocks[l] = new Block(l, sequences, n);
            x = blocks[l].forward(w, x, dropout);
        }
        Norm last = null;
        if (preNorm) {
            last = new Norm(n);
            x = last.forward(x, w.get("final.ln.g"), w.get("final.ln.b"));
        }
        float[] logits = Linear.forward(x, n, d, vocabulary, w.get("out.W"), w.get("out.b"));
        float[] dLogits = new float[logits.length];
        double loss = CrossEntropy.lossAndGradient(logits, vocabulary, batch, dLogits);

        // backward
        float[] dx = Linear.backward(x, dLogits, n, d, vocabulary, w.get("out.W"), g.get("out.W"), g.get("out.b"));
        if (last != null) {
            dx = last.backward(dx, w.get("final.ln.g"), g.get("final.ln.g"), g.get("final.ln.b"));
        }
        for (int l = layers - 1; l >= 0; l--) {
            dx = blocks[l].backward(w, g, dx);
        }
        Dropout.apply(dx, inputMask);
        float[] dEmbedding = g.get("embedding");
        float[] dPositions = learnedPositions ? g.get("positions") : null;
        for (int row = 0; row < n; row++) {
            int token = batch.inputs()[row];
            int t = row % span;
            for (int i = 0; i < d; i++) {
                float grad = dx[row * d + i];
                dEmbedding[token * d + i] += grad * inputScale;
                if (dPositions != null) {
                    dPositions[t * d + i] += grad;
                }
            }
        }
        return loss;
    }

    /** One block's forward activations, kept for its backward pass. */
    private final class Block {
        private final String p;
        private final int sequences;
        private final int n;
        private final Norm norm1;
        private final Norm norm2;
        private float[] attentionInput;
        private float[] qkv;
        /**
         * The attention weights per (sequence, head) before dropout when they are small enough to keep
         * (see {@link #KEPT_LIMIT}); null: backward recomputes them (the very same values).
         */
        private float[][] weights;
        /** The attention weights' dropout, bit {@code bh * t * t + i * t + j} per kept weight (null without dropout). */
        private long[] weightMasks;
        private float keptScale;
        private float[] merged;
        private float[] attentionMask;
        private float[] feedForwardInput;
        /** The feed-forward pre-activation; its activation is recomputed in backward rather than kept. */
        private float[] hiddenPre;
        private long[] hiddenMask;
        private float[] outputMask;

        /** Which entry of {@link #hiddenScratch} this block's hidden layer lives in. */
        private final int scratch;
        /** Whether the hidden layer stays in its scratch entry until backward (no recomputation). */
        private final boolean keepHidden;

        Block(int layer, int sequences, int n) {
            this.p = "block" + layer + ".";
            this.keepHidden = (long) n * feedForward <= keptLimit;
            this.scratch = keepHidden ? layer : 0;
            this.sequences = sequences;
            this.n = n;
            this.norm1 = new Norm(n);
            this.norm2 = new Norm(n);
        }

        float[] forward(Map<String, float[]> w, float[] x, Dropout dropout) {
            if (preNorm) {
                attentionInput = norm1.forward(x, w.get(p + "ln1.g"), w.get(p + "ln1.b"));
                float[] attention = attention(w, attentionInput, dropout);
                float[] mid = add(x, attention);
                feedForwardInput = norm2.forward(mid, w.get(p + "ln2.g"), w.get(p + "ln2.b"));
                return add(mid, feedForward(w, feedForwardInput, dropout));
            }
            attentionInput = x;
            float[] mid = norm1.forward(add(x, attention(w, x, dropout)), w.get(p + "ln1.g"), w.get(p + "ln1.b"));
            feedForwardInput = mid;
            return norm2.forward(add(mid, feedForward(w, mid, dropout)), w.get(p + "ln2.g"), w.get(p + "ln2.b"));
        }

        float[] backward(Map<String, float[]> w, Map<String, float[]> g, float[] dOut) {
            if (preNorm) {
                float[] dMid = dOut.clone();
                float[] dFeedForwardInput = feedForwardBackward(w, g, dOut);
                addInPlace(dMid, norm2.backward(dFeedForwardInput, w.get(p + "ln2.g"), g.get(p + "ln2.g"), g.get(p + "ln2.b")));
                float[] dx = dMid.clone();
                float[] dAttentionInput = attentionBackward(w, g, dMid);
                addInPlace(dx, norm1.backward(dAttentionInput, w.get(p + "ln1.g"), g.get(p + "ln1.g"), g.get(p + "ln1.b")));
                return dx;
            }
            float[] dSum2 = norm2.backward(dOut, w.get(p + "ln2.g"), g.get(p + "ln2.g"), g.get(p + "ln2.b"));
            float[] dMid = dSum2.clone();
            addInPlace(dMid, feedForwardBackward(w, g, dSum2));
            float[] dSum1 = norm1.backward(dMid, w.get(p + "ln1.g"), g.get(p + "ln1.g"), g.get(p + "ln1.b"));
            float[] dx = dSum1.clone();
            addInPlace(dx, attentionBackward(w, g, dSum1));
            return dx;
        }

        private float[] feedForward(Map<String, float[]> w, float[] x, Dropout dropout) {
            int f = feedForward;
            hiddenPre = Linear.forward(x, n, d, f, w.get(p + "ff1.W"), w.get(p + "ff1.b"));
            hiddenMask = dropout.keptBits(hiddenPre.length);
            keptScale = dropout.keptScale();
            float[] hidden = activateHidden();
            float[] out = Linear.forward(hidden, n, f, d, w.get(p + "ff2.W"), w.get(p + "ff2.b"));
            outputMask = dropout.mask(out.length);
            Dropout.apply(out, outputMask);
            return out;
        }

        /**
         * The activated, dropped-out hidden layer from {@link #hiddenPre} into this block's entry of
         * the kernel's scratch (shared by the blocks when not kept: only one block's is live at a time),
         * the GELU's sigmoid into {@link #sigmoidScratch}.
         */
        private float[] activateHidden() {
            int length = hiddenPre.length;
            if (hiddenScratch == null) {
                hiddenScratch = new float[layers][];
                sigmoidScratch = new float[layers][];
            }
            float[] hidden = hiddenScratch[scratch];
            if (hidden == null || hidden.length != length) {
                hidden = new float[length];
                hiddenScratch[scratch] = hidden;
                sigmoidScratch[scratch] = relu ? null : new float[length];
            }
            if (relu) {
                Relu.forward(hiddenPre, hidden);
            } else {
                Gelu.forward(hiddenPre, hidden, sigmoidScratch[scratch]);
            }
            Dropout.apply(hidden, length, hiddenMask, 0, keptScale);
            return hidden;
        }

        /** Takes the gradient of the block output's feed-forward branch (before its dropout); returns d(input). */
        private float[] feedForwardBackward(Map<String, float[]> w, Map<String, float[]> g, float[] dBranch) {
            int f = feedForward;
            float[] dOut = dBranch.clone();
            Dropout.apply(dOut, outputMask);
            // as forward computed it (kept, or recomputed with the same arithmetic)
            float[] hidden = keepHidden ? hiddenScratch[scratch] : activateHidden();
            float[] dHidden = Linear.backward(hidden, dOut, n, f, d, w.get(p + "ff2.W"), g.get(p + "ff2.W"),
                    g.get(p + "ff2.b"));
            Dropout.apply(dHidden, dHidden.length, hiddenMask, 0, keptScale);
            if (relu) {
                Relu.backward(hiddenPre, dHidden);
            } else {
                Gelu.backward(hiddenPre, sigmoidScratch[scratch], dHidden);
            }
            return Linear.backward(feedForwardInput, dHidden, n, d, f, w.get(p + "ff1.W"), g.get(p + "ff1.W"),
                    g.get(p + "ff1.b"));
        }

        private float[] attention(Map<String, float[]> w, float[] x, Dropout dropout) {
            int t = span;
            int dh = headWidth;
            int width = 3 * d;
            qkv = Linear.forward(x, n, d, width, w.get(p + "qkv.W"), w.get(p + "qkv.b"));
            merged = new float[n * d];
            float[] scores = new float[t * t];
            weightMasks = dropout.keptBits(sequences * heads * t * t);
            keptScale = dropout.keptScale();
            float[] used = weightMasks == null ? null : new float[t * t];
            // kept for backward when small; else one (sequence, head) at a time and recomputed in backward
            // (kept at paper size, they were the step's largest arrays)
            boolean keep = (long) sequences * heads * t * t <= keptLimit;
            weights = keep ? new float[sequences * heads][] : null;
            float[] probabilities = keep ? null : new float[t * t];
            // q|k|v in native memory once: each head's products read its columns there and write its
            // columns of the merged heads in place (no gathering, no per-product copies)
            Blas.Native stagedQkv = staged.qkv.load(qkv, n * width);
            Blas.Native stagedMerged = staged.merged.sized(n * d);
            for (int s = 0; s < sequences; s++) {
                for (int h = 0; h < heads; h++) {
                    int bh = s * heads + h;
                    if (keep) {
                        probabilities = new float[t * t];
                        weights[bh] = probabilities;
                    }
                    attentionWeights(s, h, t, scores, probabilities);
                    float[] dropped = probabilities;
                    if (weightMasks != null) {
                        System.arraycopy(probabilities, 0, used, 0, t * t);
                        Dropout.apply(used, t * t, weightMasks, (long) bh * t * t, keptScale);
                        dropped = used;
                    }
                    Blas.gemm(false, false, t, dh, t, 1f, staged.square.load(dropped, t * t), 0, t, stagedQkv,
                            s * t * width + 2 * d + h * dh, width, 0f, stagedMerged, s * t * d + h * dh, d);
                }
            }
            stagedMerged.store(merged, n * d);
            float[] result = Linear.forward(merged, n, d, d, w.get(p + "attn.out.W"), w.get(p + "attn.out.b"));
            attentionMask = dropout.mask(result.length);
            Dropout.apply(result, attentionMask);
            return result;
        }

        /**
         * Sequence s's attention weights {@code [t, t]} in head h from the queries and keys staged in
         * {@code staged.qkv}: the causal softmax of {@code q k^T / sqrt(dh)}, PAD keys masked if
         * asked, zero above the diagonal. Forward and backward compute them alike, so recomputing them
         * gives the very same values.
         */
        private void attentionWeights(int s, int h, int t, float[] scores, float[] probabilities) {
            int dh = headWidth;
            int width = 3 * d;
            int from = s * t * width + h * dh;
            Blas.gemm(false, true, t, t, dh, queryScale, staged.qkv, from, width, staged.qkv, from + d, width, 0f,
                    staged.scores.sized(t * t), 0, t);
            staged.scores.store(scores, t * t);
            if (padInput != null) {
                // the graph's additive -1e9: exp underflows to 0 as there
                for (int j = 0; j < t; j++) {
                    if (padInput[s * t + j]) {
                        for (int i = j; i < t; i++) {
                            scores[i * t + j] += -1e9f;
                        }
                    }
                }
            }
            for (int i = 0; i < t; i++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    max = Math.max(max, scores[i * t + j]);
                }
                float sum = 0;
                for (int j = 0; j <= i; j++) {
                    float e = FloatExp.exp(scores[i * t + j] - max);
                    probabilities[i * t + j] = e;
                    sum += e;
                }
                float inverse = 1f / sum;
                for (int j = 0; j <= i; j++) {
                    probabilities[i * t + j] *= inverse;
                }
                java.util.Arrays.fill(probabilities, i * t + i + 1, (i + 1) * t, 0f);
            }
        }

        /** Takes the gradient of the attention branch (before its dropout); returns d(attention input). */
        private float[] attentionBackward(Map<String, float[]> w, Map<String, float[]> g, float[] dBranch) {
            int t = span;
            int dh = headWidth;
            int width = 3 * d;
            float[] dResult = dBranch.clone();
            Dropout.apply(dResult, attentionMask);
            float[] dMerged = Linear.backward(merged, dResult, n, d, d, w.get(p + "attn.out.W"), g.get(p + "attn.out.W"),
                    g.get(p + "attn.out.b"));
            float[] dQkv = new float[n * width];
            float[] dWeights = new float[t * t];
            float[] dScores = new float[t * t];
            float[] dropped = weightMasks == null ? null : new float[t * t];
            float[] recomputed = weights == null ? new float[t * t] : null;
            float[] scores = weights == null ? new float[t * t] : null;
            // this block's q|k|v back in native memory (later blocks overwrote it), d(merged) beside it;
            // every head's products write their columns of d(q|k|v) there, each entry once
            Blas.Native stagedQkv = staged.qkv.load(qkv, n * width);
            Blas.Native stagedDMerged = staged.merged.load(dMerged, n * d);
            Blas.Native stagedDQkv = staged.dQkv.sized(n * width);
            for (int s = 0; s < sequences; s++) {
                for (int h = 0; h < heads; h++) {
                    int bh = s * heads + h;
                    int from = s * t * width + h * dh;
                    int dOut = s * t * d + h * dh;
                    Blas.gemm(false, true, t, t, dh, 1f, stagedDMerged, dOut, d, stagedQkv, from + 2 * d, width, 0f,
                            staged.scores.sized(t * t), 0, t);
                    staged.scores.store(dWeights, t * t);
                    float[] probabilities = recomputed;
                    if (weights != null) {
                        probabilities = weights[bh];
                    } else {
                        attentionWeights(s, h, t, scores, probabilities);
                    }
                    float[] used = probabilities;
                    if (weightMasks != null) {
                        // the dropped-out weights forward used, recomputed rather than kept
                        System.arraycopy(probabilities, 0, dropped, 0, t * t);
                        Dropout.apply(dropped, t * t, weightMasks, (long) bh * t * t, keptScale);
                        used = dropped;
                    }
                    Blas.gemm(true, false, t, dh, t, 1f, staged.square.load(used, t * t), 0, t, stagedDMerged, dOut, d,
                            0f, stagedDQkv, from + 2 * d, width);
                    Dropout.apply(dWeights, t * t, weightMasks, (long) bh * t * t, keptScale);
                    for (int i = 0; i < t; i++) {
                        float dot = 0;
                        for (int j = 0; j <= i; j++) {
                            dot += probabilities[i * t + j] * dWeights[i * t + j];
                        }
                        for (int j = 0; j <= i; j++) {
                            dScores[i * t + j] = probabilities[i * t + j] * (dWeights[i * t + j] - dot);
                        }
                        for (int j = i + 1; j < t; j++) {
                            dScores[i * t + j] = 0f;
                        }
                    }
                    Blas.Native stagedDScores = staged.square.load(dScores, t * t);
                    // scores = q k^T / sqrt(dh): both gradients carry the scale
                    Blas.gemm(false, false, t, dh, t, queryScale, stagedDScores, 0, t, stagedQkv, from + d, width, 0f,
                            stagedDQkv, from, width);
                    Blas.gemm(true, false, t, dh, t, queryScale, stagedDScores, 0, t, stagedQkv, from, width, 0f,
                            stagedDQkv, from + d, width);
                }
            }
            stagedDQkv.store(dQkv, n * width);
            return Linear.backward(attentionInput, dQkv, n, d, width, w.get(p + "qkv.W"), g.get(p + "qkv.W"),
                    g.get(p + "qkv.b"));
        }
    }

    /** The native arrays the attention's per-head products work in, reused across blocks and steps. */
    private static final class Staged {
        final Blas.Native qkv = new Blas.Native();
        final Blas.Native merged = new Blas.Native();
        final Blas.Native dQkv = new Blas.Native();
        final Blas.Native scores = new Blas.Native();
        final Blas.Native square = new Blas.Native();
    }

    private final Staged staged = new Staged();

    /** LayerNorm over the last axis (population variance), with gain and bias; keeps what backward needs. */
    private final class Norm {
        private final int n;
        private final float[] normalised;
        private final float[] inverseDeviation;

        Norm(int n) {
            this.n = n;
            this.normalised = new float[n * d];
            this.inverseDeviation = new float[n];
        }

        float[] forward(float[] x, float[] gain, float[] bias) {
            float[] y = new float[n * d];
            for (int row = 0; row < n; row++) {
                int o = row * d;
                float mean = sum(x, o, d) / d;
                float variance = 0;
                float v1 = 0;
                float v2 = 0;
                float v3 = 0;
                int i = 0;
                // four partial sums: one chain of dependent additions per row was a fifth of a step
                for (; i + 3 < d; i += 4) {
                    float c0 = x[o + i] - mean;
                    float c1 = x[o + i + 1] - mean;
                    float c2 = x[o + i + 2] - mean;
                    float c3 = x[o + i + 3] - mean;
                    variance += c0 * c0;
                    v1 += c1 * c1;
                    v2 += c2 * c2;
                    v3 += c3 * c3;
                }
                for (; i < d; i++) {
                    float c = x[o + i] - mean;
                    variance += c * c;
                }
                variance = (variance + v1 + v2 + v3) / d;
                float inverse = (float) (1 / Math.sqrt(variance + eps));
                inverseDeviation[row] = inverse;
                for (int k = 0; k < d; k++) {
                    float hat = (x[o + k] - mean) * inverse;
                    normalised[o + k] = hat;
                    y[o + k] = hat * gain[k] + bias[k];
                }
            }
            return y;
        }

        float[] backward(float[] dy, float[] gain, float[] dGain, float[] dBias) {
            float[] dx = new float[n * d];
            float[] dHat = new float[d];
            float[] dHatHat = new float[d];
            for (int row = 0; row < n; row++) {
                int o = row * d;
                for (int i = 0; i < d; i++) {
                    float grad = dy[o + i];
                    float hat = normalised[o + i];
                    dGain[i] += grad * hat;
                    dBias[i] += grad;
                    float scaled = grad * gain[i];
                    dHat[i] = scaled;
                    dHatHat[i] = scaled * hat;
                }
                float meanDHat = sum(dHat, 0, d) / d;
                float meanDHatHat = sum(dHatHat, 0, d) / d;
                float inverse = inverseDeviation[row];
                for (int i = 0; i < d; i++) {
                    dx[o + i] = inverse * (dHat[i] - meanDHat - normalised[o + i] * meanDHatHat);
                }
            }
            return dx;
        }
    }

    /** {@code x[from .. from + length)} summed with four partial sums (independent addition chains). */
    private static float sum(float[] x, int from, int length) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < length; i += 4) {
            s0 += x[from + i];
            s1 += x[from + i + 1];
            s2 += x[from + i + 2];
            s3 += x[from + i + 3];
        }
        for (; i < length; i++) {
            s0 += x[from + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static float[] add(float[] a, float[] b) {
        float[] sum = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    /** {@code into += b}, in place. */
    private static void addInPlace(float[] into, float[] b) {
        for (int i = 0; i < into.length; i++) {
            into[i] += b[i];
        }
    }
}
