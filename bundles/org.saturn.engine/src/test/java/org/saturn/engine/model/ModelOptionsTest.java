package org.saturn.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.saturn.core.optimal.LossConvention;

/** Each model option changes the SameDiff graph the way its documentation says (it fails when ignored). */
class ModelOptionsTest {

    private static final int LENGTH = 10;

    @Test
    void withoutPositionsTheLogitsAtTIgnoreTheOrderOfEarlierTokens() {
        // one layer: deeper, the causal mask itself orders the tokens (earlier positions see fewer)
        ModelSpec spec = ModelSpec.transformer(1, 8, 2, 16, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.NONE);
        int[] sequence = { 1, 3, 4, 4, 3, 3, 4, 2, 0, 0 };
        int[] permuted = { 4, 3, 1, 3, 4, 3, 4, 2, 0, 0 }; // positions 0..5 reordered
        int t = 6;
        float[] a = perturbed(spec, 5).logits(new int[][][] { { sequence } })[0][0][t];
        float[] b = perturbed(spec, 5).logits(new int[][][] { { permuted } })[0][0][t];
        assertThat(b).containsExactly(a, within(1e-5f));

        ModelSpec positional = spec.withPositions(ModelSpec.Positions.SINUSOIDAL);
        float[] c = perturbed(positional, 5).logits(new int[][][] { { sequence } })[0][0][t];
        float[] d = perturbed(positional, 5).logits(new int[][][] { { permuted } })[0][0][t];
        assertThat(maxDifference(c, d)).as("with positions the order matters").isGreaterThan(1e-3);
    }

    @Test
    void reluDiffersFromGeluAndMatchesAHandComputation() {
        ModelSpec spec = ModelSpec.transformer(1, 4, 1, 3, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.NONE)
                .withActivation(ModelSpec.Activation.RELU);
        LanguageModel relu = perturbed(spec, 7);
        LanguageModel gelu = perturbed(spec.withActivation(ModelSpec.Activation.GELU), 7);
        for (LanguageModel model : new LanguageModel[] { relu, gelu }) {
            // without the attention branch, position 0 is x + FF(LN(x)), then the final LayerNorm and read-out
            model.currentWeights().get("block0.attn.out.W").assign(0);
            model.currentWeights().get("block0.attn.out.b").assign(0);
        }
        int[] sequence = { 1, 3, 4, 2, 0, 0, 0, 0, 0, 0 };
        float[] reluLogits = relu.logits(new int[][][] { { sequence } })[0][0][0];
        float[] geluLogits = gelu.logits(new int[][][] { { sequence } })[0][0][0];
        assertThat(maxDifference(reluLogits, geluLogits)).isGreaterThan(1e-3);

        Map<String, INDArray> w = relu.currentWeights();
        double[] x = new double[4];
        for (int i = 0; i < 4; i++) {
            x[i] = w.get("embedding").getDouble(0, Tokens.SOS, i) * 2; // x sqrt(d_model)
        }
        double[] h = layerNorm(x, w.get("block0.ln2.g"), w.get("block0.ln2.b"));
        double[] inner = affine(h, w.get("block0.ff1.W"), w.get("block0.ff1.b"), 3);
        boolean someNegative = false;
        for (int j = 0; j < inner.length; j++) {
            someNegative |= inner[j] < 0;
            inner[j] = Math.max(0, inner[j]);
        }
        assertThat(someNegative).as("the case exercises the ReLU's cut").isTrue();
        double[] ff = affine(inner, w.get("block0.ff2.W"), w.get("block0.ff2.b"), 4);
        for (int i = 0; i < 4; i++) {
            x[i] += ff[i];
        }
        double[] logits = affine(layerNorm(x, w.get("final.ln.g"), w.get("final.ln.b")), w.get("out.W"), w.get("out.b"),
                Anbn.VOCABULARY);
        for (int v = 0; v < Anbn.VOCABULARY; v++) {
            assertThat((double) reluLogits[v]).isCloseTo(logits[v], within(1e-4));
        }
    }

    @Test
    void scaleEmbeddingMultipliesTheEmbeddingsBySqrtDModel() {
        ModelSpec scaled = ModelSpec.transformer(2, 16, 2, 32, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.SINUSOIDAL);
        LanguageModel a = perturbed(scaled, 3);
        LanguageModel b = perturbed(scaled.withScaleEmbedding(false), 3);
        int[][] batch = Anbn.batch(new Random(1), 4, 4, LENGTH);
        float[][][] before = b.logits(new int[][][] { batch })[0];
        assertThat(maxDifference(a.logits(new int[][][] { batch })[0][0][3], before[0][3])).isGreaterThan(1e-3);
        b.currentWeights().get("embedding").muli(4); // sqrt(16)
        float[][][] expected = a.logits(new int[][][] { batch })[0];
        float[][][] actual = b.logits(new int[][][] { batch })[0];
        for (int i = 0; i < batch.length; i++) {
            for (int t = 0; t < LENGTH - 1; t++) {
                assertThat(actual[i][t]).containsExactly(expected[i][t], within(1e-4f));
            }
        }
    }

    @Test
    void theKeyPaddingMaskHidesPadKeysFromPadQueriesOnly() {
        ModelSpec spec = ModelSpec.transformer(2, 8, 2, 16, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.SINUSOIDAL);
        int[] sequence = { 1, 3, 3, 4, 4, 2, 0, 0, 0, 0 };
        float[][] masked = perturbed(spec.withKeyPaddingMask(true), 4).logits(new int[][][] { { sequence } })[0][0];
        float[][] open = perturbed(spec, 4).logits(new int[][][] { { sequence } })[0][0];
        // causal attention: real inputs (positions 0..5) never see a PAD key, so only PAD queries change
        for (int t = 0; t < LENGTH - 1; t++) {
            if (t <= 5) {
                assertThat(masked[t]).as("position %d", t).containsExactly(open[t], within(1e-5f));
            } else {
                assertThat(maxDifference(masked[t], open[t])).as("position %d", t).isGreaterThan(1e-4);
            }
        }
    }

    @Test
    void lstmDropoutBeforeOutputDropsOnlyTheReadOutInput() {
        // hidden = vocabulary and an identity read-out: the training graph's logits are the top layer's
        // output after its dropout, so each is 0 or the undropped value / (1 - p)
        double p = 0.5;
        int[][] batch = Anbn.batch(new Random(2), 6, 4, LENGTH);
        for (int layers : new int[] { 1, 2 }) {
            ModelSpec before = ModelSpec.lstm(layers, 4, Anbn.VOCABULARY, p)
                    .withLstmDropout(ModelSpec.LstmDropout.BEFORE_OUTPUT);
            assertThat(droppedOrScaled(before, batch, p)).as("beforeOutput, %d layers", layers).isTrue();
        }
        // between layers: one layer has no dropout at all, two layers drop the second layer's input
        LanguageModel one = identityReadOut(ModelSpec.lstm(1, 4, Anbn.VOCABULARY, p));
        assertThat(trainingLogits(one, batch)).containsExactly(one.evaluationGraph()
                .output(one.encode(new int[][][] { batch }, null, 0, LossConvention.PAD), LanguageModel.LOGITS)
                .get(LanguageModel.LOGITS).dup('c').data().asFloat(), within(1e-6f));
        assertThat(droppedOrScaled(ModelSpec.lstm(2, 4, Anbn.VOCABULARY, p), batch, p)).isFalse();
    }

    private static boolean droppedOrScaled(ModelSpec spec, int[][] batch, double p) {
        LanguageModel model = identityReadOut(spec);
        float[] dropped = trainingLogits(model, batch);
        float[] clean = model.evaluationGraph()
                .output(model.encode(new int[][][] { batch }, null, 0, LossConvention.PAD), LanguageModel.LOGITS)
                .get(LanguageModel.LOGITS).dup('c').data().asFloat();
        int zeros = 0;
        for (int i = 0; i < clean.length; i++) {
            double scaled = clean[i] / (1 - p);
            if (dropped[i] == 0f && clean[i] != 0f) {
                zeros++;
            } else if (Math.abs(dropped[i] - scaled) > 1e-5 + 1e-4 * Math.abs(scaled)) {
                return false;
            }
        }
        return zeros > 0 && zeros < clean.length;
    }

    private static LanguageModel identityReadOut(ModelSpec spec) {
        LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 13);
        model.currentWeights().get("out.W").assign(Nd4j.eye(Anbn.VOCABULARY).reshape(1, Anbn.VOCABULARY, Anbn.VOCABULARY));
        model.currentWeights().get("out.b").assign(0);
        return model;
    }

    private static float[] trainingLogits(LanguageModel model, int[][] batch) {
        return model.trainingGraph()
                .output(model.encode(new int[][][] { batch }, null, 0, LossConvention.PAD), LanguageModel.LOGITS)
                .get(LanguageModel.LOGITS).dup('c').data().asFloat();
    }

    /** A one-seed model whose weights are moved off their initial values, the same for the same seed. */
    private static LanguageModel perturbed(ModelSpec spec, long seed) {
        LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, seed);
        Nd4j.getRandom().setSeed(seed);
        for (INDArray w : model.currentWeights().values()) {
            w.addi(Nd4j.rand(w.dataType(), w.shape()).subi(0.5).muli(0.6));
        }
        return model;
    }

    private static double[] layerNorm(double[] x, INDArray gain, INDArray bias) {
        int d = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v / d;
        }
        double variance = 0;
        for (double v : x) {
            variance += (v - mean) * (v - mean) / d;
        }
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            y[i] = (x[i] - mean) / Math.sqrt(variance + 1e-5) * gain.getDouble(0, 0, i) + bias.getDouble(0, 0, i);
        }
        return y;
    }

    /** {@code x W + b} for a seed-batched weight {@code [1, in, out]} and bias {@code [1, 1, out]}. */
    private static double[] affine(double[] x, INDArray weight, INDArray bias, int out) {
        double[] y = new double[out];
        for (int j = 0; j < out; j++) {
            y[j] = bias.getDouble(0, 0, j);
            for (int i = 0; i < x.length; i++) {
                y[j] += x[i] * weight.getDouble(0, i, j);
            }
        }
        return y;
    }

    private static double maxDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
