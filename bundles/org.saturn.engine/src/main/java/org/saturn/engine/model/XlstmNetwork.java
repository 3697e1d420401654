package org.saturn.engine.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * xLSTM (Beck et al. 2024): embedding, residual blocks {@code x + block(RMSNorm(x))}, a final
 * RMSNorm and a linear read-out. Block l is an sLSTM block where {@link ModelSpec#isSlstm(int)},
 * otherwise an mLSTM block. Both cells use exponential input gates, sigmoid forget gates taken in
 * log space ({@code log f = logsigmoid(f~)}, as the reference code) and the stabiliser state
 * {@code m_t = max(log f_t + m_(t-1), i~_t)}, {@code i' = exp(i~ - m_t)}, {@code f' = exp(log f + m_(t-1) - m_t)}.
 * <ul>
 * <li>mLSTM block (pre-up-projection): x and z = up-projections to {@code e = 2 dModel}; from x the
 * queries, keys ({@code / sqrt(e / heads)}) and values, and one input and one forget gate per head;
 * per head the matrix memory {@code C_t = f' C_(t-1) + i' v k^T}, normaliser {@code n_t = f' n_(t-1) + i' k},
 * {@code h~ = C_t q / max(|n_t . q|, exp(-m_t))}; output {@code down(h~ SiLU(z))}.</li>
 * <li>sLSTM block (post-up-projection): per unit the cell input z, gates i, f, o from the input and,
 * block-diagonally per head, from {@code h_(t-1)}; {@code c_t = f' c + i' tanh(z~)}, {@code n_t = f' n + i'},
 * {@code h = sigmoid(o~) c / n}; then a gated-GELU feed-forward {@code down(GELU(up1 h) up2 h)} of
 * ceil(4 dModel / 3) units.</li>
 * </ul>
 * Simplified against the paper: RMSNorm instead of LayerNorm, no causal convolution before the
 * gates/queries, no GroupNorm of the heads' outputs, no learnable skip, no output gate in the mLSTM
 * (its SiLU(z) gate takes that role, as in the reference block), full (not block-diagonal) q/k/v
 * projections. The recurrent sLSTM weights are full matrices times a constant block-diagonal mask.
 * <p>
 * The outputs do not depend on the stabiliser (it scales c, n, C and the denominator's floor alike),
 * so the CPU kernel ({@code cpu.XlstmKernel}) treats m as a constant in its backward pass. Decoding
 * carries per block the cell state (C, n, m or c, n, h, m), so a step costs one position.
 */
final class XlstmNetwork implements Network {

    private final int vocabularySize;
    private final int width;
    private final int heads;
    private final int layers;
    private final ModelSpec spec;

    XlstmNetwork(ModelSpec spec, int vocabularySize) {
        this.spec = spec;
        this.vocabularySize = vocabularySize;
        this.width = spec.width();
        this.heads = spec.heads();
        this.layers = spec.layers();
    }

    /** The mLSTM's inner width (up-projection factor 2). */
    static int mlstmInner(ModelSpec spec) {
        return spec.expand() * spec.width();
    }

    /** The sLSTM block's feed-forward width: ceil(4 dModel / 3). */
    static int slstmFeedForward(ModelSpec spec) {
        return (4 * spec.width() + 2) / 3;
    }

    @Override
    public SDVariable logits(GraphBlocks g, SDVariable input, int positions) {
        SDVariable residual = g.sd.mmul(input, embedding(g));
        for (int l = 0; l < layers; l++) {
            residual = spec.isSlstm(l) ? slstm(g, l, residual, positions, null) : mlstm(g, l, residual, positions, null);
        }
        return readOut(g, residual);
    }

    @Override
    public SDVariable step(GraphBlocks g, SDVariable input, SDVariable position, StepState state) {
        SDVariable residual = g.sd.mmul(input, embedding(g));
        for (int l = 0; l < layers; l++) {
            residual = spec.isSlstm(l) ? slstm(g, l, residual, 1, state) : mlstm(g, l, residual, 1, state);
        }
        return readOut(g, residual);
    }

    private SDVariable embedding(GraphBlocks g) {
        return g.weight("embedding", GraphBlocks.Init.NORMAL_SCALED, vocabularySize, width);
    }

    private SDVariable readOut(GraphBlocks g, SDVariable residual) {
        return g.linear(MambaNetwork.rmsNorm(g, residual, g.weight("norm.g", GraphBlocks.Init.ONE, 1, width)), "out",
                width, vocabularySize);
    }

    /** {@code [S, B*T, f]} -> T tensors {@code [S, B, f]} (unstack: strided-slice gradients fail in 1.0.0-M2.1). */
    private static SDVariable[] byPosition(GraphBlocks g, SDVariable x, int positions, int features) {
        return g.sd.unstack(g.sd.reshape(x, g.seeds, -1, positions, features), 2, positions);
    }

    /** T tensors {@code [S, B, f]} -> {@code [S, B*T, f]}. */
    private static SDVariable joined(GraphBlocks g, SDVariable[] parts, int features) {
        return g.sd.reshape(g.sd.stack(2, parts), g.seeds, -1, features);
    }

    /** {@code log sigmoid(x) = -softplus(-x)}. */
    private static SDVariable logSigmoid(GraphBlocks g, SDVariable x) {
        return g.sd.nn.softplus(x.neg()).neg();
    }

    /** Forget-gate bias of unit {@code index} of {@code count}: linearly from 3 to 6 (the reference's linspace). */
    static float forgetBias(int index, int count) {
        return count == 1 ? 3f : (float) (3 + 3.0 * index / (count - 1));
    }

    /** One mLSTM block over {@code positions} positions (training) or one decoding step (state not null). */
    private SDVariable mlstm(GraphBlocks g, int layer, SDVariable residual, int positions, StepState state) {
        String p = "xlstm" + layer + ".";
        int e = mlstmInner(spec);
        int dh = e / heads;
        int seeds = g.seeds;
        SDVariable norm = g.weight(p + "norm.g", GraphBlocks.Init.ONE, 1, width);
        SDVariable upX = g.weight(p + "up.x.W", GraphBlocks.Init.UNIFORM_FAN_IN, width, e);
        SDVariable upZ = g.weight(p + "up.z.W", GraphBlocks.Init.UNIFORM_FAN_IN, width, e);
        SDVariable qW = g.weight(p + "q.W", GraphBlocks.Init.UNIFORM_FAN_IN, e, e);
        SDVariable kW = g.weight(p + "k.W", GraphBlocks.Init.UNIFORM_FAN_IN, e, e);
        SDVariable vW = g.weight(p + "v.W", GraphBlocks.Init.UNIFORM_FAN_IN, e, e);
        // the reference: gate weights 0, input-gate bias N(0, 0.1^2), forget-gate bias linspace(3, 6) over heads
        SDVariable iW = g.weight(p + "igate.W", GraphBlocks.Init.ZERO, e, heads);
        SDVariable iB = g.weight(p + "igate.b", (random, i) -> (float) (0.1 * random.nextGaussian()), 1, heads);
        SDVariable fW = g.weight(p + "fgate.W", GraphBlocks.Init.ZERO, e, heads);
        SDVariable fB = g.weight(p + "fgate.b", (random, i) -> forgetBias(i, heads), 1, heads);
        SDVariable down = g.weight(p + "down.W", GraphBlocks.Init.UNIFORM_FAN_IN, e, width);

        SDVariable normed = MambaNetwork.rmsNorm(g, residual, norm);
        SDVariable x = g.sd.mmul(normed, upX);
        SDVariable z = g.sd.mmul(normed, upZ);
        SDVariable q = g.sd.mmul(x, qW);
        SDVariable k = g.sd.mmul(x, kW).mul(1 / Math.sqrt(dh));
        SDVariable v = g.sd.mmul(x, vW);
        SDVariable inputGate = g.sd.mmul(x, iW).add(iB);
        SDVariable logForget = logSigmoid(g, g.sd.mmul(x, fW).add(fB));
        SDVariable hidden;
        if (state == null) {
            SDVariable[] qs = byPosition(g, q, positions, e);
            SDVariable[] ks = byPosition(g, k, positions, e);
            SDVariable[] vs = byPosition(g, v, positions, e);
            SDVariable[] is = byPosition(g, inputGate, positions, heads);
            SDVariable[] fs = byPosition(g, logForget, positions, heads);
            SDVariable[] hs = new SDVariable[positions];
            SDVariable[] cell = null;
            for (int t = 0; t < positions; t++) {
                cell = mlstmStep(g, cell, qs[t], ks[t], vs[t], is[t], fs[t], dh);
                hs[t] = cell[3];
            }
            hidden = joined(g, hs, e);
        } else {
            SDVariable[] previous = {
                    state.placeholder(g, p + "C", false, rows -> new long[] { seeds, rows, heads, dh, dh }, seeds, -1,
                            heads, dh, dh),
                    state.placeholder(g, p + "n", false, rows -> new long[] { seeds, rows, heads, dh }, seeds, -1,
                            heads, dh),
                    state.placeholder(g, p + "m", false, rows -> new long[] { seeds, rows, heads }, seeds, -1, heads) };
            SDVariable[] cell = mlstmStep(g, previous, q, k, v, inputGate, logForget, dh);
            state.output(g, p + "C", cell[0]);
            state.output(g, p + "n", cell[1]);
            state.output(g, p + "m", cell[2]);
            hidden = cell[3];
        }
        return residual.add(g.sd.mmul(hidden.mul(z.mul(g.sd.nn.sigmoid(z))), down));
    }

    /**
     * One position of the mLSTM cell for q, k, v {@code [S, B, e]} and gates {@code [S, B, heads]}
     * from (C, n, m) (null: zero): returns the new C {@code [S, B, H, dh, dh]}, n {@code [S, B, H, dh]},
     * m {@code [S, B, H]} and h~ {@code [S, B, e]}.
     */
    private SDVariable[] mlstmStep(GraphBlocks g, SDVariable[] previous, SDVariable q, SDVariable k, SDVariable v,
            SDVariable inputGate, SDVariable logForget, int dh) {
        int seeds = g.seeds;
        SDVariable q4 = g.sd.reshape(q, seeds, -1, heads, dh);
        SDVariable k4 = g.sd.reshape(k, seeds, -1, heads, dh);
        SDVariable v4 = g.sd.reshape(v, seeds, -1, heads, dh);
        SDVariable mPrevious = previous == null ? g.sd.zerosLike(inputGate) : previous[2];
        SDVariable m = g.sd.math.max(logForget.add(mPrevious), inputGate);
        SDVariable input = g.sd.math.exp(inputGate.sub(m));
        SDVariable input4 = g.sd.expandDims(input, 3);
        SDVariable written = g.sd.expandDims(v4, 4).mul(g.sd.expandDims(k4, 3)).mul(g.sd.expandDims(input4, 4));
        SDVariable c;
        SDVariable n;
        if (previous == null) {
            c = written;
            n = k4.mul(input4);
        } else {
            SDVariable forget4 = g.sd.expandDims(g.sd.math.exp(logForget.add(mPrevious).sub(m)), 3);
            c = previous[0].mul(g.sd.expandDims(forget4, 4)).add(written);
            n = previous[1].mul(forget4).add(k4.mul(input4));
        }
        SDVariable numerator = g.sd.sum(c.mul(g.sd.expandDims(q4, 3)), false, 4);
        SDVariable dot = g.sd.sum(n.mul(q4), true, 3);
        SDVariable denominator = g.sd.math.max(g.sd.math.abs(dot), g.sd.expandDims(g.sd.math.exp(m.neg()), 3));
        SDVariable h = g.sd.reshape(numerator.div(denominator), seeds, -1, heads * dh);
        return new SDVariable[] { c, n, m, h };
    }

    /** One sLSTM block over {@code positions} positions (training) or one decoding step (state not null). */
    private SDVariable slstm(GraphBlocks g, int layer, SDVariable residual, int positions, StepState state) {
        String p = "xlstm" + layer + ".";
        int d = width;
        int dh = d / heads;
        int ff = slstmFeedForward(spec);
        int seeds = g.seeds;
        SDVariable norm = g.weight(p + "norm.g", GraphBlocks.Init.ONE, 1, d);
        String[] gates = { "z", "i", "f", "o" };
        SDVariable[] in = new SDVariable[4];
        SDVariable[] recurrent = new SDVariable[4];
        float[] mask = new float[d * d];
        for (int i = 0; i < d * d; i++) {
            mask[i] = i / d / dh == i % d / dh ? 1f : 0f;
        }
        SDVariable blockDiagonal = g.sd.constant(Nd4j.create(mask, new long[] { 1, d, d }, 'c'));
        SDVariable normed = MambaNetwork.rmsNorm(g, residual, norm);
        double recurrentBound = 1 / Math.sqrt(dh);
        for (int j = 0; j < 4; j++) {
            SDVariable w = g.weight(p + gates[j] + ".W", GraphBlocks.Init.UNIFORM_FAN_IN, d, d);
            // recurrent weights U(±1/sqrt(head size)) inside the heads' blocks, 0 outside (never used there)
            SDVariable r = g.weight(p + gates[j] + ".R", (random, i) -> i / d / dh == i % d / dh
                    ? (float) ((2 * random.nextDouble() - 1) * recurrentBound) : 0f, d, d);
            SDVariable b = j == 2 ? g.weight(p + "f.b", (random, i) -> forgetBias(i % dh, dh), 1, d)
                    : g.weight(p + gates[j] + ".b", GraphBlocks.Init.ZERO, 1, d);
            in[j] = g.sd.mmul(normed, w).add(b);
            recurrent[j] = r.mul(blockDiagonal);
        }
        SDVariable hidden;
        if (state == null) {
            SDVariable[][] inputs = new SDVariable[4][];
            for (int j = 0; j < 4; j++) {
                inputs[j] = byPosition(g, in[j], positions, d);
            }
            SDVariable[] hs = new SDVariable[positions];
            SDVariable[] cell = null;
            for (int t = 0; t < positions; t++) {
                SDVariable[] pre = new SDVariable[4];
                for (int j = 0; j < 4; j++) {
                    pre[j] = cell == null ? inputs[j][t] : inputs[j][t].add(g.sd.mmul(cell[2], recurrent[j]));
                }
                cell = slstmStep(g, cell, pre);
                hs[t] = cell[2];
            }
            hidden = joined(g, hs, d);
        } else {
            String[] names = { "c", "n", "h", "m" };
            SDVariable[] previous = new SDVariable[4];
            for (int j = 0; j < 4; j++) {
                previous[j] = state.placeholder(g, p + names[j], false, rows -> new long[] { seeds, rows, d }, seeds,
                        -1, d);
            }
            SDVariable[] pre = new SDVariable[4];
            for (int j = 0; j < 4; j++) {
                pre[j] = in[j].add(g.sd.mmul(previous[2], recurrent[j]));
            }
            SDVariable[] cell = slstmStep(g, previous, pre);
            for (int j = 0; j < 4; j++) {
                state.output(g, p + names[j], cell[j]);
            }
            hidden = cell[2];
        }
        SDVariable up1 = g.weight(p + "ff.up1.W", GraphBlocks.Init.UNIFORM_FAN_IN, d, ff);
        SDVariable up2 = g.weight(p + "ff.up2.W", GraphBlocks.Init.UNIFORM_FAN_IN, d, ff);
        SDVariable down = g.weight(p + "ff.down.W", GraphBlocks.Init.UNIFORM_FAN_IN, ff, d);
        SDVariable activated = g.sd.nn.gelu(g.sd.mmul(hidden, up1)).mul(g.sd.mmul(hidden, up2));
        return residual.add(g.sd.mmul(activated, down));
    }

    /**
     * One position of the sLSTM cell from the pre-activations (z, i, f, o) {@code [S, B, d]} and the
     * state (c, n, h, m) (null: zero): returns the new (c, n, h, m).
     */
    private static SDVariable[] slstmStep(GraphBlocks g, SDVariable[] previous, SDVariable[] pre) {
        SDVariable cellInput = g.sd.math.tanh(pre[0]);
        SDVariable logForget = logSigmoid(g, pre[2]);
        SDVariable output = g.sd.nn.sigmoid(pre[3]);
        SDVariable mPrevious = previous == null ? g.sd.zerosLike(pre[1]) : previous[3];
        SDVariable m = g.sd.math.max(logForget.add(mPrevious), pre[1]);
        SDVariable input = g.sd.math.exp(pre[1].sub(m));
        SDVariable c;
        SDVariable n;
        if (previous == null) {
            c = input.mul(cellInput);
            n = input;
        } else {
            SDVariable forget = g.sd.math.exp(logForget.add(mPrevious).sub(m));
            c = forget.mul(previous[0]).add(input.mul(cellInput));
            n = forget.mul(previous[1]).add(input);
        }
        SDVariable h = output.mul(c).div(n);
        return new SDVariable[] { c, n, h, m };
    }
}
