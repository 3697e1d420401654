package org.saturn.engine.model;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;

/**
 * Stacked LSTM: embedding, layers of ND4J's fused {@code lstmLayer} (one op runs a whole sequence,
 * so a step is a few dozen graph ops instead of thousands of per-time-step ones: SameDiff's
 * per-op overhead dominated the unrolled version), dropout between layers (as PyTorch's) or once
 * before the read-out (as the papers' code), a linear read-out. The fused op has no seed axis: each seed runs its own op on its slice of the
 * weights, which keeps seeds independent and equal to single-seed runs. Decoding runs the same op
 * one position at a time from the carried (h, c).
 */
final class LstmNetwork implements Network {

    private final ModelSpec spec;
    private final int vocabularySize;
    private final int hidden;

    LstmNetwork(ModelSpec spec, int vocabularySize) {
        this.spec = spec;
        this.vocabularySize = vocabularySize;
        this.hidden = spec.width();
    }

    @Override
    public SDVariable logits(GraphBlocks g, SDVariable input, int positions) {
        SDVariable[] x = perSeed(g, embed(g, input), positions);
        boolean betweenLayers = spec.lstmDropout() == ModelSpec.LstmDropout.BETWEEN_LAYERS;
        for (int l = 0; l < spec.layers(); l++) {
            LayerWeights w = layerWeights(g, l);
            boolean last = l == spec.layers() - 1;
            for (int s = 0; s < g.seeds; s++) {
                x[s] = g.sd.rnn.lstmLayer(x[s], null, null, null, w.of(s), config(false))[0];
                if (last ? !betweenLayers : betweenLayers) {
                    x[s] = g.dropout(x[s], spec.dropout());
                }
            }
        }
        return readOut(g, x);
    }

    @Override
    public SDVariable step(GraphBlocks g, SDVariable input, SDVariable position, StepState state) {
        SDVariable[] x = perSeed(g, embed(g, input), 1);
        int seeds = g.seeds;
        for (int l = 0; l < spec.layers(); l++) {
            LayerWeights w = layerWeights(g, l);
            String p = "lstm" + l + ".";
            SDVariable[] h = unstack(g, state.placeholder(g, p + "h", false,
                    prompts -> new long[] { seeds, prompts, hidden }, seeds, -1, hidden));
            SDVariable[] c = unstack(g, state.placeholder(g, p + "c", false,
                    prompts -> new long[] { seeds, prompts, hidden }, seeds, -1, hidden));
            SDVariable[] lastH = new SDVariable[seeds];
            SDVariable[] lastC = new SDVariable[seeds];
            for (int s = 0; s < seeds; s++) {
                // argument order (x, h, c): checked by DecoderTest against full re-forwards
                SDVariable[] out = g.sd.rnn.lstmLayer(x[s], h[s], c[s], null, w.of(s), config(true));
                x[s] = out[0];
                lastH[s] = out[1];
                lastC[s] = out[2];
            }
            state.output(g, p + "h", g.sd.stack(0, lastH));
            state.output(g, p + "c", g.sd.stack(0, lastC));
        }
        return readOut(g, x);
    }

    private SDVariable embed(GraphBlocks g, SDVariable input) {
        return g.sd.mmul(input, g.weight("embedding", g.embeddingInit(), vocabularySize, spec.embedding()));
    }

    /** {@code [S, B*T, e]} -> S tensors {@code [B, T, e]}. */
    private SDVariable[] perSeed(GraphBlocks g, SDVariable x, int positions) {
        // a strided slice per seed: in 1.0.0-M2.1 lstmLayer's input gradient is lost behind unstack
        // ("no gradient for required variable") and gather's gradient builds a control-flow loop
        SDVariable[] out = new SDVariable[g.seeds];
        for (int s = 0; s < g.seeds; s++) {
            SDVariable seedRows = g.seeds == 1 ? x : x.get(SDIndex.point(s), SDIndex.all(), SDIndex.all());
            out[s] = g.sd.reshape(seedRows, -1, positions, spec.embedding());
        }
        return out;
    }

    private static SDVariable[] unstack(GraphBlocks g, SDVariable x) {
        return g.sd.unstack(x, 0, g.seeds);
    }

    private SDVariable readOut(GraphBlocks g, SDVariable[] perSeed) {
        SDVariable x = g.sd.reshape(g.sd.stack(0, perSeed), g.seeds, -1, hidden);
        return g.linear(x, "out", hidden, vocabularySize);
    }

    /**
     * PyTorch's initialisation: every LSTM weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)); with
     * the PyTorch scheme the one bias is the sum b_ih + b_hh of two such draws, as nn.LSTM has two.
     */
    private LayerWeights layerWeights(GraphBlocks g, int layer) {
        int in = layer == 0 ? spec.embedding() : hidden;
        double bound = 1 / Math.sqrt(hidden);
        String p = "lstm" + layer + ".";
        return new LayerWeights(
                unstack(g, g.uniformWeight(p + "Wx", bound, in, 4L * hidden)),
                unstack(g, g.uniformWeight(p + "Wh", bound, hidden, 4L * hidden)),
                unstack(g, g.pytorchInit() ? g.sumOfTwoUniformWeight(p + "b", bound, 4L * hidden)
                        : g.uniformWeight(p + "b", bound, 4L * hidden)));
    }

    private record LayerWeights(SDVariable[] input, SDVariable[] recurrent, SDVariable[] bias) {
        LSTMLayerWeights of(int seed) {
            return LSTMLayerWeights.builder().weights(input[seed]).rWeights(recurrent[seed]).bias(bias[seed]).build();
        }
    }

    private static LSTMLayerConfig config(boolean returnLastState) {
        return LSTMLayerConfig.builder()
                .lstmdataformat(LSTMDataFormat.NTS)
                .directionMode(LSTMDirectionMode.FWD)
                .gateAct(LSTMActivations.SIGMOID)
                .cellAct(LSTMActivations.TANH)
                .outAct(LSTMActivations.TANH)
                .retFullSequence(true)
                .retLastH(returnLastState)
                .retLastC(returnLastState)
                .build();
    }
}
