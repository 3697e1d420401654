package org.saturn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
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
