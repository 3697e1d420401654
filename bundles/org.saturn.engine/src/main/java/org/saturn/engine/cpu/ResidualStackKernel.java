package org.saturn.engine.cpu;

import java.util.Arrays;
import java.util.Map;

import org.saturn.engine.model.ModelSpec;

/**
 * The skeleton that Mamba and xLSTM share, forward and backward: embedding lookup, a stack of
 * residual blocks {@code x + mixer(RMSNorm(x))}, a final RMSNorm, a linear read-out and the
 * cross-entropy loss. Subclasses fill {@link #blocks} in their constructor. Rows are the batch's
 * own (sequence-major, row {@code s * positions + t}). An instance keeps its buffers between calls:
 * use one per thread.
 */
abstract class ResidualStackKernel implements CpuNetwork {

    /** The reference's RMSNorm epsilon (as {@code model.MambaNetwork}). */
    private static final float NORM_EPS = 1e-5f;

    final ModelSpec spec;
    final int vocabulary;
    final int width;
    /** One per layer, filled by the subclass's constructor. */
    final Block[] blocks;

    int sequences = -1;
    int positions = -1;
    /** {@code residuals[l]}: the input of block l ({@code [n, d]}); the last one is the top of the stack. */
    private float[][] residuals;
    private float[] finalScale;
    private float[] finalNormed;
    private float[] logits;
    private float[] dLogits;
    private float[] dResidual;
    private float[] dNormed;

    /** {@code article} names the kind in the error message, e.g. "a Mamba". */
    ResidualStackKernel(ModelSpec spec, int vocabularySize, ModelSpec.Kind kind, String article) {
        if (spec.kind() != kind) {
            throw new IllegalArgumentException("not " + article + " model: " + spec.kind());
        }
        this.spec = spec;
        this.vocabulary = vocabularySize;
        this.width = spec.width();
        this.blocks = new Block[spec.layers()];
    }

    @Override
    public final double lossAndGradient(Map<String, float[]> w, Map<String, float[]> g, CpuBatch batch,
            Dropout dropout) {
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

    /** The logits {@code [rows, V]} in the batch's row order (tests). */
    final float[] logits(Map<String, float[]> w, CpuBatch batch) {
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
    abstract class Block {
        final String prefix;
        /** Per row {@code 1 / sqrt(mean(x^2) + eps)}, and the normalised input {@code [n, d]}. */
        float[] scale;
        float[] normed;
        float[] dNormedIn;

        Block(String prefix) {
            this.prefix = prefix;
        }

        /** Sizes the buffers for {@code n} rows; subclasses add their own. */
        void allocate(int n) {
            scale = new float[n];
            normed = new float[n * width];
            dNormedIn = new float[n * width];
        }

        /** {@code out = x + mixer(RMSNorm(x))}. */
        abstract void forward(Map<String, float[]> w, float[] x, float[] out);

        /**
         * Given {@code dOut}, the gradient of this block's output, adds the weights' gradients to g and
         * the mixer's input gradient to {@code dOut}, which becomes the gradient of the block's input x.
         */
        abstract void backward(Map<String, float[]> w, Map<String, float[]> g, float[] x, float[] dOut);
    }

    /**
     * Inference's read-out for {@code rows} rows at one position: final RMSNorm and output projection,
     * logits {@code [rows, V]}.
     */
    static float[] readOut(Map<String, float[]> w, float[] x, int rows, int width, int vocabulary) {
        float[] normed = new float[rows * width];
        rmsNorm(x, w.get("norm.g"), new float[rows], normed, rows, width);
        return Linear.forward(normed, rows, width, vocabulary, w.get("out.W"), w.get("out.b"));
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
}
