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

/** The CPU LSTM computes the SameDiff graph's (ND4J lstmLayer's) loss and gradients. */
class LstmKernelTest {

    @Test
    void twoLayersMatchTheGraph() {
        check(ModelSpec.lstm(2, 8, 16, 0));
    }

    @Test
    void oneAndThreeLayersWithEmbeddingOtherThanHiddenMatchTheGraph() {
        check(ModelSpec.lstm(1, 6, 12, 0));
        check(ModelSpec.lstm(3, 10, 7, 0));
    }

    @Test
    void laterPositionsDoNotChangeEarlierLosses() {
        ModelSpec spec = ModelSpec.lstm(2, 8, 16, 0);
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        LstmKernel kernel = new LstmKernel(spec, 5);
        CpuBatch batch = TransformerKernelTest.randomBatch(new Random(3), 2);
        float[] weights = new float[batch.rows()];
        weights[4] = 1f;
        double before = kernel.lossAndGradient(GraphReference.weights(model), TransformerKernelTest.grads(model),
                new CpuBatch(2, batch.positions(), batch.inputs(), batch.targets(), weights), Dropout.none());
        int[] changed = batch.inputs().clone();
        for (int t = 5; t < batch.positions(); t++) {
            changed[t] = (changed[t] + 1) % 5;
        }
        double after = kernel.lossAndGradient(GraphReference.weights(model), TransformerKernelTest.grads(model),
                new CpuBatch(2, batch.positions(), changed, batch.targets(), weights), Dropout.none());
        assertEquals(before, after, 0.0);
        changed[2] = (changed[2] + 1) % 5;
        assertNotEquals(before, kernel.lossAndGradient(GraphReference.weights(model), TransformerKernelTest.grads(model),
                new CpuBatch(2, batch.positions(), changed, batch.targets(), weights), Dropout.none()));
    }

    @Test
    void dropoutIsDeterministicPerUpdateAndItsGradientIsExact() {
        ModelSpec spec = ModelSpec.lstm(3, 8, 12, 0.3);
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        LstmKernel kernel = new LstmKernel(spec, 5);
        CpuBatch batch = TransformerKernelTest.randomBatch(new Random(5), 3);
        Map<String, float[]> w = GraphReference.weights(model);
        Map<String, float[]> g1 = TransformerKernelTest.grads(model);
        Map<String, float[]> g2 = TransformerKernelTest.grads(model);
        double a = kernel.lossAndGradient(w, g1, batch, Dropout.of(0.3, 11, 7));
        double b = kernel.lossAndGradient(w, g2, batch, Dropout.of(0.3, 11, 7));
        assertEquals(a, b, 0.0);
        g1.forEach((name, values) -> assertArrayEquals(values, g2.get(name), name));
        assertNotEquals(a, kernel.lossAndGradient(w, TransformerKernelTest.grads(model), batch, Dropout.of(0.3, 11, 8)));
        for (String name : new String[] { "lstm0.Wx", "lstm1.Wh", "lstm2.b", "embedding", "out.W" }) {
            float[] values = w.get(name);
            for (int i = 0; i < Math.min(3, values.length); i++) {
                float saved = values[i];
                double h = 1e-2;
                values[i] = (float) (saved + h);
                double plus = kernel.lossAndGradient(w, TransformerKernelTest.grads(model), batch, Dropout.of(0.3, 11, 7));
                values[i] = (float) (saved - h);
                double minus = kernel.lossAndGradient(w, TransformerKernelTest.grads(model), batch, Dropout.of(0.3, 11, 7));
                values[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, g1.get(name)[i], 2e-3 + 0.02 * Math.abs(numeric), name + "[" + i + "]");
            }
        }
    }

    @Test
    void dropoutBeforeOutputMasksOnlyTheReadOutInputAndItsGradientIsExact() {
        double p = 0.3;
        ModelSpec spec = ModelSpec.lstm(2, 4, 5, p).withLstmDropout(ModelSpec.LstmDropout.BEFORE_OUTPUT);
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        LstmKernel kernel = new LstmKernel(spec, 5);
        CpuBatch batch = TransformerKernelTest.randomBatch(new Random(4), 3);
        Map<String, float[]> w = GraphReference.weights(model);
        // hidden = vocabulary, identity read-out: the logits are the top layer's output after dropout
        float[] readOut = w.get("out.W");
        java.util.Arrays.fill(readOut, 0f);
        for (int i = 0; i < 5; i++) {
            readOut[i * 5 + i] = 1f;
        }
        java.util.Arrays.fill(w.get("out.b"), 0f);
        float[] clean = kernel.logits(w, batch);
        float[] mask = Dropout.of(p, 11, 7).mask(clean.length); // the only mask drawn: sequence-major rows
        double expected = 0;
        for (int r = 0; r < batch.rows(); r++) {
            double sum = 0;
            for (int v = 0; v < 5; v++) {
                sum += Math.exp(clean[r * 5 + v] * mask[r * 5 + v]);
            }
            int target = r * 5 + batch.targets()[r];
            expected -= batch.weights()[r] * (clean[target] * mask[target] - Math.log(sum));
        }
        Map<String, float[]> g = TransformerKernelTest.grads(model);
        double loss = kernel.lossAndGradient(w, g, batch, Dropout.of(p, 11, 7));
        assertEquals(expected, loss, 1e-5 * Math.abs(expected));
        LstmKernel between = new LstmKernel(spec.withLstmDropout(ModelSpec.LstmDropout.BETWEEN_LAYERS), 5);
        assertNotEquals(expected, between.lossAndGradient(w, TransformerKernelTest.grads(model), batch,
                Dropout.of(p, 11, 7)), 1e-4 * Math.abs(expected), "between layers drops elsewhere");
        for (String name : new String[] { "lstm0.Wx", "lstm1.Wh", "lstm1.b", "embedding", "out.W" }) {
            float[] values = w.get(name);
            for (int i = 0; i < Math.min(3, values.length); i++) {
                float saved = values[i];
                double h = 1e-2;
                values[i] = (float) (saved + h);
                double plus = kernel.lossAndGradient(w, TransformerKernelTest.grads(model), batch, Dropout.of(p, 11, 7));
                values[i] = (float) (saved - h);
                double minus = kernel.lossAndGradient(w, TransformerKernelTest.grads(model), batch, Dropout.of(p, 11, 7));
                values[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, g.get(name)[i], 2e-3 + 0.02 * Math.abs(numeric), name + "[" + i + "]");
            }
        }
    }

    @Test
    void oneLayerWithDropoutBetweenLayersHasNoDropout() {
        ModelSpec spec = ModelSpec.lstm(1, 4, 6, 0.3);
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        CpuBatch batch = TransformerKernelTest.randomBatch(new Random(4), 2);
        Map<String, float[]> w = GraphReference.weights(model);
        double clean = new LstmKernel(spec, 5).lossAndGradient(w, TransformerKernelTest.grads(model), batch,
                Dropout.none());
        assertEquals(clean, new LstmKernel(spec, 5).lossAndGradient(w, TransformerKernelTest.grads(model), batch,
                Dropout.of(0.3, 1, 1)), 0.0);
        assertNotEquals(clean, new LstmKernel(spec.withLstmDropout(ModelSpec.LstmDropout.BEFORE_OUTPUT), 5)
                .lossAndGradient(w, TransformerKernelTest.grads(model), batch, Dropout.of(0.3, 1, 1)));
    }

    @Test
    void logitsMatchTheGraphAndEarlierPositionsIgnoreLaterTokens() {
        ModelSpec spec = ModelSpec.lstm(2, 6, 10, 0);
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        CpuBatch batch = TransformerKernelTest.randomBatch(new Random(8), 3);
        LstmKernel kernel = new LstmKernel(spec, 5);
        Map<String, float[]> w = GraphReference.weights(model);
        float[] logits = kernel.logits(w, batch);
        float[] graph = model.trainingGraph().output(model.oneHot(new CpuBatch[] { batch }), LanguageModel.LOGITS)
                .get(LanguageModel.LOGITS).dup('c').data().asFloat();
        assertEquals(graph.length, logits.length);
        double scale = 0;
        double difference = 0;
        for (int i = 0; i < graph.length; i++) {
            scale = Math.max(scale, Math.abs(graph[i]));
            difference = Math.max(difference, Math.abs(graph[i] - logits[i]));
        }
        assertTrue(difference < 1e-5 * scale, "logits differ from the graph's by " + difference / scale);

        int position = 4;
        int[] changed = batch.inputs().clone();
        for (int s = 0; s < batch.sequences(); s++) {
            for (int t = position; t < batch.positions(); t++) {
                changed[s * batch.positions() + t] = (changed[s * batch.positions() + t] + 1 + t % 3) % 5;
            }
        }
        float[] after = kernel.logits(w,
                new CpuBatch(batch.sequences(), batch.positions(), changed, batch.targets(), batch.weights()));
        for (int s = 0; s < batch.sequences(); s++) {
            for (int t = 0; t < batch.positions(); t++) {
                for (int v = 0; v < 5; v++) {
                    int i = (s * batch.positions() + t) * 5 + v;
                    if (t < position) {
                        assertEquals(logits[i], after[i], 0f, "sequence " + s + " position " + t);
                    }
                }
            }
            int atChange = (s * batch.positions() + position) * 5;
            assertNotEquals(logits[atChange], after[atChange], "sequence " + s + " at the changed position");
        }
    }

    @Test
    void aVocabularyLargerThanTheBatchMatchesTheGraph() {
        // 40 tokens, 18 rows: the first layer projects gathered embedding rows instead of the vocabulary
        ModelSpec spec = ModelSpec.lstm(2, 9, 6, 0);
        int vocabulary = 40;
        LanguageModel model = new LanguageModel(spec, vocabulary, 10, 42L);
        Nd4j.getRandom().setSeed(4);
        for (INDArray w : model.currentWeights().values()) {
            w.addi(Nd4j.rand(w.dataType(), w.shape()).subi(0.5).muli(0.4));
        }
        Random random = new Random(6);
        int rows = 2 * 9;
        int[] inputs = new int[rows];
        int[] targets = new int[rows];
        float[] weights = new float[rows];
        for (int i = 0; i < rows; i++) {
            inputs[i] = i % 3 == 0 ? 7 : random.nextInt(vocabulary); // a repeated token too
            targets[i] = random.nextInt(vocabulary);
            weights[i] = i % 5 == 4 ? 0f : 1f / rows;
        }
        CpuBatch batch = new CpuBatch(2, 9, inputs, targets, weights);
        GraphReference reference = new GraphReference(model, batch);
        Map<String, float[]> gradients = TransformerKernelTest.grads(model);
        double loss = new LstmKernel(spec, vocabulary).lossAndGradient(GraphReference.weights(model), gradients, batch,
                Dropout.none());
        assertEquals(reference.loss, loss, 1e-5 * Math.abs(reference.loss));
        double error = GraphReference.relativeError(gradients, reference.gradients);
        assertTrue(error < 1e-4, "gradients differ from the graph's by " + error);
    }

    @Test
    void buffersFollowTheBatchShapeAndGradientsAreOverwritten() {
        ModelSpec spec = ModelSpec.lstm(2, 8, 12, 0.2);
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        Map<String, float[]> w = GraphReference.weights(model);
        CpuBatch three = TransformerKernelTest.randomBatch(new Random(2), 3);
        CpuBatch two = TransformerKernelTest.randomBatch(new Random(3), 2);
        LstmKernel kernel = new LstmKernel(spec, 5);
        Map<String, float[]> first = TransformerKernelTest.grads(model);
        double loss = kernel.lossAndGradient(w, first, three, Dropout.of(0.2, 1, 2));
        Map<String, float[]> reused = TransformerKernelTest.grads(model);
        kernel.lossAndGradient(w, reused, two, Dropout.of(0.2, 1, 3));
        Map<String, float[]> fresh = TransformerKernelTest.grads(model);
        double freshLoss = new LstmKernel(spec, 5).lossAndGradient(w, fresh, two, Dropout.of(0.2, 1, 3));
        double reusedLoss = kernel.lossAndGradient(w, reused, two, Dropout.of(0.2, 1, 3));
        assertEquals(freshLoss, reusedLoss, 0.0);
        fresh.forEach((name, values) -> assertArrayEquals(values, reused.get(name), name));
        assertEquals(loss, kernel.lossAndGradient(w, reused, three, Dropout.of(0.2, 1, 2)), 0.0);
        first.forEach((name, values) -> assertArrayEquals(values, reused.get(name), name));
    }

    private static void check(ModelSpec spec) {
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        CpuBatch batch = TransformerKernelTest.randomBatch(new Random(1), 3);
        GraphReference reference = new GraphReference(model, batch);
        Map<String, float[]> gradients = TransformerKernelTest.grads(model);
        double loss = new LstmKernel(spec, 5).lossAndGradient(GraphReference.weights(model), gradients, batch,
                Dropout.none());
        assertEquals(reference.loss, loss, 1e-5 * Math.abs(reference.loss), spec.toString());
        double error = GraphReference.relativeError(gradients, reference.gradients);
        assertTrue(error < 1e-4, spec + ": gradients differ from the graph's by " + error);
    }
}
