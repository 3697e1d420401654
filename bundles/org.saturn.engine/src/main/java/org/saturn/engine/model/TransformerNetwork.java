package org.saturn.engine.model;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Causal Transformer decoder: embedding (x sqrt(d) unless switched off) + sinusoidal, learned or no
 * positions, pre- or post-LN blocks of multi-head self-attention and a GELU or ReLU feed-forward,
 * dropout, a linear read-out.
 * <p>
 * Attention is written out (one QKV GEMM, rank-4 {@code mmul}, additive causal mask, softmax)
 * because ND4J's attention ops take no causal mask. The same code serves decoding: there the keys
 * and values of earlier positions come from a cache instead of a mask.
 */
final class TransformerNetwork implements Network {

    private final ModelSpec spec;
    private final int vocabularySize;
    private final int maxPositions;
    private final int d;
    private final int heads;
    private final int headWidth;

    TransformerNetwork(ModelSpec spec, int vocabularySize, int maxPositions) {
        this.spec = spec;
        this.vocabularySize = vocabularySize;
        this.maxPositions = maxPositions;
        this.d = spec.width();
        this.heads = spec.heads();
        this.headWidth = d / heads;
    }

    @Override
    public double inputScale() {
        return spec.scaleEmbedding() ? Math.sqrt(d) : 1;
    }

    @Override
    public SDVariable logits(GraphBlocks g, SDVariable input, int positions) {
        SDVariable x = embed(g, input);
        if (positions != maxPositions) {
            throw new IllegalArgumentException("sequences must have " + maxPositions + " input positions, not " + positions);
        }
        if (spec.positions() == ModelSpec.Positions.BATCH_ROW) {
            // [S*B*T, V] one-hot input -> one counter per sequence: 0..B-1
            SDVariable perSequence = g.sd.reshape(input, g.seeds, -1, positions, vocabularySize)
                    .get(SDIndex.point(0), SDIndex.all(), SDIndex.point(0), SDIndex.point(0));
            SDVariable rows = g.sd.reshape(rowTable(g, perSequence), 1, -1, 1, d);
            x = g.sd.reshape(g.sd.reshape(x, g.seeds, -1, positions, d).add(rows), g.seeds, -1, d);
        } else if (spec.positions() != ModelSpec.Positions.NONE) {
            SDVariable table = positionTable(g);
            if (spec.positions() == ModelSpec.Positions.LEARNED) {
                table = g.sd.reshape(table, g.seeds, 1, maxPositions, d);
            }
            x = g.sd.reshape(g.sd.reshape(x, g.seeds, -1, positions, d).add(table), g.seeds, -1, d);
        }
        SDVariable mask = g.sd.constant("causalMask", causalMask(positions));
        if (spec.keyPaddingMask()) {
            // the one-hot input's PAD column (inputScale at PAD inputs) -> -1e9 at PAD keys, [S*B, 1, 1, T]
            SDVariable pad = input.get(SDIndex.all(), SDIndex.all(), SDIndex.point(Tokens.PAD));
            mask = mask.add(g.sd.reshape(pad.mul(-1e9 / inputScale()), -1, 1, 1, positions));
        }
        return readOut(g, blocks(g, g.dropout(x, spec.dropout()), positions, mask, null));
    }

    @Override
    public SDVariable step(GraphBlocks g, SDVariable input, SDVariable position, StepState state) {
        SDVariable x = embed(g, input);
        if (spec.positions() == ModelSpec.Positions.BATCH_ROW) {
            // the prompt's row among those decoded together, whatever the position
            SDVariable perPrompt = input.get(SDIndex.point(0), SDIndex.all(), SDIndex.point(0));
            x = x.add(g.sd.reshape(rowTable(g, perPrompt), 1, -1, d));
        } else if (spec.positions() != ModelSpec.Positions.NONE) {
            // sinusoidal table [T, d] -> row [1, d]; learned [S, T, d] -> [S, 1, d]
            int axis = spec.positions() == ModelSpec.Positions.LEARNED ? 1 : 0;
            x = x.add(g.sd.gather(positionTable(g), position, axis));
        }
        SDVariable mask = state.cacheMask(g);
        if (spec.keyPaddingMask()) {
            // [S*P, cache + 1] from the decoder: -1e9 at cached or current PAD inputs
            mask = mask.add(g.sd.expandDims(g.sd.expandDims(state.paddingMask(g), 1), 1));
        }
        return readOut(g, blocks(g, x, 1, mask, state));
    }

    private SDVariable embed(GraphBlocks g, SDVariable input) {
        return g.sd.mmul(input, g.weight("embedding", g.embeddingInit(), vocabularySize, d));
    }

    private SDVariable positionTable(GraphBlocks g) {
        if (spec.positions() == ModelSpec.Positions.LEARNED) {
            return g.weight("positions", g.embeddingInit(), maxPositions, d);
        }
        return g.sd.constant("positions.sinusoidal", sinusoidal(maxPositions, d));
    }

    /**
     * The sinusoidal vectors of rows 0..n-1 ({@code [n, d]}) for a vector with one element per row:
     * the row is counted in the graph (the batch size is a placeholder's), the angle is
     * {@code row x frequency} in float as {@link SinusoidalPositions#rowTable} computes it.
     */
    private SDVariable rowTable(GraphBlocks g, SDVariable onePerRow) {
        SDVariable rows = g.sd.cumsum(g.sd.onesLike(onePerRow), true, false, 0);
        SDVariable frequencies = g.sd.constant(Nd4j.create(SinusoidalPositions.frequencies(d), new long[] { 1, d }, 'c'));
        SDVariable angles = g.sd.reshape(rows, -1, 1).mul(frequencies);
        float[] even = new float[d];
        float[] odd = new float[d];
        for (int i = 0; i < d; i++) {
            even[i] = i % 2 == 0 ? 1f : 0f;
            odd[i] = 1f - even[i];
        }
        SDVariable evenMask = g.sd.constant(Nd4j.create(even, new long[] { 1, d }, 'c'));
        SDVariable oddMask = g.sd.constant(Nd4j.create(odd, new long[] { 1, d }, 'c'));
        return g.sd.math.sin(angles).mul(evenMask).add(g.sd.math.cos(angles).mul(oddMask));
    }

    private SDVariable blocks(GraphBlocks g, SDVariable x, int positions, SDVariable mask, StepState state) {
        for (int l = 0; l < spec.layers(); l++) {
            String p = "block" + l + ".";
            if (l > 0 && g.pytorchInit()) {
                // nn.TransformerEncoder deep-copies its one layer: every block starts equal to block 0
                g.startAsCopy(p, "block0.");
            }
            if (spec.norm() == ModelSpec.Norm.PRE) {
                x = x.add(g.dropout(attention(g, norm(g, x, p + "ln1"), p, positions, mask, state), spec.dropout()));
                x = x.add(g.dropout(feedForward(g, norm(g, x, p + "ln2"), p), spec.dropout()));
            } else {
                x = norm(g, x.add(g.dropout(attention(g, x, p, positions, mask, state), spec.dropout())), p + "ln1");
                x = norm(g, x.add(g.dropout(feedForward(g, x, p), spec.dropout())), p + "ln2");
            }
        }
        return x;
    }

    private SDVariable readOut(GraphBlocks g, SDVariable x) {
        if (spec.norm() == ModelSpec.Norm.PRE) {
            x = norm(g, x, "final.ln");
        }
        return g.linear(x, "out", d, vocabularySize);
    }

    private SDVariable norm(GraphBlocks g, SDVariable x, String name) {
        return g.layerNorm(x, name, d, spec.normEps());
    }

    private SDVariable feedForward(GraphBlocks g, SDVariable x, String p) {
        SDVariable inner = g.linear(x, p + "ff1", d, spec.feedForward());
        SDVariable activated = spec.activation() == ModelSpec.Activation.RELU ? g.sd.nn.relu(inner, 0) : g.sd.nn.gelu(inner);
        SDVariable hidden = g.dropout(activated, spec.dropout());
        return g.linear(hidden, p + "ff2", spec.feedForward(), d);
    }

    /**
     * Multi-head self-attention of {@code [S, B*T, d]}. Training: all T positions at once under the
     * additive causal mask. Decoding (state != null, T = 1): keys and values of earlier positions
     * come from the cache slots, this position's are emitted for the decoder to append.
     */
    private SDVariable attention(GraphBlocks g, SDVariable x, String p, int positions, SDVariable mask, StepState state) {
        // nn.MultiheadAttention: in-projection Xavier-uniform over [3d, d], zero bias
        SDVariable qkv = g.pytorchInit() ? g.linear(x, p + "qkv", d, 3 * d, Math.sqrt(6.0 / (d + 3 * d)), 0)
                : g.linear(x, p + "qkv", d, 3 * d);
        // [S*B, T, 3, H, dh] -> [3, S*B, H, T, dh]: one permute for all three
        SDVariable[] parts = g.sd.unstack(
                g.sd.permute(g.sd.reshape(qkv, -1, positions, 3, heads, headWidth), 2, 0, 3, 1, 4), 0, 3);
        SDVariable query = parts[0].mul(1.0 / Math.sqrt(headWidth));
        SDVariable key = parts[1];
        SDVariable value = parts[2];
        if (state != null) {
            int seeds = g.seeds;
            SDVariable pastKey = state.placeholder(g, p + "cache.key", true,
                    prompts -> new long[] { (long) seeds * prompts, heads, 1, headWidth }, -1, heads, -1, headWidth);
            SDVariable pastValue = state.placeholder(g, p + "cache.value", true,
                    prompts -> new long[] { (long) seeds * prompts, heads, 1, headWidth }, -1, heads, -1, headWidth);
            state.output(g, p + "cache.key", key);
            state.output(g, p + "cache.value", value);
            key = g.sd.concat(2, pastKey, key);
            value = g.sd.concat(2, pastValue, value);
        }
        SDVariable scores = g.sd.mmul(query, key, false, true, false).add(mask);
        SDVariable weights = g.dropout(g.sd.nn.softmax(scores, 3), spec.dropout());
        SDVariable heads4 = g.sd.mmul(weights, value);
        SDVariable merged = g.sd.reshape(g.sd.permute(heads4, 0, 2, 1, 3), g.seeds, -1, d);
        // nn.MultiheadAttention's out-projection: a Linear weight, its bias reset to zero
        return g.pytorchInit() ? g.linear(merged, p + "attn.out", d, d, 1 / Math.sqrt(d), 0)
                : g.linear(merged, p + "attn.out", d, d);
    }

    static org.nd4j.linalg.api.ndarray.INDArray causalMask(int positions) {
        float[] mask = new float[positions * positions];
        for (int i = 0; i < positions; i++) {
            for (int j = i + 1; j < positions; j++) {
                mask[i * positions + j] = -1e9f;
            }
        }
        return Nd4j.create(mask, new long[] { positions, positions }, 'c');
    }

    static org.nd4j.linalg.api.ndarray.INDArray sinusoidal(int positions, int d) {
        return Nd4j.create(SinusoidalPositions.table(positions, d), new long[] { positions, d }, 'c');
    }
}
