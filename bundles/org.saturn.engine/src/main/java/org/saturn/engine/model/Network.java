package org.saturn.engine.model;

import org.nd4j.autodiff.samediff.SDVariable;

/** One architecture, written once against {@link GraphBlocks} for training, evaluation and decoding graphs. */
interface Network {

    /** Factor applied to the one-hot input rows (the Transformer's embedding x sqrt(d), for free). */
    default double inputScale() {
        return 1;
    }

    /**
     * Logits {@code [S, B*T, V]} for one-hot inputs {@code [S, B*T, V]} of sequences of
     * {@code positions} tokens; position t sees inputs 0..t only.
     */
    SDVariable logits(GraphBlocks g, SDVariable input, int positions);

    /**
     * Logits {@code [S, P, V]} for the next token of P sequences, from the one-hot token
     * {@code [S, P, V]} at integer {@code position} and the state declared in {@code state}.
     */
    SDVariable step(GraphBlocks g, SDVariable input, SDVariable position, StepState state);

    static Network of(ModelSpec spec, int vocabularySize, int positions) {
        return switch (spec.kind()) {
            case TRANSFORMER -> new TransformerNetwork(spec, vocabularySize, positions);
            case LSTM -> new LstmNetwork(spec, vocabularySize);
            case LINEAR -> new LinearNetwork(vocabularySize);
            case MAMBA -> new MambaNetwork(spec, vocabularySize);
            case XLSTM -> new XlstmNetwork(spec, vocabularySize);
        };
    }
}
