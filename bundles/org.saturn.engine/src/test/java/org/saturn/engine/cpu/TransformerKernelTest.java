package org.saturn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.ModelSpec;

/** The CPU Transformer computes the SameDiff graph's loss and gradients. */
class TransformerKernelTest {

    private static final int V = 5;
    private static final int LENGTH = 10;

    @Test
    void preNormSinusoidalMatchesTheGraph() {
        check(ModelSpec.transformer(2, 8, 2, 16, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.SINUSOIDAL));
    }

    @Test
    void postNormLearnedPositionsAndPaperEpsMatchTheGraph() {
        check(ModelSpec.transformer(2, 12, 3, 20, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.LEARNED));
    }

    @Test
    void oneLayerOneHeadMatchesTheGraph() {
        check(ModelSpec.transformer(1, 6, 1, 8, 0, ModelSpec.Norm.PRE, 6e-3, ModelSpec.Positions.LEARNED));
    }

    @Test
    void noPositionsMatchesTheGraph() {
        check(ModelSpec.transformer(2, 8, 2, 16, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.NONE));
    }

    @Test
    void reluAndUnscaledEmbeddingMatchTheGraph() {
        check(ModelSpec.transformer(2, 12, 3, 20, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.LEARNED)
                .withActivation(ModelSpec.Activation.RELU).withScaleEmbedding(false));
    }

    @Test
    void thePapersOptionsTogetherMatchTheGraph() {
        check(ModelSpec.transformer(2, 10, 5, 24, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.NONE)
                .withActivation(ModelSpec.Activation.RELU));
    }

    @Test
    void keyPaddingMaskMatchesTheGraph() {
        ModelSpec spec = ModelSpec.transformer(2, 8, 2, 16, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.SINUSOIDAL)
                .withKeyPaddingMask(true);
        // SOS w EOS PAD... sequences with every target counted: the PAD rows are where the mask acts
        int[][] words = { { 1, 3, 4, 2, 0, 0, 0, 0, 0, 0 }, { 1, 3, 3, 4, 4, 2, 0, 0, 0, 0 }, { 1, 4, 2, 0, 0, 0, 0, 0, 0, 0 } };
        CpuBatch batch = shifted(words);
        LanguageModel model = perturbed(spec);
        GraphReference reference = new GraphReference(model, batch);
        Map<String, float[]> gradients = grads(model);
        double loss = new TransformerKernel(spec, V, LENGTH - 1).lossAndGradient(GraphReference.weights(model),
                gradients, batch, Dropout.none());
        assertEquals(reference.loss, loss, 1e-5 * Math.abs(reference.loss));
        double error = GraphReference.relativeError(gradients, reference.gradients);
        assertTrue(error < 1e-4, "gradients differ from the graph's by " + error);
        double unmasked = new TransformerKernel(spec.withKeyPaddingMask(false), V, LENGTH - 1)
                .lossAndGradient(GraphReference.weights(model), grads(model), batch, Dropout.none());
        assertNotEquals(loss, unmasked, 1e-4 * Math.abs(loss), "PAD queries see PAD keys without the mask");
    }

    /** Inputs and targets of the given full sequences, every target weighted alike (PAD ones too). */
    static CpuBatch shifted(int[][] words) {
        int positions = LENGTH - 1;
        int rows = words.length * positions;
        int[] inputs = new int[rows];
        int[] targets = new int[rows];
        float[] weights = new float[rows];
        for (int s = 0; s < words.length; s++) {
            for (int t = 0; t < positions; t++) {
                inputs[s * positions + t] = words[s][t];
                targets[s * positions + t] = words[s][t + 1];
                weights[s * positions + t] = 1f / rows;
            }
        }
        return new CpuBatch(words.length, positions, inputs, targets, weights);
    }

    @Test
    void withoutPositionsTheLossAtTIgnoresTheOrderOfEarlierTokens() {
        // one layer: deeper, the causal mask itself orders the tokens (earlier positions see fewer)
        ModelSpec spec = ModelSpec.transformer(1, 8, 2, 16, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.NONE);
        LanguageModel model = perturbed(spec);
        TransformerKernel kernel = new TransformerKernel(spec, V, LENGTH - 1);
        CpuBatch batch = randomBatch(new Random(3), 1);
        int t = 6;
        float[] weights = new float[batch.rows()];
        weights[t] = 1f;
        int[] inputs = { 1, 3, 4, 4, 3, 2, 3, 0, 0 };
        int[] permuted = { 4, 3, 1, 2, 4, 3, 3, 0, 0 }; // positions 0..5 reordered, 6.. unchanged
        double before = kernel.lossAndGradient(GraphReference.weights(model), grads(model),
                new CpuBatch(1, LENGTH - 1, inputs, batch.targets(), weights), Dropout.none());
        double after = kernel.lossAndGradient(GraphReference.weights(model), grads(model),
                new CpuBatch(1, LENGTH - 1, permuted, batch.targets(), weights), Dropout.none());
        assertEquals(before, after, 1e-6 * Math.abs(before));
        TransformerKernel positional = new TransformerKernel(spec.withPositions(ModelSpec.Positions.SINUSOIDAL), V,
                LENGTH - 1);
        assertNotEquals(
                positional.lossAndGradient(GraphReference.weights(model), grads(model),
                        new CpuBatch(1, LENGTH - 1, inputs, batch.targets(), weights), Dropout.none()),
                positional.lossAndGradient(GraphReference.weights(model), grads(model),
                        new CpuBatch(1, LENGTH - 1, permuted, batch.targets(), weights), Dropout.none()),
                1e-4, "with positions the order matters");
    }

    @Test
    void reluDropoutGradientIsExact() {
        ModelSpec spec = ModelSpec.transformer(1, 8, 2, 16, 0.2, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.NONE)
                .withActivation(ModelSpec.Activation.RELU);
        LanguageModel model = perturbed(spec);
        TransformerKernel kernel = new TransformerKernel(spec, V, LENGTH - 1);
        CpuBatch batch = randomBatch(new Random(5), 3);
        Map<String, float[]> w = GraphReference.weights(model);
        Map<String, float[]> g = grads(model);
        kernel.lossAndGradient(w, g, batch, Dropout.of(0.2, 11, 7));
        for (String name : new String[] { "block0.ff1.W", "block0.ff1.b", "block0.ff2.W", "embedding" }) {
            float[] values = w.get(name);
            for (int i = 0; i < Math.min(4, values.length); i++) {
                float saved = values[i];
                double h = 1e-3;
                values[i] = (float) (saved + h);
                double plus = kernel.lossAndGradient(w, grads(model), batch, Dropout.of(0.2, 11, 7));
                values[i] = (float) (saved - h);
                double minus = kernel.lossAndGradient(w, grads(model), batch, Dropout.of(0.2, 11, 7));
                values[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, g.get(name)[i], 2e-3 + 0.02 * Math.abs(numeric), name + "[" + i + "]");
            }
        }
    }

    @Test
    void keptAndRecomputedAttentionWeightsGiveTheSameBits() {
        // small batches keep the weights from forward to backward, paper-size ones recompute them
        for (ModelSpec spec : new ModelSpec[] {
                ModelSpec.transformer(2, 8, 2, 16, 0.2, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.LEARNED),
                ModelSpec.transformer(2, 8, 2, 16, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.SINUSOIDAL)
                        .withKeyPaddingMask(true) }) {
            LanguageModel model = perturbed(spec);
            CpuBatch batch = randomBatch(new Random(5), 3);
            Map<String, float[]> w = GraphReference.weights(model);
            Map<String, float[]> kept = grads(model);
            Map<String, float[]> recomputed = grads(model);
            double a = new TransformerKernel(spec, V, LENGTH - 1).lossAndGradient(w, kept, batch,
                    Dropout.of(spec.dropout(), 11, 7));
            double b = new TransformerKernel(spec, V, LENGTH - 1).recomputingInBackward().lossAndGradient(w,
                    recomputed, batch, Dropout.of(spec.dropout(), 11, 7));
            assertEquals(a, b, 0.0);
            kept.forEach((name, values) -> assertArrayEquals(values, recomputed.get(name), name));
        }
    }

    @Test
    void laterPositionsDoNotChangeEarlierLosses() {
        ModelSpec spec = ModelSpec.transformer(2, 8, 2, 16, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.SINUSOIDAL);
        LanguageModel model = perturbed(spec);
        TransformerKernel kernel = new TransformerKernel(spec, V, LENGTH - 1);
        CpuBatch batch = randomBatch(new Random(3), 2);
        // only position 4 of sequence 0 counts; changing inputs at positions > 4 must not change the loss
        float[] weights = new float[batch.rows()];
        weights[4] = 1f;
        CpuBatch one = new CpuBatch(2, LENGTH - 1, batch.inputs(), batch.targets(), weights);
        double before = kernel.lossAndGradient(GraphReference.weights(model), grads(model), one, Dropout.none());
        int[] changed = batch.inputs().clone();
        for (int t = 5; t < LENGTH - 1; t++) {
            changed[t] = (changed[t] + 1) % V;
        }
        double after = kernel.lossAndGradient(GraphReference.weights(model), grads(model),
                new CpuBatch(2, LENGTH - 1, changed, batch.targets(), weights), Dropout.none());
        assertEquals(before, after, 0.0);
        changed[3] = (changed[3] + 1) % V;
        double earlier = kernel.lossAndGradient(GraphReference.weights(model), grads(model),
                new CpuBatch(2, LENGTH - 1, changed, batch.targets(), weights), Dropout.none());
        assertNotEquals(before, earlier, "an earlier input does change it");
    }

    @Test
    void dropoutIsDeterministicPerUpdateAndItsGradientIsExact() {
        ModelSpec spec = ModelSpec.transformer(2, 8, 2, 16, 0.2, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.LEARNED);
        LanguageModel model = perturbed(spec);
        TransformerKernel kernel = new TransformerKernel(spec, V, LENGTH - 1);
        CpuBatch batch = randomBatch(new Random(5), 3);
        Map<String, float[]> w = GraphReference.weights(model);
        Map<String, float[]> g1 = grads(model);
        Map<String, float[]> g2 = grads(model);
        double a = kernel.lossAndGradient(w, g1, batch, Dropout.of(0.2, 11, 7));
        double b = kernel.lossAndGradient(w, g2, batch, Dropout.of(0.2, 11, 7));
        double c = kernel.lossAndGradient(w, grads(model), batch, Dropout.of(0.2, 11, 8));
        assertEquals(a, b, 0.0);
        g1.forEach((name, values) -> assertArrayEquals(values, g2.get(name), name));
        assertNotEquals(a, c, "another update draws other masks");
        // central differences of the masked function (same masks) on a few weights of every kind
        for (String name : new String[] { "block0.qkv.W", "block1.ff1.W", "block0.ln2.g", "embedding", "out.b" }) {
            float[] values = w.get(name);
            for (int i = 0; i < Math.min(3, values.length); i++) {
                float saved = values[i];
                double h = 1e-2;
                values[i] = (float) (saved + h);
                double plus = kernel.lossAndGradient(w, grads(model), batch, Dropout.of(0.2, 11, 7));
                values[i] = (float) (saved - h);
                double minus = kernel.lossAndGradient(w, grads(model), batch, Dropout.of(0.2, 11, 7));
                values[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, g1.get(name)[i], 2e-3 + 0.02 * Math.abs(numeric), name + "[" + i + "]");
            }
        }
    }

    private static void check(ModelSpec spec) {
        LanguageModel model = perturbed(spec);
        CpuBatch batch = randomBatch(new Random(1), 3);
        GraphReference reference = new GraphReference(model, batch);
        Map<String, float[]> gradients = grads(model);
        double loss = new TransformerKernel(spec, V, LENGTH - 1).lossAndGradient(GraphReference.weights(model),
                gradients, batch, Dropout.none());
        assertEquals(reference.loss, loss, 1e-5 * Math.abs(reference.loss));
        double error = GraphReference.relativeError(gradients, reference.gradients);
        assertTrue(error < 1e-4, "gradients differ from the graph's by " + error);
    }

    /** A one-seed model whose weights are moved off their initial values (gains != 1, biases != 0). */
    static LanguageModel perturbed(ModelSpec spec) {
        LanguageModel model = new LanguageModel(spec, V, LENGTH, 42L);
        Nd4j.getRandom().setSeed(9);
        for (INDArray w : model.currentWeights().values()) {
            w.addi(Nd4j.rand(w.dataType(), w.shape()).subi(0.5).muli(0.4));
        }
        return model;
    }

    static CpuBatch randomBatch(Random random, int sequences) {
        int rows = sequences * (LENGTH - 1);
        int[] inputs = new int[rows];
        int[] targets = new int[rows];
        float[] weights = new float[rows];
        for (int i = 0; i < rows; i++) {
            inputs[i] = random.nextInt(V);
            targets[i] = random.nextInt(V);
            weights[i] = random.nextInt(4) == 0 ? 0f : 1f / rows;
        }
        return new CpuBatch(sequences, LENGTH - 1, inputs, targets, weights);
    }

    static Map<String, float[]> grads(LanguageModel model) {
        SeedArrays arrays = new SeedArrays(model.currentWeights(), 1);
        return arrays.zerosLike(0);
    }
}
