package org.saturn.engine.model;

/**
 * What network to build: an immutable description the run-plan compiler can produce. Fields that
 * do not apply to a kind are ignored (use the factory methods, then the {@code with...} options).
 *
 * @param kind           the architecture
 * @param layers         Transformer blocks or stacked LSTM layers (ignored by the linear baseline)
 * @param width          Transformer d_model, LSTM hidden size
 * @param heads          attention heads (Transformer)
 * @param feedForward    feed-forward inner size (Transformer)
 * @param embedding      token embedding size (LSTM; the Transformer embeds into d_model)
 * @param dropout        drop probability during training (0 = none)
 * @param norm           where the Transformer puts its LayerNorms
 * @param normEps        LayerNorm epsilon
 * @param positions      how the Transformer encodes positions
 * @param activation     the Transformer's feed-forward activation
 * @param scaleEmbedding whether the Transformer multiplies token embeddings by sqrt(d_model)
 * @param keyPaddingMask whether the Transformer's attention ignores keys whose input token is PAD
 * @param lstmDropout    where the LSTM applies its dropout
 * @param init           how the initial weights are drawn
 * @param stateSize      Mamba d_state: state dimensions per channel of the selective scan
 * @param convolution    Mamba d_conv: width of the causal depthwise convolution
 * @param expand         Mamba expansion: inner channels = expand x width; xLSTM: the mLSTM's
 *                       up-projection factor (2)
 * @param slstmEvery     xLSTM block pattern: block l (from 0) is an sLSTM block when slstmEvery > 0 and
 *                       (l + 1) is a multiple of it, otherwise an mLSTM block (0: mLSTM only)
 */
public record ModelSpec(Kind kind, int layers, int width, int heads, int feedForward, int embedding, double dropout,
        Norm norm, double normEps, Positions positions, Activation activation, boolean scaleEmbedding,
        boolean keyPaddingMask, LstmDropout lstmDropout, Init init, int stateSize, int convolution, int expand,
        int slstmEvery) {

    public enum Kind { TRANSFORMER, LSTM, LINEAR, MAMBA, XLSTM }

    public enum Norm { PRE, POST }

    /**
     * SINUSOIDAL and LEARNED add a position vector per position; NONE adds nothing (the papers'
     * effective model, SCIENCE.md §7): only the causal mask orders the tokens, so a one-layer model's
     * output at t does not depend on the order of the tokens before t.
     * <p>
     * BATCH_ROW is the papers' code as it runs: their PositionalEncoding slices its sinusoidal table
     * by the batch dimension of a batch-first tensor, so sequence r of a batch gets the sinusoidal
     * vector of position r added at every one of its positions. Nothing orders the tokens along the
     * sequence (as NONE), and a sequence's outputs depend on its row in the batch the model runs on:
     * in training its row in the step's batch (the regime's extra rows follow the data rows; the
     * papers run their regime loss as a separate batch from row 0); for the test loss its row in
     * the test set's batch; in decoding its row among the prompts decoded together (today: the prompts of its length, in the prompt set's order).
     */
    public enum Positions { SINUSOIDAL, LEARNED, NONE, BATCH_ROW }

    /** GELU is ND4J's sigmoid approximation {@code x sigmoid(1.702 x)}; RELU is the papers' choice. */
    public enum Activation { GELU, RELU }

    /**
     * BETWEEN_LAYERS: after every LSTM layer but the last (PyTorch's {@code nn.LSTM(dropout=p)});
     * BEFORE_OUTPUT: once, on the top layer's output before the read-out (the papers' code).
     */
    public enum LstmDropout { BETWEEN_LAYERS, BEFORE_OUTPUT }

    /**
     * SATURN: token (and learned position) embeddings N(0, 1/width), so that x sqrt(width) has unit
     * scale; every bias 0; every other weight matrix U(±1/sqrt(fan_in)); LayerNorm gain 1, bias 0;
     * LSTM weights and its one bias U(±1/sqrt(hidden)).
     * <p>
     * PYTORCH: what the papers' modules get from PyTorch's defaults: nn.Embedding N(0, 1); nn.Linear
     * weights kaiming-uniform(a = sqrt 5) = U(±1/sqrt(fan_in)) and biases U(±1/sqrt(fan_in));
     * nn.MultiheadAttention's in-projection (our qkv) Xavier-uniform U(±sqrt(6 / (d + 3d))) with zero
     * bias, its out-projection a Linear weight with zero bias; LayerNorm ones/zeros; nn.LSTM every
     * weight U(±1/sqrt(hidden)) and two biases b_ih + b_hh of that law (our single bias is their sum);
     * and, as nn.TransformerEncoder deep-copies one layer, every block starts as a copy of block 0.
     */
    public enum Init { SATURN, PYTORCH }

    /** The spec as it was before the init option: Saturn's own initialisation; no Mamba shape. */
    public ModelSpec(Kind kind, int layers, int width, int heads, int feedForward, int embedding, double dropout,
            Norm norm, double normEps, Positions positions, Activation activation, boolean scaleEmbedding,
            boolean keyPaddingMask, LstmDropout lstmDropout) {
        this(kind, layers, width, heads, feedForward, embedding, dropout, norm, normEps, positions, activation,
                scaleEmbedding, keyPaddingMask, lstmDropout, Init.SATURN, 0, 0, 0, 0);
    }

    /** A kind without Mamba's shape (stateSize, convolution, expand unused). */
    public ModelSpec(Kind kind, int layers, int width, int heads, int feedForward, int embedding, double dropout,
            Norm norm, double normEps, Positions positions, Activation activation, boolean scaleEmbedding,
            boolean keyPaddingMask, LstmDropout lstmDropout, Init init) {
        this(kind, layers, width, heads, feedForward, embedding, dropout, norm, normEps, positions, activation,
                scaleEmbedding, keyPaddingMask, lstmDropout, init, 0, 0, 0, 0);
    }

    /** A spec with Saturn's own initialisation. */
    public ModelSpec(Kind kind, int layers, int width, int heads, int feedForward, int embedding, double dropout,
            Norm norm, double normEps, Positions positions, Activation activation, boolean scaleEmbedding,
            boolean keyPaddingMask, LstmDropout lstmDropout, int stateSize, int convolution, int expand) {
        this(kind, layers, width, heads, feedForward, embedding, dropout, norm, normEps, positions, activation,
                scaleEmbedding, keyPaddingMask, lstmDropout, Init.SATURN, stateSize, convolution, expand, 0);
    }

    /** The spec as it was before xLSTM: no block pattern. */
    public ModelSpec(Kind kind, int layers, int width, int heads, int feedForward, int embedding, double dropout,
            Norm norm, double normEps, Positions positions, Activation activation, boolean scaleEmbedding,
            boolean keyPaddingMask, LstmDropout lstmDropout, Init init, int stateSize, int convolution, int expand) {
        this(kind, layers, width, heads, feedForward, embedding, dropout, norm, normEps, positions, activation,
                scaleEmbedding, keyPaddingMask, lstmDropout, init, stateSize, convolution, expand, 0);
    }

    public ModelSpec {
        if (kind == null || norm == null || positions == null || activation == null || lstmDropout == null
                || init == null) {
            throw new IllegalArgumentException("kind, norm, positions, activation, lstmDropout and init are required");
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
        if (kind == Kind.MAMBA && (width <= 0 || layers <= 0 || stateSize <= 0 || convolution <= 0 || expand <= 0)) {
            throw new IllegalArgumentException("Mamba needs layers, dModel, dState, dConv and expand > 0");
        }
        if (kind == Kind.XLSTM && (width <= 0 || layers <= 0 || heads <= 0 || width % heads != 0 || slstmEvery < 0)) {
            throw new IllegalArgumentException("xLSTM needs layers > 0, heads > 0 dividing dModel, slstmEvery >= 0");
        }
    }

    /** A Transformer with the clean defaults: GELU, embeddings x sqrt(d_model). */
    public static ModelSpec transformer(int layers, int dModel, int heads, int feedForward, double dropout, Norm norm,
            double normEps, Positions positions) {
        return new ModelSpec(Kind.TRANSFORMER, layers, dModel, heads, feedForward, 0, dropout, norm, normEps, positions,
                Activation.GELU, true, false, LstmDropout.BETWEEN_LAYERS);
    }

    /** The papers' Transformer (SCIENCE.md §6) with the given number of layers. */
    public static ModelSpec paperTransformer(int layers) {
        return transformer(layers, 10, 5, 1024, 0.1, Norm.POST, 6e-3, Positions.SINUSOIDAL);
    }

    /** An LSTM with dropout between layers. */
    public static ModelSpec lstm(int layers, int embedding, int hidden, double dropout) {
        return new ModelSpec(Kind.LSTM, layers, hidden, 0, 0, embedding, dropout, Norm.PRE, 1e-5, Positions.SINUSOIDAL,
                Activation.GELU, true, false, LstmDropout.BETWEEN_LAYERS);
    }

    /** The papers' LSTM (SCIENCE.md §6). */
    public static ModelSpec paperLstm() {
        return lstm(5, 10, 64, 0.4);
    }

    /** The causal linear baseline: logits at t are an affine function of the token at t. */
    public static ModelSpec linear() {
        return new ModelSpec(Kind.LINEAR, 0, 0, 0, 0, 0, 0, Norm.PRE, 1e-5, Positions.SINUSOIDAL, Activation.GELU, true,
                false, LstmDropout.BETWEEN_LAYERS);
    }

    /**
     * Mamba (Gu & Dao 2023) as its reference {@code MambaLMHeadModel}: pre-RMSNorm residual blocks
     * of the selective state-space mixer, a final RMSNorm, a linear read-out; no dropout.
     */
    public static ModelSpec mamba(int layers, int dModel, int dState, int dConv, int expand) {
        return new ModelSpec(Kind.MAMBA, layers, dModel, 0, 0, 0, 0, Norm.PRE, 1e-5, Positions.NONE, Activation.GELU,
                false, false, LstmDropout.BETWEEN_LAYERS, dState, dConv, expand);
    }

    /** The papers' Mamba: d_model 32, 10 layers, d_state 16, d_conv 8, expand 2. */
    public static ModelSpec paperMamba() {
        return mamba(10, 32, 16, 8, 2);
    }

    /**
     * xLSTM (Beck et al. 2024), simplified (see {@code model.XlstmNetwork}): pre-RMSNorm residual
     * blocks, mLSTM blocks with up-projection factor 2, sLSTM blocks with a gated-GELU feed-forward
     * of factor 4/3; no dropout.
     */
    public static ModelSpec xlstm(int layers, int dModel, int heads, int slstmEvery) {
        return new ModelSpec(Kind.XLSTM, layers, dModel, heads, 0, 0, 0, Norm.PRE, 1e-5, Positions.NONE,
                Activation.GELU, false, false, LstmDropout.BETWEEN_LAYERS, Init.SATURN, 0, 0, 2, slstmEvery);
    }

    /** Whether xLSTM block {@code layer} (from 0) is an sLSTM block (else mLSTM). */
    public boolean isSlstm(int layer) {
        return slstmEvery > 0 && (layer + 1) % slstmEvery == 0;
    }

    /** Mamba's inner channels: expand x d_model. */
    public int innerWidth() {
        return expand * width;
    }

    /** Mamba's dt_rank as the reference's "auto": ceil(d_model / 16). */
    public int deltaRank() {
        return (width + 15) / 16;
    }

    public ModelSpec withPositions(Positions newPositions) {
        return new ModelSpec(kind, layers, width, heads, feedForward, embedding, dropout, norm, normEps, newPositions,
                activation, scaleEmbedding, keyPaddingMask, lstmDropout, init, stateSize, convolution, expand, slstmEvery);
    }

    public ModelSpec withActivation(Activation newActivation) {
        return new ModelSpec(kind, layers, width, heads, feedForward, embedding, dropout, norm, normEps, positions,
                newActivation, scaleEmbedding, keyPaddingMask, lstmDropout, init, stateSize, convolution, expand, slstmEvery);
    }

    public ModelSpec withScaleEmbedding(boolean scale) {
        return new ModelSpec(kind, layers, width, heads, feedForward, embedding, dropout, norm, normEps, positions,
                activation, scale, keyPaddingMask, lstmDropout, init, stateSize, convolution, expand, slstmEvery);
    }

    /**
     * With the mask, no attention query sees a key whose input token is PAD (PyTorch's
     * {@code src_key_padding_mask}). Sequences are {@code SOS w EOS PAD...} and attention is causal, so
     * only queries at PAD inputs see PAD keys: the mask changes their outputs alone, which count in
     * the loss only when PAD targets do.
     */
    public ModelSpec withKeyPaddingMask(boolean mask) {
        return new ModelSpec(kind, layers, width, heads, feedForward, embedding, dropout, norm, normEps, positions,
                activation, scaleEmbedding, mask, lstmDropout, init, stateSize, convolution, expand, slstmEvery);
    }

    public ModelSpec withLstmDropout(LstmDropout placement) {
        return new ModelSpec(kind, layers, width, heads, feedForward, embedding, dropout, norm, normEps, positions,
                activation, scaleEmbedding, keyPaddingMask, placement, init, stateSize, convolution, expand, slstmEvery);
    }

    public ModelSpec withInit(Init newInit) {
        return new ModelSpec(kind, layers, width, heads, feedForward, embedding, dropout, norm, normEps, positions,
                activation, scaleEmbedding, keyPaddingMask, lstmDropout, newInit, stateSize, convolution, expand, slstmEvery);
    }
}
