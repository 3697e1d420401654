package org.saturn.engine.cpu;

import java.util.Arrays;
import java.util.Map;

import org.saturn.engine.model.ModelSpec;

/**
 * One seed of {@code model.LstmNetwork}'s training graph, forward and backward (full backpropagation
 * through time): embedding, stacked LSTM layers as ND4J's {@code lstmLayer} computes them (gate
 * columns input, forget, cell, output; sigmoid gates, tanh cell and output; zero initial state),
 * dropout between layers, a linear read-out.
 * <p>
 * Per layer the input projections of all positions are one GEMM, the recurrent product one GEMM
 * per position for the whole batch, and backward the weight gradients one GEMM each over all
 * positions. Per-position state is kept time-major ({@code [t][sequence * width]}).
 */
public final class LstmKernel implements CpuNetwork {

    private final int vocabulary;
    private final int embedding;
    private final int hidden;
    private final int layers;

    public LstmKernel(ModelSpec spec, int vocabularySize) {
        if (spec.kind() != ModelSpec.Kind.LSTM) {
            throw new IllegalArgumentException("not an LSTM: " + spec.kind());
        }
        this.vocabulary = vocabularySize;
        this.embedding = spec.embedding();
        this.hidden = spec.width();
        this.layers = spec.layers();
    }

    @Override
    public double lossAndGradient(Map<String, float[]> w, Map<String, float[]> g, CpuBatch batch, Dropout dropout) {
        for (float[] gradient : g.values()) {
            Arrays.fill(gradient, 0f);
        }
        int n = batch.rows();
        float[] table = w.get("embedding");
        float[] x = new float[n * embedding];
        for (int row = 0; row < n; row++) {
            System.arraycopy(table, batch.inputs()[row] * embedding, x, row * embedding, embedding);
        }
        Layer[] stack = new Layer[layers];
        float[][] masks = new float[layers][];
        for (int l = 0; l < layers; l++) {
            stack[l] = new Layer("lstm" + l + ".", l == 0 ? embedding : hidden, batch.sequences(), batch.positions());
            x = stack[l].forward(w, x);
            if (l < layers - 1) {
                masks[l] = dropout.mask(x.length);
                Dropout.apply(x, masks[l]);
            }
        }
        float[] logits = Linear.forward(x, n, hidden, vocabulary, w.get("out.W"), w.get("out.b"));
        float[] dLogits = new float[logits.length];
        double loss = CrossEntropy.lossAndGradient(logits, vocabulary, batch, dLogits);
        float[] dx = Linear.backward(x, dLogits, n, hidden, vocabulary, w.get("out.W"), g.get("out.W"), g.get("out.b"));
        for (int l = layers - 1; l >= 0; l--) {
            Dropout.apply(dx, masks[l]);
            dx = stack[l].backward(w, g, dx);
        }
        float[] dTable = g.get("embedding");
        for (int row = 0; row < n; row++) {
            int o = batch.inputs()[row] * embedding;
            for (int i = 0; i < embedding; i++) {
                dTable[o + i] += dx[row * embedding + i];
            }
        }
        return loss;
    }

    /** One LSTM layer over a batch; keeps its activations for the backward pass. */
    private final class Layer {
        private final String p;
        private final int in;
        private final int sequences;
        private final int positions;
        private float[] input;
        /** Per position: the four activated gates {@code [sequence, 4H]}, i f g o. */
        private final float[][] gates;
        /** Per position: the cell state, and the hidden state before it (index t holds h_{t-1}). */
        private final float[][] cell;
        private final float[][] cellTanh;
        private final float[] previousHidden;

        Layer(String prefix, int in, int sequences, int positions) {
            this.p = prefix;
            this.in = in;
            this.sequences = sequences;
            this.positions = positions;
            this.gates = new float[positions][];
            this.cell = new float[positions][];
            this.cellTanh = new float[positions][];
            this.previousHidden = new float[positions * sequences * hidden];
        }

        /** {@code x [sequence * positions, in]} (sequence-major) -> the hidden states, same layout. */
        float[] forward(Map<String, float[]> w, float[] x) {
            input = x;
            int h = hidden;
            int four = 4 * h;
            int n = sequences * positions;
            float[] projected = Linear.forward(x, n, in, four, w.get(p + "Wx"), w.get(p + "b"));
            float[] out = new float[n * h];
            float[] state = new float[sequences * h];
            float[] c = new float[sequences * h];
            try (Blas.Constant recurrent = new Blas.Constant(w.get(p + "Wh"))) {
                for (int t = 0; t < positions; t++) {
                    float[] z = new float[sequences * four];
                    for (int s = 0; s < sequences; s++) {
                        System.arraycopy(projected, (s * positions + t) * four, z, s * four, four);
                    }
                    System.arraycopy(state, 0, previousHidden, t * sequences * h, sequences * h);
                    if (t > 0) {
                        Blas.gemm(false, false, sequences, four, h, 1f, state, recurrent, 1f, z);
                    }
                    float[] next = new float[sequences * h];
                    float[] squashed = new float[sequences * h];
                    for (int s = 0; s < sequences; s++) {
                        int o = s * four;
                        // activate the gates in place, each over a contiguous run: i and f, then g, then o
                        Activations.sigmoid(z, o, o + 2 * h);
                        Activations.tanh(z, z, o + 2 * h, o + 3 * h);
                        Activations.sigmoid(z, o + 3 * h, o + four);
                        int k = s * h;
                        for (int j = 0; j < h; j++) {
                            next[k + j] = z[o + h + j] * c[k + j] + z[o + j] * z[o + 2 * h + j];
                        }
                        Activations.tanh(next, squashed, k, k + h);
                        for (int j = 0; j < h; j++) {
                            state[k + j] = z[o + 3 * h + j] * squashed[k + j];
                        }
                        System.arraycopy(state, k, out, (s * positions + t) * h, h);
                    }
                    gates[t] = z;
                    cell[t] = next;
                    cellTanh[t] = squashed;
                    c = next;
                }
            }
            return out;
        }

        /** {@code dOut} (sequence-major hidden-state gradients) -> gradient of the layer input. */
        float[] backward(Map<String, float[]> w, Map<String, float[]> g, float[] dOut) {
            int h = hidden;
            int four = 4 * h;
            int n = sequences * positions;
            float[] dZ = new float[positions * sequences * four]; // time-major
            float[] dState = new float[sequences * h];
            float[] dCell = new float[sequences * h];
            float[] dZt = new float[sequences * four];
            try (Blas.Constant recurrent = new Blas.Constant(w.get(p + "Wh"))) {
                for (int t = positions - 1; t >= 0; t--) {
                    float[] z = gates[t];
                    float[] previousCell = t > 0 ? cell[t - 1] : null;
                    for (int s = 0; s < sequences; s++) {
                        int o = s * four;
                        int from = (s * positions + t) * h;
                        for (int j = 0; j < h; j++) {
                            int k = s * h + j;
                            float dh = dOut[from + j] + dState[k];
                            float inputGate = z[o + j];
                            float forgetGate = z[o + h + j];
                            float candidate = z[o + 2 * h + j];
                            float outputGate = z[o + 3 * h + j];
                            float tanhValue = cellTanh[t][k];
                            float dc = dh * outputGate * (1 - tanhValue * tanhValue) + dCell[k];
                            float before = previousCell == null ? 0f : previousCell[k];
                            dZt[o + j] = dc * candidate * inputGate * (1 - inputGate);
                            dZt[o + h + j] = dc * before * forgetGate * (1 - forgetGate);
                            dZt[o + 2 * h + j] = dc * inputGate * (1 - candidate * candidate);
                            dZt[o + 3 * h + j] = dh * tanhValue * outputGate * (1 - outputGate);
                            dCell[k] = dc * forgetGate;
                        }
                    }
                    System.arraycopy(dZt, 0, dZ, t * sequences * four, sequences * four);
                    if (t > 0) {
                        Blas.gemm(false, true, sequences, h, four, 1f, dZt, recurrent, 0f, dState);
                    }
                }
            }
            // recurrent weights: sum over positions of h_{t-1}^T dZ_t, one GEMM over all positions
            Blas.gemm(true, false, h, four, n, 1f, previousHidden, dZ, 1f, g.get(p + "Wh"));
            float[] dZRows = new float[n * four]; // sequence-major, matching the input rows
            for (int t = 0; t < positions; t++) {
                for (int s = 0; s < sequences; s++) {
                    System.arraycopy(dZ, (t * sequences + s) * four, dZRows, (s * positions + t) * four, four);
                }
            }
            float[] dBias = new float[four];
            float[] dx = Linear.backward(input, dZRows, n, in, four, w.get(p + "Wx"), g.get(p + "Wx"), dBias);
            float[] gradientBias = g.get(p + "b");
            for (int j = 0; j < four; j++) {
                gradientBias[j] += dBias[j];
            }
            return dx;
        }
    }
}
