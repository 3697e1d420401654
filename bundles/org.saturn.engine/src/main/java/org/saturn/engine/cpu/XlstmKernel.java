package org.saturn.engine.cpu;

import java.util.Arrays;
import java.util.Map;

import org.saturn.engine.model.ModelSpec;

/**
 * One seed of {@code model.XlstmNetwork}'s training graph, forward and backward: embedding,
 * residual mLSTM and sLSTM blocks {@code x + block(RMSNorm(x))}, a final RMSNorm and a linear
 * read-out (the graph's documentation has the cells and what is simplified against the paper).
 * xLSTM has no dropout.
 * <p>
 * Rows are the batch's own (sequence-major, row {@code s * positions + t}). Projections are one GEMM
 * over all rows; the sLSTM's recurrent products are one GEMM per position over the batch's
 * sequences (full matrices times the block-diagonal mask). The cells' states of every row are kept
 * for the backward pass. The stabiliser m is treated as a constant there: the outputs do not depend
 * on it, so its gradient paths cancel exactly. An instance keeps its buffers between calls: use one
 * per thread.
 */
public final class XlstmKernel extends ResidualStackKernel {

    private final int heads;

    public XlstmKernel(ModelSpec spec, int vocabularySize) {
        super(spec, vocabularySize, ModelSpec.Kind.XLSTM, "an xLSTM");
        this.heads = spec.heads();
        for (int l = 0; l < blocks.length; l++) {
            String prefix = "xlstm" + l + ".";
            blocks[l] = spec.isSlstm(l) ? new SlstmBlock(prefix, (4 * width + 2) / 3)
                    : new MlstmBlock(prefix, spec.expand() * width);
        }
    }

    @Override
    public CpuInference inference(Map<String, float[]> weights) {
        return new XlstmInference(spec, vocabulary, weights);
    }

    /** The mLSTM block: up-projections x, z to e channels; per head the matrix memory; down(h~ SiLU(z)). */
    private final class MlstmBlock extends Block {
        private final int e;
        private final int dh;
        private final float keyScale;
        private float[] xm;
        private float[] z;
        private float[] q;
        private float[] k;
        private float[] v;
        private float[] inputGate;
        private float[] forgetGate;
        /** Per row and head: i', f', m, n . q and the denominator. */
        private float[] input;
        private float[] forget;
        private float[] stabiliser;
        private float[] dot;
        private float[] denominator;
        /** Per row: C {@code [H, dh, dh]} (value index, then key index) and n {@code [H, dh]}. */
        private float[] memory;
        private float[] normaliser;
        private float[] hidden;
        private float[] gated;
        private float[] dGated;
        private float[] dHidden;
        private float[] dZ;
        private float[] dQ;
        private float[] dK;
        private float[] dV;
        private float[] dInputGate;
        private float[] dForgetGate;
        private float[] dXm;
        private float[] dMemory;
        private float[] dNorm;

        MlstmBlock(String prefix, int inner) {
            super(prefix);
            this.e = inner;
            this.dh = inner / heads;
            this.keyScale = (float) (1 / Math.sqrt(dh));
        }

        @Override
        void allocate(int n) {
            super.allocate(n);
            xm = new float[n * e];
            z = new float[n * e];
            q = new float[n * e];
            k = new float[n * e];
            v = new float[n * e];
            inputGate = new float[n * heads];
            forgetGate = new float[n * heads];
            input = new float[n * heads];
            forget = new float[n * heads];
            stabiliser = new float[n * heads];
            dot = new float[n * heads];
            denominator = new float[n * heads];
            memory = new float[n * e * dh];
            normaliser = new float[n * e];
            hidden = new float[n * e];
            gated = new float[n * e];
            dGated = new float[n * e];
            dHidden = new float[n * e];
            dZ = new float[n * e];
            dQ = new float[n * e];
            dK = new float[n * e];
            dV = new float[n * e];
            dInputGate = new float[n * heads];
            dForgetGate = new float[n * heads];
            dXm = new float[n * e];
            dMemory = new float[e * dh];
            dNorm = new float[e];
        }

        @Override
        void forward(Map<String, float[]> w, float[] x, float[] out) {
            int n = sequences * positions;
            rmsNorm(x, w.get(prefix + "norm.g"), scale, normed, n, width);
            Blas.gemm(false, false, n, e, width, 1f, normed, w.get(prefix + "up.x.W"), 0f, xm);
            Blas.gemm(false, false, n, e, width, 1f, normed, w.get(prefix + "up.z.W"), 0f, z);
            Blas.gemm(false, false, n, e, e, 1f, xm, w.get(prefix + "q.W"), 0f, q);
            Blas.gemm(false, false, n, e, e, keyScale, xm, w.get(prefix + "k.W"), 0f, k);
            Blas.gemm(false, false, n, e, e, 1f, xm, w.get(prefix + "v.W"), 0f, v);
            biased(xm, w.get(prefix + "igate.W"), w.get(prefix + "igate.b"), inputGate, n);
            biased(xm, w.get(prefix + "fgate.W"), w.get(prefix + "fgate.b"), forgetGate, n);
            int block = dh * dh;
            for (int s = 0; s < sequences; s++) {
                for (int t = 0; t < positions; t++) {
                    int r = s * positions + t;
                    for (int h = 0; h < heads; h++) {
                        int gate = r * heads + h;
                        float previousM = t == 0 ? 0f : stabiliser[gate - heads];
                        float logForget = logSigmoid(forgetGate[gate]);
                        float m = Math.max(logForget + previousM, inputGate[gate]);
                        float i = (float) Math.exp(inputGate[gate] - m);
                        float f = t == 0 ? 0f : (float) Math.exp(logForget + previousM - m);
                        stabiliser[gate] = m;
                        input[gate] = i;
                        forget[gate] = f;
                        int c = (r * heads + h) * block;
                        int previousC = c - heads * block;
                        int vec = r * e + h * dh;
                        int previousVec = vec - e;
                        float qn = 0f;
                        for (int a = 0; a < dh; a++) {
                            float nextN = i * k[vec + a] + (t == 0 ? 0f : f * normaliser[previousVec + a]);
                            normaliser[vec + a] = nextN;
                            qn += nextN * q[vec + a];
                        }
                        float den = Math.max(Math.abs(qn), (float) Math.exp(-m));
                        dot[gate] = qn;
                        denominator[gate] = den;
                        for (int a = 0; a < dh; a++) {
                            float value = i * v[vec + a];
                            float sum = 0f;
                            int row = c + a * dh;
                            for (int b = 0; b < dh; b++) {
                                float cell = value * k[vec + b] + (t == 0 ? 0f : f * memory[previousC + a * dh + b]);
                                memory[row + b] = cell;
                                sum += cell * q[vec + b];
                            }
                            hidden[vec + a] = sum / den;
                        }
                    }
                }
            }
            for (int i = 0; i < n * e; i++) {
                gated[i] = hidden[i] * silu(z[i]);
            }
            System.arraycopy(x, 0, out, 0, n * width);
            Blas.gemm(false, false, n, width, e, 1f, gated, w.get(prefix + "down.W"), 1f, out);
        }

        @Override
        void backward(Map<String, float[]> w, Map<String, float[]> g, float[] x, float[] dOut) {
            int n = sequences * positions;
            Blas.gemm(true, false, e, width, n, 1f, gated, dOut, 1f, g.get(prefix + "down.W"));
            Blas.gemm(false, true, n, e, width, 1f, dOut, w.get(prefix + "down.W"), 0f, dGated);
            for (int i = 0; i < n * e; i++) {
                float gate = z[i];
                float sigmoid = sigmoid(gate);
                dHidden[i] = dGated[i] * gate * sigmoid;
                dZ[i] = dGated[i] * hidden[i] * sigmoid * (1 + gate * (1 - sigmoid));
            }
            int block = dh * dh;
            for (int s = 0; s < sequences; s++) {
                for (int h = 0; h < heads; h++) {
                    Arrays.fill(dMemory, 0, block, 0f);
                    Arrays.fill(dNorm, 0, dh, 0f);
                    for (int t = positions - 1; t >= 0; t--) {
                        int r = s * positions + t;
                        int gate = r * heads + h;
                        int c = gate * block;
                        int previousC = c - heads * block;
                        int vec = r * e + h * dh;
                        int previousVec = vec - e;
                        float den = denominator[gate];
                        float i = input[gate];
                        float f = forget[gate];
                        // h~ = C q / den: into dC (carried part already in dMemory), dq, d den
                        float dDen = 0f;
                        for (int a = 0; a < dh; a++) {
                            float scaled = dHidden[vec + a] / den;
                            dDen -= scaled * hidden[vec + a];
                            for (int b = 0; b < dh; b++) {
                                dMemory[a * dh + b] += scaled * q[vec + b];
                            }
                        }
                        for (int b = 0; b < dh; b++) {
                            float sum = 0f;
                            for (int a = 0; a < dh; a++) {
                                sum += memory[c + a * dh + b] * dHidden[vec + a];
                            }
                            dQ[vec + b] = sum / den;
                        }
                        if (Math.abs(dot[gate]) > (float) Math.exp(-stabiliser[gate])) {
                            float dDot = dDen * Math.signum(dot[gate]);
                            for (int a = 0; a < dh; a++) {
                                dNorm[a] += dDot * q[vec + a];
                                dQ[vec + a] += dDot * normaliser[vec + a];
                            }
                        }
                        // C = f' C_prev + i' v k^T, n = f' n_prev + i' k
                        float dForget = 0f;
                        float dInput = 0f;
                        for (int a = 0; a < dh; a++) {
                            float value = v[vec + a];
                            float dValue = 0f;
                            for (int b = 0; b < dh; b++) {
                                float dc = dMemory[a * dh + b];
                                dValue += dc * k[vec + b];
                                if (t > 0) {
                                    dForget += dc * memory[previousC + a * dh + b];
                                }
                            }
                            dInput += dValue * value;
                            dV[vec + a] = i * dValue;
                        }
                        for (int b = 0; b < dh; b++) {
                            float sum = 0f;
                            for (int a = 0; a < dh; a++) {
                                sum += dMemory[a * dh + b] * v[vec + a];
                            }
                            dInput += dNorm[b] * k[vec + b];
                            if (t > 0) {
                                dForget += dNorm[b] * normaliser[previousVec + b];
                            }
                            dK[vec + b] = i * (sum + dNorm[b]);
                        }
                        for (int j = 0; j < block; j++) {
                            dMemory[j] *= f;
                        }
                        for (int b = 0; b < dh; b++) {
                            dNorm[b] *= f;
                        }
                        dInputGate[gate] = dInput * i;
                        // f' = exp(logsigmoid(f~) + m_prev - m): d/df~ = f' sigmoid(-f~)
                        dForgetGate[gate] = dForget * f * sigmoid(-forgetGate[gate]);
                    }
                }
            }
            Blas.gemm(true, false, e, e, n, 1f, xm, dQ, 1f, g.get(prefix + "q.W"));
            Blas.gemm(true, false, e, e, n, keyScale, xm, dK, 1f, g.get(prefix + "k.W"));
            Blas.gemm(true, false, e, e, n, 1f, xm, dV, 1f, g.get(prefix + "v.W"));
            Blas.gemm(true, false, e, heads, n, 1f, xm, dInputGate, 1f, g.get(prefix + "igate.W"));
            Blas.gemm(true, false, e, heads, n, 1f, xm, dForgetGate, 1f, g.get(prefix + "fgate.W"));
            columnSums(dInputGate, g.get(prefix + "igate.b"), n, heads);
            columnSums(dForgetGate, g.get(prefix + "fgate.b"), n, heads);
            Blas.gemm(false, true, n, e, e, 1f, dQ, w.get(prefix + "q.W"), 0f, dXm);
            Blas.gemm(false, true, n, e, e, keyScale, dK, w.get(prefix + "k.W"), 1f, dXm);
            Blas.gemm(false, true, n, e, e, 1f, dV, w.get(prefix + "v.W"), 1f, dXm);
            Blas.gemm(false, true, n, e, heads, 1f, dInputGate, w.get(prefix + "igate.W"), 1f, dXm);
            Blas.gemm(false, true, n, e, heads, 1f, dForgetGate, w.get(prefix + "fgate.W"), 1f, dXm);
            Blas.gemm(true, false, width, e, n, 1f, normed, dXm, 1f, g.get(prefix + "up.x.W"));
            Blas.gemm(true, false, width, e, n, 1f, normed, dZ, 1f, g.get(prefix + "up.z.W"));
            Blas.gemm(false, true, n, width, e, 1f, dXm, w.get(prefix + "up.x.W"), 0f, dNormedIn);
            Blas.gemm(false, true, n, width, e, 1f, dZ, w.get(prefix + "up.z.W"), 1f, dNormedIn);
            rmsNormBackward(x, scale, w.get(prefix + "norm.g"), dNormedIn, g.get(prefix + "norm.g"), dOut,
                    n, width);
        }

        /** {@code out [n, H] = x W + b}. */
        private void biased(float[] x, float[] weight, float[] bias, float[] out, int n) {
            for (int r = 0; r < n; r++) {
                System.arraycopy(bias, 0, out, r * heads, heads);
            }
            Blas.gemm(false, false, n, heads, e, 1f, x, weight, 1f, out);
        }
    }

    /** The sLSTM block: the cell with block-diagonal recurrence, then down(GELU(up1 h) up2 h). */
    private final class SlstmBlock extends Block {
        private static final String[] GATES = { "z", "i", "f", "o" };
        private final int ff;
        private final int dh;
        /** Pre-activations z~, i~, f~, o~ {@code [n, d]} each (input and recurrent parts). */
        private final float[][] pre = new float[4][];
        private final float[][] dPre = new float[4][];
        /** The masked recurrent weights {@code [d, d]} of each gate. */
        private final float[][] recurrent = new float[4][];
        private final float[] mask;
        private float[] cellInput;
        private float[] outputGate;
        private float[] input;
        private float[] forget;
        private float[] cell;
        private float[] normaliser;
        private float[] hidden;
        private float[] up1;
        private float[] up1Sigmoid;
        private float[] up1Gelu;
        private float[] up2;
        private float[] activated;
        private float[] dActivated;
        private float[] dUp1;
        private float[] dUp2;
        private float[] dHidden;
        /** Per sequence at one position: h_(t-1), m, and the carried gradients of c, n, h_(t-1). */
        private float[] previous;
        private float[] stabiliser;
        /** {@code [d, d]}: one position's gradient of a recurrent weight. */
        private float[] recurrentGradient;
        private float[] dCell;
        private float[] dNorm;
        private float[] dRecurrent;
        private float[] dPreRows;

        SlstmBlock(String prefix, int feedForward) {
            super(prefix);
            this.ff = feedForward;
            this.dh = width / heads;
            mask = new float[width * width];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = i / width / dh == i % width / dh ? 1f : 0f;
            }
            for (int j = 0; j < 4; j++) {
                recurrent[j] = new float[width * width];
            }
        }

        @Override
        void allocate(int n) {
            super.allocate(n);
            for (int j = 0; j < 4; j++) {
                pre[j] = new float[n * width];
                dPre[j] = new float[n * width];
            }
            cellInput = new float[n * width];
            outputGate = new float[n * width];
            input = new float[n * width];
            forget = new float[n * width];
            cell = new float[n * width];
            normaliser = new float[n * width];
            hidden = new float[n * width];
            up1 = new float[n * ff];
            up1Sigmoid = new float[n * ff];
            up1Gelu = new float[n * ff];
            up2 = new float[n * ff];
            activated = new float[n * ff];
            dActivated = new float[n * ff];
            dUp1 = new float[n * ff];
            dUp2 = new float[n * ff];
            dHidden = new float[n * width];
            previous = new float[sequences * width];
            stabiliser = new float[sequences * width];
            recurrentGradient = new float[width * width];
            dCell = new float[sequences * width];
            dNorm = new float[sequences * width];
            dRecurrent = new float[sequences * width];
            dPreRows = new float[sequences * width];
        }

        @Override
        void forward(Map<String, float[]> w, float[] x, float[] out) {
            int n = sequences * positions;
            int d = width;
            rmsNorm(x, w.get(prefix + "norm.g"), scale, normed, n, d);
            for (int j = 0; j < 4; j++) {
                float[] bias = w.get(prefix + GATES[j] + ".b");
                for (int r = 0; r < n; r++) {
                    System.arraycopy(bias, 0, pre[j], r * d, d);
                }
                Blas.gemm(false, false, n, d, d, 1f, normed, w.get(prefix + GATES[j] + ".W"), 1f, pre[j]);
                float[] r = w.get(prefix + GATES[j] + ".R");
                for (int i = 0; i < d * d; i++) {
                    recurrent[j][i] = r[i] * mask[i];
                }
            }
            for (int t = 0; t < positions; t++) {
                if (t > 0) {
                    for (int s = 0; s < sequences; s++) {
                        System.arraycopy(hidden, (s * positions + t - 1) * d, previous, s * d, d);
                    }
                    for (int j = 0; j < 4; j++) {
                        Blas.gemm(false, false, sequences, d, d, 1f, previous, recurrent[j], 0f, dPreRows);
                        for (int s = 0; s < sequences; s++) {
                            int row = (s * positions + t) * d;
                            for (int u = 0; u < d; u++) {
                                pre[j][row + u] += dPreRows[s * d + u];
                            }
                        }
                    }
                } else {
                    Arrays.fill(stabiliser, 0f);
                }
                for (int s = 0; s < sequences; s++) {
                    int row = (s * positions + t) * d;
                    for (int u = 0; u < d; u++) {
                        int i = row + u;
                        float candidate = Activations.tanh(pre[0][i]);
                        float logForget = logSigmoid(pre[2][i]);
                        float previousM = stabiliser[s * d + u];
                        float m = Math.max(logForget + previousM, pre[1][i]);
                        float inGate = (float) Math.exp(pre[1][i] - m);
                        float forgetGate = t == 0 ? 0f : (float) Math.exp(logForget + previousM - m);
                        stabiliser[s * d + u] = m;
                        float c = inGate * candidate + (t == 0 ? 0f : forgetGate * cell[i - d]);
                        float nn = inGate + (t == 0 ? 0f : forgetGate * normaliser[i - d]);
                        float o = sigmoid(pre[3][i]);
                        cellInput[i] = candidate;
                        outputGate[i] = o;
                        input[i] = inGate;
                        forget[i] = forgetGate;
                        cell[i] = c;
                        normaliser[i] = nn;
                        hidden[i] = o * c / nn;
                    }
                }
            }
            Blas.gemm(false, false, n, ff, d, 1f, hidden, w.get(prefix + "ff.up1.W"), 0f, up1);
            Blas.gemm(false, false, n, ff, d, 1f, hidden, w.get(prefix + "ff.up2.W"), 0f, up2);
            Gelu.forward(up1, up1Gelu, up1Sigmoid);
            for (int i = 0; i < n * ff; i++) {
                activated[i] = up1Gelu[i] * up2[i];
            }
            System.arraycopy(x, 0, out, 0, n * d);
            Blas.gemm(false, false, n, d, ff, 1f, activated, w.get(prefix + "ff.down.W"), 1f, out);
        }

        @Override
        void backward(Map<String, float[]> w, Map<String, float[]> g, float[] x, float[] dOut) {
            int n = sequences * positions;
            int d = width;
            Blas.gemm(true, false, ff, d, n, 1f, activated, dOut, 1f, g.get(prefix + "ff.down.W"));
            Blas.gemm(false, true, n, ff, d, 1f, dOut, w.get(prefix + "ff.down.W"), 0f, dActivated);
            for (int i = 0; i < n * ff; i++) {
                dUp2[i] = dActivated[i] * up1Gelu[i];
                dUp1[i] = dActivated[i] * up2[i];
            }
            Gelu.backward(up1, up1Sigmoid, dUp1);
            Blas.gemm(true, false, d, ff, n, 1f, hidden, dUp1, 1f, g.get(prefix + "ff.up1.W"));
            Blas.gemm(true, false, d, ff, n, 1f, hidden, dUp2, 1f, g.get(prefix + "ff.up2.W"));
            Blas.gemm(false, true, n, d, ff, 1f, dUp1, w.get(prefix + "ff.up1.W"), 0f, dHidden);
            Blas.gemm(false, true, n, d, ff, 1f, dUp2, w.get(prefix + "ff.up2.W"), 1f, dHidden);
            Arrays.fill(dCell, 0f);
            Arrays.fill(dNorm, 0f);
            Arrays.fill(dRecurrent, 0f);
            for (int t = positions - 1; t >= 0; t--) {
                for (int s = 0; s < sequences; s++) {
                    int row = (s * positions + t) * d;
                    for (int u = 0; u < d; u++) {
                        int i = row + u;
                        int carried = s * d + u;
                        float dh = dHidden[i] + dRecurrent[carried];
                        float o = outputGate[i];
                        float nn = normaliser[i];
                        float c = cell[i];
                        float dO = dh * c / nn;
                        float dc = dCell[carried] + dh * o / nn;
                        float dn = dNorm[carried] - dh * o * c / (nn * nn);
                        float dForget = t == 0 ? 0f : dc * cell[i - d] + dn * normaliser[i - d];
                        float dInput = dc * cellInput[i] + dn;
                        float dCandidate = dc * input[i];
                        dCell[carried] = dc * forget[i];
                        dNorm[carried] = dn * forget[i];
                        dPre[0][i] = dCandidate * (1 - cellInput[i] * cellInput[i]);
                        dPre[1][i] = dInput * input[i];
                        dPre[2][i] = dForget * forget[i] * sigmoid(-pre[2][i]);
                        dPre[3][i] = dO * o * (1 - o);
                    }
                }
                if (t > 0) {
                    for (int s = 0; s < sequences; s++) {
                        System.arraycopy(hidden, (s * positions + t - 1) * d, previous, s * d, d);
                    }
                    Arrays.fill(dRecurrent, 0f);
                    for (int j = 0; j < 4; j++) {
                        for (int s = 0; s < sequences; s++) {
                            System.arraycopy(dPre[j], (s * positions + t) * d, dPreRows, s * d, d);
                        }
                        Blas.gemm(false, true, sequences, d, d, 1f, dPreRows, recurrent[j], 1f, dRecurrent);
                        // the masked-out entries are no parameters of the model: their gradient stays 0
                        Blas.gemm(true, false, d, d, sequences, 1f, previous, dPreRows, 0f, recurrentGradient);
                        float[] dR = g.get(prefix + GATES[j] + ".R");
                        for (int k = 0; k < d * d; k++) {
                            dR[k] += recurrentGradient[k] * mask[k];
                        }
                    }
                }
            }
            for (int j = 0; j < 4; j++) {
                Blas.gemm(true, false, d, d, n, 1f, normed, dPre[j], 1f, g.get(prefix + GATES[j] + ".W"));
                columnSums(dPre[j], g.get(prefix + GATES[j] + ".b"), n, d);
                Blas.gemm(false, true, n, d, d, 1f, dPre[j], w.get(prefix + GATES[j] + ".W"), j == 0 ? 0f : 1f,
                        dNormedIn);
            }
            rmsNormBackward(x, scale, w.get(prefix + "norm.g"), dNormedIn, g.get(prefix + "norm.g"), dOut,
                    n, d);
        }
    }

    /** Adds the column sums of {@code [n, columns]} to {@code sums}. */
    private static void columnSums(float[] x, float[] sums, int n, int columns) {
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < columns; j++) {
                sums[j] += x[r * columns + j];
            }
        }
    }

    static float sigmoid(float x) {
        return 0.5f * Activations.tanh(0.5f * x) + 0.5f;
    }

    static float silu(float x) {
        return x * sigmoid(x);
    }

    /** {@code log sigmoid(x) = -log(1 + exp(-x))}, without overflow. */
    static float logSigmoid(float x) {
        return x < -20f ? x : (float) -Math.log1p(Math.exp(-x));
    }
}
