package org.saturn.engine.model;

/**
 * What network to build: an immutable description the run-plan compiler can produce. Fields that
 * do not apply to a kind are ignored (use the factory methods).
 *
 * @param kind        the architecture
 * @param layers      Transformer blocks or stacked LSTM layers (ignored by the linear baseline)
 * @param width       Transformer d_model, LSTM hidden size
 * @param heads       attention heads (Transformer)
 * @param feedForward feed-forward inner size (Transformer)
 * @param embedding   token embedding size (LSTM; the Transformer embeds into d_model)
 * @param dropout     drop probability during training (0 = none)
 * @param norm        where the Transformer puts its LayerNorms
 * @param normEps     LayerNorm epsilon
 * @param positions   how the Transformer encodes positions
 */
public record ModelSpec(Kind kind, int layers, int width, int heads, int feedForward, int embedding, double dropout,
        Norm norm, double normEps, Positions positions) {

    public enum Kind { TRANSFORMER, LSTM, LINEAR }

    public enum Norm { PRE, POST }

    public enum Positions { SINUSOIDAL, LEARNED }

    public ModelSpec {
        if (kind == null || norm == null || positions == null) {
            throw new IllegalArgumentException("kind, norm and positions are required");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
        if (kind == Kind.TRANSFORMER && (width <= 0 || heads <= 0 || width % heads != 0 || layers <= 0 || feedForward <= 0)) {
            throw new IllegalArgumentException("Transformer needs layers > 0, heads > 0 dividing width, feedForward > 0");
        }
        if (kind == Kind.LSTM && (width <= 0 || embedding <= 0 || layers <= 0)) {
            throw new IllegalArgumentException("LSTM needs layers, embedding and hidden > 0");
        }
    }

    public static ModelSpec transformer(int layers, int dModel, int heads, int feedForward, double dropout, Norm norm,
            double normEps, Positions positions) {
        return new ModelSpec(Kind.TRANSFORMER, layers, dModel, heads, feedForward, 0, dropout, norm, normEps, positions);
    }

    /** The papers' Transformer (SCIENCE.md §6) with the given number of layers. */
    public static ModelSpec paperTransformer(int layers) {
        return transformer(layers, 10, 5, 1024, 0.1, Norm.POST, 6e-3, Positions.SINUSOIDAL);
    }

    public static ModelSpec lstm(int layers, int embedding, int hidden, double dropout) {
        return new ModelSpec(Kind.LSTM, layers, hidden, 0, 0, embedding, dropout, Norm.PRE, 1e-5, Positions.SINUSOIDAL);
    }

    /** The papers' LSTM (SCIENCE.md §6). */
    public static ModelSpec paperLstm() {
        return lstm(5, 10, 64, 0.4);
    }

    /** The causal linear baseline: logits at t are an affine function of the token at t. */
    public static ModelSpec linear() {
        return new ModelSpec(Kind.LINEAR, 0, 0, 0, 0, 0, 0, Norm.PRE, 1e-5, Positions.SINUSOIDAL);
    }
}
