package org.saturn.engine.model;

import org.nd4j.autodiff.samediff.SDVariable;

/** The causal linear baseline: logits at t are an affine function of the token at t alone (a bigram model). */
final class LinearNetwork implements Network {

    private final int vocabularySize;

    LinearNetwork(int vocabularySize) {
        this.vocabularySize = vocabularySize;
    }

    @Override
    public SDVariable logits(GraphBlocks g, SDVariable input, int positions) {
        return g.linear(input, "out", vocabularySize, vocabularySize);
    }

    @Override
    public SDVariable step(GraphBlocks g, SDVariable input, SDVariable position, StepState state) {
        return logits(g, input, 1);
    }
}
