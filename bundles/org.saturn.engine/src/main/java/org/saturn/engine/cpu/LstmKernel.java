package org.saturn.engine.cpu;

import java.util.Arrays;
import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.saturn.engine.model.ModelSpec;

/**
 * One seed of {@code model.LstmNetwork}'s training graph, forward and backward (full backpropagation
 * through time): embedding, stacked LSTM layers as ND4J's {@code lstmLayer} computes them (gate
 * columns input, forget, cell, output; sigmoid gates, tanh cell and output; zero initial state),
 * dropout between layers or once before the read-out, a linear read-out.
 * <p>
 * How it is fast:
 * <ul>
 * <li>Activations are time-major (row {@code t * sequences + s}), so each position's batch is one
 * contiguous block. Per layer the input projections of all positions are one GEMM, the recurrent
 * product one GEMM per position for the whole batch, and backward the weight gradients one GEMM each
 * over all positions. The JNI binding copies every Java array it is given in and out, so the
 * per-position GEMMs work on arrays of their own (a slice of a large array would cost a copy of the
 * whole array per position) and keep {@code Wh} off-heap ({@link RecurrentProduct}).</li>
 * <li>The first layer's input is an embedding row, so its projection is a row of
 * {@code embedding x Wx} ([V, 4H], computed once per call) when the vocabulary is smaller than the
 * batch; backward the rows' gate gradients are summed per token first. That removes three of the
 * first layer's four large GEMMs.</li>
 * <li>Element-wise work runs on per-gate arrays ({@code [sequences * H]} per position, split off the
 * GEMM's interleaved rows by {@code arraycopy}) in short loops that index every array alike: C2
 * (JDK 17) vectorises only loops whose float accesses share one index expression and whose body is
 * small. Sigmoid and tanh are one branch-free rational function ({@link Activations#tanh(float)}); an exp-based
 * form was half the step's time.</li>
 * </ul>
 * An instance keeps its buffers between calls: use one per thread.
 */
public final class LstmKernel implements CpuNetwork {

    private static final int INPUT = 0;
    private static final int FORGET = 1;
    private static final int CANDIDATE = 2;
    private static final int OUTPUT = 3;

    private final ModelSpec spec;
    private final int vocabulary;
    private final int embedding;
    private final int hidden;
    private final Layer[] stack;
    /** Dropout once on the top layer's output (the papers' placement) instead of between layers. */
    private final boolean dropoutBeforeOutput;

    private int sequences = -1;
    private int positions = -1;
    /** Whether this batch shape projects tokens through {@code embedding x Wx} (vocabulary below the rows). */
    private boolean projectTokens;
    /** Time-major tokens, and the embedding rows of the batch (when not projecting tokens). */
    private int[] tokens;
    private float[] embedded;
    private float[] tokenProjection;
    private float[] tokenGateSums;
    /**
     * Per layer: its output after dropout (the next layer's input, or for the top layer the
     * read-out's), and its mask (null where none applies).
     */
    private float[][] dropped;
    private float[][] masks;
    private float[] logits;
    private float[] dLogits;
    private float[] dTop;

    public LstmKernel(ModelSpec spec, int vocabularySize) {
        if (spec.kind() != ModelSpec.Kind.LSTM) {
            throw new IllegalArgumentException("not an LSTM: " + spec.kind());
        }
        this.spec = spec;
        this.vocabulary = vocabularySize;
        this.embedding = spec.embedding();
        this.hidden = spec.width();
        this.stack = new Layer[spec.layers()];
        this.dropoutBeforeOutput = spec.lstmDropout() == ModelSpec.LstmDropout.BEFORE_OUTPUT;
        for (int l = 0; l < stack.length; l++) {
            stack[l] = new Layer("lstm" + l + ".", l == 0 ? embedding : hidden);
        }
    }

    @Override
    public CpuInference inference(Map<String, float[]> weights) {
        return new LstmInference(spec, vocabulary, weights);
    }

    @Override
    public double lossAndGradient(Map<String, float[]> w, Map<String, float[]> g, CpuBatch batch, Dropout dropout) {
        for (float[] gradient : g.values()) {
            Arrays.fill(gradient, 0f);
        }
        float[] top = forward(w, batch, dropout);
        int n = batch.rows();
        double loss = CrossEntropy.lossAndGradient(logits, vocabulary, timeMajor(batch), dLogits);
        Blas.gemm(true, false, hidden, vocabulary, n, 1f, top, dLogits, 1f, g.get("out.W"));
        float[] dOutBias = g.get("out.b");
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < vocabulary; j++) {
                dOutBias[j] += dLogits[r * vocabulary + j];
            }
        }
        Blas.gemm(false, true, n, hidden, vocabulary, 1f, dLogits, w.get("out.W"), 0f, dTop);
        float[] dx = dTop;
        applyMask(dx, masks[stack.length - 1]);
        for (int l = stack.length - 1; l > 0; l--) {
            dx = stack[l].backward(w, g, dx);
            applyMask(dx, masks[l - 1]);
        }
        Layer first = stack[0];
        first.backwardThroughTime(w, g, dx);
        float[] wx = w.get(first.prefix + "Wx");
        float[] dTable = g.get("embedding");
        int four = 4 * hidden;
        if (projectTokens) {
            // rows of one token share their input row: sum their gate gradients per token first
            Arrays.fill(tokenGateSums, 0f);
            for (int r = 0; r < n; r++) {
                int o = tokens[r] * four;
                int from = r * four;
                for (int j = 0; j < four; j++) {
                    tokenGateSums[o + j] += first.dGates[from + j];
                }
            }
            Blas.gemm(true, false, embedding, four, vocabulary, 1f, w.get("embedding"), tokenGateSums, 1f,
                    g.get(first.prefix + "Wx"));
            Blas.gemm(false, true, vocabulary, embedding, four, 1f, tokenGateSums, wx, 1f, dTable);
        } else {
            first.inputGradients(w, g, embedded);
            for (int r = 0; r < n; r++) {
                int to = tokens[r] * embedding;
                int from = r * embedding;
                for (int i = 0; i < embedding; i++) {
                    dTable[to + i] += first.dInput[from + i];
                }
            }
        }
        return loss;
    }

    /** The logits {@code [rows, V]} in the batch's (sequence-major) row order, without dropout (tests). */
    float[] logits(Map<String, float[]> w, CpuBatch batch) {
        forward(w, batch, Dropout.none());
        float[] out = new float[batch.rows() * vocabulary];
        for (int t = 0; t < positions; t++) {
            for (int s = 0; s < sequences; s++) {
                System.arraycopy(logits, (t * sequences + s) * vocabulary, out, (s * positions + t) * vocabulary,
                        vocabulary);
            }
        }
        return out;
    }

    /** Embedding, layers and read-out into {@link #logits} (time-major); returns the top layer's output. */
    private float[] forward(Map<String, float[]> w, CpuBatch batch, Dropout dropout) {
        allocate(batch.sequences(), batch.positions());
        int n = batch.rows();
        for (int t = 0; t < positions; t++) {
            for (int s = 0; s < sequences; s++) {
                tokens[t * sequences + s] = batch.inputs()[s * positions + t];
            }
        }
        float[] table = w.get("embedding");
        Layer first = stack[0];
        int four = 4 * hidden;
        if (projectTokens) {
            float[] bias = first.bias(w);
            for (int v = 0; v < vocabulary; v++) {
                System.arraycopy(bias, 0, tokenProjection, v * four, four);
            }
            Blas.gemm(false, false, vocabulary, four, embedding, 1f, table, w.get(first.prefix + "Wx"), 1f,
                    tokenProjection);
            for (int r = 0; r < n; r++) {
                System.arraycopy(tokenProjection, tokens[r] * four, first.projected, r * four, four);
            }
        } else {
            for (int r = 0; r < n; r++) {
                System.arraycopy(table, tokens[r] * embedding, embedded, r * embedding, embedding);
            }
            first.project(w, embedded);
        }
        float[] x = first.forwardThroughTime(w);
        for (int l = 1; l < stack.length; l++) {
            x = dropOut(x, l - 1, dropoutBeforeOutput ? Dropout.none() : dropout);
            stack[l].project(w, x);
            x = stack[l].forwardThroughTime(w);
        }
        x = dropOut(x, stack.length - 1, dropoutBeforeOutput ? dropout : Dropout.none());
        float[] outBias = w.get("out.b");
        for (int r = 0; r < n; r++) {
            System.arraycopy(outBias, 0, logits, r * vocabulary, vocabulary);
        }
        Blas.gemm(false, false, n, vocabulary, hidden, 1f, x, w.get("out.W"), 1f, logits);
        return x;
    }

    /** Layer {@code layer}'s output x after dropout, its mask kept for backward (x itself when none applies). */
    private float[] dropOut(float[] x, int layer, Dropout dropout) {
        // drawn in the graph's (sequence-major) element order, layer by layer
        masks[layer] = dropout.mask(sequences * positions * hidden);
        if (masks[layer] == null) {
            return x;
        }
        System.arraycopy(x, 0, dropped[layer], 0, x.length);
        applyMask(dropped[layer], masks[layer]);
        return dropped[layer];
    }

    /** {@code x *= mask} for time-major x and a sequence-major mask (nothing when the mask is null). */
    private void applyMask(float[] x, float[] mask) {
        if (mask == null) {
            return;
        }
        for (int t = 0; t < positions; t++) {
            for (int s = 0; s < sequences; s++) {
                int o = (t * sequences + s) * hidden;
                int m = (s * positions + t) * hidden;
                for (int j = 0; j < hidden; j++) {
                    x[o + j] *= mask[m + j];
                }
            }
        }
    }

    /** The batch with its rows in time-major order (for the cross-entropy over time-major logits). */
    private CpuBatch timeMajor(CpuBatch batch) {
        int n = batch.rows();
        int[] targets = new int[n];
        float[] weights = new float[n];
        for (int t = 0; t < positions; t++) {
            for (int s = 0; s < sequences; s++) {
                targets[t * sequences + s] = batch.targets()[s * positions + t];
                weights[t * sequences + s] = batch.weights()[s * positions + t];
            }
        }
        return new CpuBatch(positions, sequences, tokens, targets, weights);
    }

    private void allocate(int batchSequences, int batchPositions) {
        if (batchSequences == sequences && batchPositions == positions) {
            return;
        }
        sequences = batchSequences;
        positions = batchPositions;
        int n = sequences * positions;
        projectTokens = vocabulary < n;
        tokens = new int[n];
        embedded = projectTokens ? null : new float[n * embedding];
        tokenProjection = projectTokens ? new float[vocabulary * 4 * hidden] : null;
        tokenGateSums = projectTokens ? new float[vocabulary * 4 * hidden] : null;
        dropped = new float[stack.length][n * hidden];
        masks = new float[stack.length][];
        logits = new float[n * vocabulary];
        dLogits = new float[n * vocabulary];
        dTop = new float[n * hidden];
        for (int l = 0; l < stack.length; l++) {
            stack[l].allocate(l > 0 || !projectTokens);
        }
    }

    /** One LSTM layer over the batch; keeps its activations for the backward pass. */
    private final class Layer {
        final String prefix;
        private final int in;
        private float[] input;
        /** {@code [n, 4H]}: the input projections plus bias, all positions (interleaved gate columns). */
        float[] projected;
        /** {@code [gate][t][sequences * H]}: the activated gates i f g o per position. */
        private float[][][] gates;
        /** Per position {@code [sequences * H]}: cell state, its tanh, hidden state. */
        private float[][] cell;
        private float[][] cellTanh;
        private float[][] state;
        private float[] zeros;
        private float[] preActivation;
        /** {@code [n, H]}: the hidden states (the layer's output), and the same shifted by one position. */
        private float[] output;
        private float[] previousOutput;
        /** {@code [n, 4H]}: the gradient of the gates' pre-activations, all positions. */
        float[] dGates;
        private float[] dGatesStep;
        private float[] dGatesSum;
        private float[][] dGate;
        private float[] dState;
        private float[] dCellNow;
        private float[] dCell;
        float[] dInput;
        private RecurrentProduct recurrentProduct;

        Layer(String prefix, int in) {
            this.prefix = prefix;
            this.in = in;
        }

        void allocate(boolean needsInputGradient) {
            int n = sequences * positions;
            int block = sequences * hidden;
            projected = new float[n * 4 * hidden];
            gates = new float[4][positions][block];
            cell = new float[positions][block];
            cellTanh = new float[positions][block];
            state = new float[positions][block];
            zeros = new float[block];
            preActivation = new float[4 * block];
            output = new float[n * hidden];
            previousOutput = new float[n * hidden];
            dGates = new float[n * 4 * hidden];
            dGatesStep = new float[4 * block];
            dGatesSum = new float[4 * block];
            dGate = new float[4][block];
            dState = new float[block];
            dCellNow = new float[block];
            dCell = new float[block];
            dInput = needsInputGradient ? new float[n * in] : null;
            recurrentProduct = new RecurrentProduct(sequences, hidden);
        }

        float[] bias(Map<String, float[]> w) {
            return w.get(prefix + "b");
        }

        /** {@link #projected} = {@code x Wx + b} for time-major {@code x [n, in]}. */
        void project(Map<String, float[]> w, float[] x) {
            input = x;
            int four = 4 * hidden;
            int n = sequences * positions;
            float[] bias = bias(w);
            for (int r = 0; r < n; r++) {
                System.arraycopy(bias, 0, projected, r * four, four);
            }
            Blas.gemm(false, false, n, four, in, 1f, x, w.get(prefix + "Wx"), 1f, projected);
        }

        /** From {@link #projected} through the recurrence; returns the hidden states {@code [n, H]}, time-major. */
        float[] forwardThroughTime(Map<String, float[]> w) {
            int h = hidden;
            int four = 4 * h;
            int block = sequences * h;
            recurrentProduct.load(w.get(prefix + "Wh"));
            float[] z = preActivation;
            for (int t = 0; t < positions; t++) {
                System.arraycopy(projected, t * 4 * block, z, 0, 4 * block);
                float[] before = t == 0 ? zeros : state[t - 1];
                if (t > 0) {
                    recurrentProduct.forward(before, z);
                }
                for (int s = 0; s < sequences; s++) {
                    for (int q = 0; q < 4; q++) {
                        System.arraycopy(z, s * four + q * h, gates[q][t], s * h, h);
                    }
                }
                float[] inputGate = gates[INPUT][t];
                float[] forgetGate = gates[FORGET][t];
                float[] candidate = gates[CANDIDATE][t];
                float[] outputGate = gates[OUTPUT][t];
                sigmoid(inputGate, block);
                sigmoid(forgetGate, block);
                tanh(candidate, block);
                sigmoid(outputGate, block);
                cellUpdate(forgetGate, t == 0 ? zeros : cell[t - 1], inputGate, candidate, cell[t], block);
                hiddenState(cell[t], outputGate, cellTanh[t], state[t], block);
                System.arraycopy(state[t], 0, output, t * block, block);
                System.arraycopy(before, 0, previousOutput, t * block, block);
            }
            return output;
        }

        /** {@code dOut [n, H]} (time-major) -> the gradient of the layer input, time-major. */
        float[] backward(Map<String, float[]> w, Map<String, float[]> g, float[] dOut) {
            backwardThroughTime(w, g, dOut);
            inputGradients(w, g, input);
            return dInput;
        }

        /**
         * The recurrence backward: fills {@link #dGates} and adds the gradients of {@code Wh} and
         * {@code b}.
         */
        void backwardThroughTime(Map<String, float[]> w, Map<String, float[]> g, float[] dOut) {
            int h = hidden;
            int four = 4 * h;
            int n = sequences * positions;
            int block = sequences * h;
            recurrentProduct.load(w.get(prefix + "Wh"));
            Arrays.fill(dCell, 0f);
            Arrays.fill(dGatesSum, 0f);
            // dState: the hidden state's gradient, its output's plus the next position's recurrent one
            System.arraycopy(dOut, (positions - 1) * block, dState, 0, block);
            for (int t = positions - 1; t >= 0; t--) {
                float[] inputGate = gates[INPUT][t];
                float[] forgetGate = gates[FORGET][t];
                float[] candidate = gates[CANDIDATE][t];
                float[] outputGate = gates[OUTPUT][t];
                cellGradient(dState, outputGate, cellTanh[t], dCell, dCellNow, block);
                outputGateGradient(dState, cellTanh[t], outputGate, dGate[OUTPUT], block);
                sigmoidGradient(dCellNow, candidate, inputGate, dGate[INPUT], block);
                sigmoidGradient(dCellNow, t == 0 ? zeros : cell[t - 1], forgetGate, dGate[FORGET], block);
                candidateGradient(dCellNow, inputGate, candidate, dGate[CANDIDATE], block);
                multiply(dCellNow, forgetGate, dCell, block);
                for (int s = 0; s < sequences; s++) {
                    for (int q = 0; q < 4; q++) {
                        System.arraycopy(dGate[q], s * h, dGatesStep, s * four + q * h, h);
                    }
                }
                accumulate(dGatesStep, dGatesSum, 4 * block);
                System.arraycopy(dGatesStep, 0, dGates, t * 4 * block, 4 * block);
                if (t > 0) {
                    System.arraycopy(dOut, (t - 1) * block, dState, 0, block);
                    recurrentProduct.backward(dGatesStep, dState);
                }
            }
            Blas.gemm(true, false, h, four, n, 1f, previousOutput, dGates, 1f, g.get(prefix + "Wh"));
            float[] dBias = g.get(prefix + "b");
            for (int s = 0; s < sequences; s++) {
                for (int j = 0; j < four; j++) {
                    dBias[j] += dGatesSum[s * four + j];
                }
            }
        }

        /** After {@link #backwardThroughTime}: adds the gradient of {@code Wx}, fills {@link #dInput}. */
        void inputGradients(Map<String, float[]> w, Map<String, float[]> g, float[] x) {
            int four = 4 * hidden;
            int n = sequences * positions;
            Blas.gemm(true, false, in, four, n, 1f, x, dGates, 1f, g.get(prefix + "Wx"));
            Blas.gemm(false, true, n, in, four, 1f, dGates, w.get(prefix + "Wx"), 0f, dInput);
        }
    }

    /**
     * The per-position recurrent GEMMs on off-heap copies of their operands: with Java arrays the
     * JNI binding copies {@code Wh} in and out at every position; here it is copied once per pass,
     * and only the batch's rows move per position (10-15% of these GEMMs' time at H = 128).
     */
    private static final class RecurrentProduct {
        private final int rows;
        private final int h;
        private final FloatPointer weight;
        private final FloatPointer left;
        private final FloatPointer product;

        RecurrentProduct(int rows, int h) {
            this.rows = rows;
            this.h = h;
            this.weight = new FloatPointer((long) h * 4 * h);
            this.left = new FloatPointer((long) rows * 4 * h);
            this.product = new FloatPointer((long) rows * 4 * h);
        }

        void load(float[] recurrent) {
            weight.put(recurrent, 0, h * 4 * h);
        }

        /** {@code z += state Wh} ({@code state [rows, H]}, {@code z [rows, 4H]}). */
        void forward(float[] state, float[] z) {
            left.put(state, 0, rows * h);
            product.put(z, 0, rows * 4 * h);
            openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, rows, 4 * h, h,
                    1f, left, h, weight, 4 * h, 1f, product, 4 * h);
            product.get(z, 0, rows * 4 * h);
        }

        /** {@code dState += dz Wh^T} ({@code dz [rows, 4H]}, {@code dState [rows, H]}). */
        void backward(float[] dz, float[] dState) {
            left.put(dz, 0, rows * 4 * h);
            product.put(dState, 0, rows * h);
            openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, rows, h, 4 * h,
                    1f, left, 4 * h, weight, 4 * h, 1f, product, h);
            product.get(dState, 0, rows * h);
        }
    }

    // Element-wise passes over one position's [sequences * H] arrays, each a loop C2 vectorises.

    private static void sigmoid(float[] x, int n) {
        for (int k = 0; k < n; k++) {
            x[k] = 0.5f * tanh(0.5f * x[k]) + 0.5f;
        }
    }

    private static void tanh(float[] x, int n) {
        for (int k = 0; k < n; k++) {
            x[k] = tanh(x[k]);
        }
    }

    /** {@code c = f c' + i g}. */
    private static void cellUpdate(float[] f, float[] previousCell, float[] i, float[] g, float[] c, int n) {
        for (int k = 0; k < n; k++) {
            c[k] = f[k] * previousCell[k] + i[k] * g[k];
        }
    }

    /** {@code tanh(c)} and {@code h = o tanh(c)}. */
    private static void hiddenState(float[] c, float[] o, float[] cellTanh, float[] h, int n) {
        for (int k = 0; k < n; k++) {
            float value = tanh(c[k]);
            cellTanh[k] = value;
            h[k] = o[k] * value;
        }
    }

    /** {@code dc = dh o (1 - tanh(c)^2) + dc_carried}. */
    private static void cellGradient(float[] dh, float[] o, float[] cellTanh, float[] dCarried, float[] dc, int n) {
        for (int k = 0; k < n; k++) {
            float value = cellTanh[k];
            dc[k] = dh[k] * o[k] * (1 - value * value) + dCarried[k];
        }
    }

    /** {@code dz_o = dh tanh(c) o (1 - o)}. */
    private static void outputGateGradient(float[] dh, float[] cellTanh, float[] o, float[] dz, int n) {
        for (int k = 0; k < n; k++) {
            float gate = o[k];
            dz[k] = dh[k] * cellTanh[k] * gate * (1 - gate);
        }
    }

    /** {@code dz = dc factor s (1 - s)} for a sigmoid gate s (input: factor g; forget: factor c'). */
    private static void sigmoidGradient(float[] dc, float[] factor, float[] gate, float[] dz, int n) {
        for (int k = 0; k < n; k++) {
            float s = gate[k];
            dz[k] = dc[k] * factor[k] * s * (1 - s);
        }
    }

    /** {@code dz_g = dc i (1 - g^2)}. */
    private static void candidateGradient(float[] dc, float[] i, float[] g, float[] dz, int n) {
        for (int k = 0; k < n; k++) {
            float value = g[k];
            dz[k] = dc[k] * i[k] * (1 - value * value);
        }
    }

    private static void multiply(float[] a, float[] b, float[] out, int n) {
        for (int k = 0; k < n; k++) {
            out[k] = a[k] * b[k];
        }
    }

    private static void accumulate(float[] x, float[] sum, int n) {
        for (int k = 0; k < n; k++) {
            sum[k] += x[k];
        }
    }

    /** See {@link Activations#tanh(float)}: branch-free, so loops over it vectorise. */
    static float tanh(float x) {
        return Activations.tanh(x);
    }
}
