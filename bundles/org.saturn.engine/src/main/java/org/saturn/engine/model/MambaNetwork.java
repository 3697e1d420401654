package org.saturn.engine.model;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Mamba (Gu & Dao 2023) as the reference {@code mamba_simple.Mamba} inside {@code MambaLMHeadModel}:
 * embedding, blocks {@code x + mixer(RMSNorm(x))}, a final RMSNorm and a linear read-out. The mixer:
 * in_proj to (x, z) of {@code e = expand x dModel} channels each; a causal depthwise convolution of
 * width dConv and SiLU on x; x_proj to (dt, B, C) with dt of rank ceil(dModel / 16) through dt_proj
 * and softplus into Δ; the selective scan {@code h_t = exp(Δ A) h_(t-1) + Δ B_t x_t},
 * {@code y_t = C_t h_t + D x_t} with {@code A = -exp(A_log)}; {@code y SiLU(z)}; out_proj.
 * <p>
 * The training graph runs the scan as one step per position (a few ops each): SameDiff has no
 * scan op, and the CPU trains, evaluates and decodes through {@code cpu.MambaKernel}, so this graph
 * serves CUDA and the kernel tests. Decoding carries per layer the scan state h {@code [S, P, e, N]}
 * and the convolution's last dConv - 1 inputs, so a step costs one position.
 */
final class MambaNetwork implements Network {

    /** The reference's RMSNorm epsilon. */
    static final double NORM_EPS = 1e-5;
    /** The reference's range of initial step sizes Δ (dt_min, dt_max) and their floor. */
    private static final double DT_MIN = 1e-3;
    private static final double DT_MAX = 0.1;
    private static final double DT_FLOOR = 1e-4;

    private final int vocabularySize;
    private final int width;
    private final int inner;
    private final int stateSize;
    private final int convolution;
    private final int rank;
    private final int layers;

    MambaNetwork(ModelSpec spec, int vocabularySize) {
        this.vocabularySize = vocabularySize;
        this.width = spec.width();
        this.inner = spec.innerWidth();
        this.stateSize = spec.stateSize();
        this.convolution = spec.convolution();
        this.rank = spec.deltaRank();
        this.layers = spec.layers();
    }

    @Override
    public SDVariable logits(GraphBlocks g, SDVariable input, int positions) {
        // positions by unstack, never by strided slice: in 1.0.0-M2.1 strided_slice_bp fails on these graphs
        SDVariable residual = embed(g, input);
        for (int l = 0; l < layers; l++) {
            Layer w = new Layer(g, l);
            SDVariable normed = rmsNorm(g, residual, w.norm);
            SDVariable[] x = byPosition(g, g.sd.mmul(normed, w.inX), positions, inner);
            SDVariable zeros = g.sd.zerosLike(x[0]);
            SDVariable[] activated = new SDVariable[positions];
            for (int t = 0; t < positions; t++) {
                SDVariable[] window = new SDVariable[convolution];
                for (int j = 0; j < convolution; j++) {
                    int source = t + j - convolution + 1;
                    window[j] = source < 0 ? zeros : x[source];
                }
                activated[t] = silu(g, w.convolve(g.sd.stack(2, window)));
            }
            SDVariable all = g.sd.reshape(g.sd.stack(2, activated), g.seeds, -1, inner);
            Selection sel = select(g, w, all);
            SDVariable[] delta = byPosition(g, sel.delta, positions, inner);
            SDVariable[] b = byPosition(g, sel.b, positions, stateSize);
            SDVariable[] c = byPosition(g, sel.c, positions, stateSize);
            SDVariable[] ys = new SDVariable[positions];
            SDVariable h = null;
            for (int t = 0; t < positions; t++) {
                SDVariable[] step = scanStep(g, w, h, delta[t], activated[t], b[t], c[t]);
                h = step[0];
                ys[t] = step[1];
            }
            SDVariable y = g.sd.reshape(g.sd.stack(2, ys), g.seeds, -1, inner);
            residual = residual.add(projectOut(g, w, y, g.sd.mmul(normed, w.inZ)));
        }
        return readOut(g, residual);
    }

    /** {@code [S, B*T, f]} -> T tensors {@code [S, B, f]}. */
    private static SDVariable[] byPosition(GraphBlocks g, SDVariable x, int positions, int features) {
        return g.sd.unstack(g.sd.reshape(x, g.seeds, -1, positions, features), 2, positions);
    }

    @Override
    public SDVariable step(GraphBlocks g, SDVariable input, SDVariable position, StepState state) {
        int seeds = g.seeds;
        SDVariable residual = embed(g, input);
        for (int l = 0; l < layers; l++) {
            Layer w = new Layer(g, l);
            String p = "mamba" + l + ".";
            SDVariable normed = rmsNorm(g, residual, w.norm);
            SDVariable x = g.sd.mmul(normed, w.inX); // [S, P, e]
            SDVariable convolved;
            if (convolution > 1) {
                SDVariable window = g.sd.concat(2, state.placeholder(g, p + "conv", false,
                        prompts -> new long[] { seeds, prompts, convolution - 1, inner }, seeds, -1, convolution - 1,
                        inner), g.sd.expandDims(x, 2));
                convolved = w.convolve(window);
                state.output(g, p + "conv",
                        window.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(1, convolution), SDIndex.all()));
            } else {
                convolved = w.convolve(g.sd.expandDims(x, 2));
            }
            SDVariable activated = silu(g, convolved);
            Selection sel = select(g, w, activated);
            SDVariable h = state.placeholder(g, p + "h", false, prompts -> new long[] { seeds, prompts, inner, stateSize },
                    seeds, -1, inner, stateSize);
            SDVariable[] step = scanStep(g, w, h, sel.delta, activated, sel.b, sel.c);
            state.output(g, p + "h", step[0]);
            residual = residual.add(projectOut(g, w, step[1], g.sd.mmul(normed, w.inZ)));
        }
        return readOut(g, residual);
    }

    private SDVariable embed(GraphBlocks g, SDVariable input) {
        return g.sd.mmul(input, g.weight("embedding", GraphBlocks.Init.NORMAL_SCALED, vocabularySize, width));
    }

    private SDVariable readOut(GraphBlocks g, SDVariable residual) {
        return g.linear(rmsNorm(g, residual, g.weight("norm.g", GraphBlocks.Init.ONE, 1, width)), "out", width,
                vocabularySize);
    }

    /** RMSNorm of {@code [S, rows, d]} over its last axis: {@code x / sqrt(mean(x^2) + eps) gain}. */
    static SDVariable rmsNorm(GraphBlocks g, SDVariable x, SDVariable gain) {
        SDVariable meanSquare = g.sd.mean(x.mul(x), true, 2);
        return x.mul(g.sd.math.rsqrt(meanSquare.add(NORM_EPS))).mul(gain);
    }

    /** out_proj(y SiLU(z)). */
    private SDVariable projectOut(GraphBlocks g, Layer w, SDVariable y, SDVariable z) {
        return g.sd.mmul(y.mul(silu(g, z)), w.out);
    }

    /** Δ {@code [S, rows, e]} and B, C {@code [S, rows, N]} from the convolved, activated x. */
    private Selection select(GraphBlocks g, Layer w, SDVariable activated) {
        SDVariable dt = g.sd.mmul(activated, w.xDt);
        SDVariable delta = g.sd.nn.softplus(g.sd.mmul(dt, w.dtW).add(w.dtB));
        return new Selection(delta, g.sd.mmul(activated, w.xB), g.sd.mmul(activated, w.xC));
    }

    private record Selection(SDVariable delta, SDVariable b, SDVariable c) {
    }

    /**
     * One position of the selective scan for delta, x {@code [S, rows, e]} and b, c {@code [S, rows, N]}
     * from state h {@code [S, rows, e, N]} (null: zero): returns the new state and y {@code [S, rows, e]}.
     */
    private static SDVariable[] scanStep(GraphBlocks g, Layer w, SDVariable h, SDVariable delta, SDVariable x,
            SDVariable b, SDVariable c) {
        SDVariable delta4 = g.sd.expandDims(delta, 3);
        SDVariable input = delta4.mul(g.sd.expandDims(x, 3)).mul(g.sd.expandDims(b, 2));
        SDVariable next = h == null ? input : g.sd.math.exp(delta4.mul(w.a4)).mul(h).add(input);
        SDVariable y = g.sd.sum(next.mul(g.sd.expandDims(c, 2)), false, 3).add(x.mul(w.d));
        return new SDVariable[] { next, y };
    }

    private static SDVariable silu(GraphBlocks g, SDVariable x) {
        return x.mul(g.sd.nn.sigmoid(x));
    }

    /**
     * One block's weights, created (or looked up) in this order. in_proj and x_proj are one matrix
     * each in the reference; here their column blocks are separate weights (in.x, in.z; xproj.dt,
     * xproj.B, xproj.C) with the reference's distribution, so no graph slices along features.
     */
    private final class Layer {
        final SDVariable norm;
        final SDVariable inX;
        final SDVariable inZ;
        final SDVariable convW;
        final SDVariable convB;
        final SDVariable xDt;
        final SDVariable xB;
        final SDVariable xC;
        final SDVariable dtW;
        final SDVariable dtB;
        final SDVariable a4;
        final SDVariable d;
        final SDVariable out;
        private final GraphBlocks g;

        Layer(GraphBlocks g, int layer) {
            this.g = g;
            String p = "mamba" + layer + ".";
            norm = g.weight(p + "norm.g", GraphBlocks.Init.ONE, 1, width);
            inX = g.weight(p + "in.x.W", GraphBlocks.Init.UNIFORM_FAN_IN, width, inner);
            inZ = g.weight(p + "in.z.W", GraphBlocks.Init.UNIFORM_FAN_IN, width, inner);
            // PyTorch's Conv1d default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = dConv for depthwise
            double convBound = 1 / Math.sqrt(convolution);
            convW = g.uniformWeight(p + "conv.W", convBound, convolution, inner);
            convB = g.uniformWeight(p + "conv.b", convBound, 1, inner);
            xDt = g.weight(p + "xproj.dt.W", GraphBlocks.Init.UNIFORM_FAN_IN, inner, rank);
            xB = g.weight(p + "xproj.B.W", GraphBlocks.Init.UNIFORM_FAN_IN, inner, stateSize);
            xC = g.weight(p + "xproj.C.W", GraphBlocks.Init.UNIFORM_FAN_IN, inner, stateSize);
            // the reference: dt_proj.weight U(-dt_rank^-0.5, dt_rank^-0.5), its bias softplus^-1 of a
            // step log-uniform in [dt_min, dt_max]
            dtW = g.uniformWeight(p + "dt.W", 1 / Math.sqrt(rank), rank, inner);
            dtB = g.weight(p + "dt.b", (random, i) -> initialDeltaBias(random), 1, inner);
            // S4D-real: A = -(1..N) for every channel, stored as its log
            SDVariable aLog = g.weight(p + "A_log", (random, i) -> (float) Math.log(i % stateSize + 1), inner,
                    stateSize);
            a4 = g.sd.expandDims(g.sd.math.exp(aLog).neg(), 1);
            d = g.weight(p + "D", GraphBlocks.Init.ONE, 1, inner);
            out = g.weight(p + "out.W", GraphBlocks.Init.UNIFORM_FAN_IN, inner, width);
        }

        /**
         * The depthwise convolution at one position from its window {@code [S, rows, dConv, e]} of
         * inputs (oldest first; the weight whole: its gradient is lost behind an unstack in 1.0.0-M2.1).
         */
        SDVariable convolve(SDVariable window) {
            return g.sd.sum(window.mul(g.sd.expandDims(convW, 1)), false, 2).add(convB);
        }
    }

    /** softplus^-1 of a step drawn log-uniformly in [dt_min, dt_max] (floored), as the reference. */
    static float initialDeltaBias(java.util.Random random) {
        double dt = Math.exp(random.nextDouble() * (Math.log(DT_MAX) - Math.log(DT_MIN)) + Math.log(DT_MIN));
        dt = Math.max(dt, DT_FLOOR);
        return (float) (dt + Math.log(-Math.expm1(-dt)));
    }
}
