package org.saturn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.ModelSpec;

/** The CPU xLSTM computes the SameDiff graph's loss and gradients; both are causal. */
class XlstmKernelTest {

    @Test
    void mixedBlocksMatchTheGraph() {
        // mLSTM, sLSTM: two heads each
        check(ModelSpec.xlstm(2, 8, 2, 2));
    }

    @Test
    void otherPatternsMatchTheGraph() {
        check(ModelSpec.xlstm(2, 6, 1, 0)); // mLSTM only, one head
        check(ModelSpec.xlstm(1, 8, 4, 1)); // sLSTM only, four heads of 2
        check(ModelSpec.xlstm(3, 4, 2, 3)); // mLSTM, mLSTM, sLSTM
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ModelSpec spec = ModelSpec.xlstm(2, 6, 2, 2);
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        XlstmKernel kernel = new XlstmKernel(spec, 5);
        CpuBatch batch = TransformerKernelTest.randomBatch(new Random(5), 3);
        Map<String, float[]> w = GraphReference.weights(model);
        Map<String, float[]> g = TransformerKernelTest.grads(model);
        kernel.lossAndGradient(w, g, batch, Dropout.none());
        for (String name : w.keySet()) {
            float[] values = w.get(name);
            for (int i = 0; i < Math.min(3, values.length); i++) {
                float saved = values[i];
                double h = 1e-2;
                values[i] = (float) (saved + h);
                double plus = kernel.lossAndGradient(w, TransformerKernelTest.grads(model), batch, Dropout.none());
                values[i] = (float) (saved - h);
                double minus = kernel.lossAndGradient(w, TransformerKernelTest.grads(model), batch, Dropout.none());
                values[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, g.get(name)[i], 2e-3 + 0.02 * Math.abs(numeric), name + "[" + i + "]");
            }
        }
    }

    @Test
    void logitsMatchTheGraphAndEarlierPositionsIgnoreLaterTokens() {
        ModelSpec spec = ModelSpec.xlstm(3, 8, 2, 2);
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        CpuBatch batch = TransformerKernelTest.randomBatch(new Random(8), 3);
        XlstmKernel kernel = new XlstmKernel(spec, 5);
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
            for (int t = 0; t < position; t++) {
                for (int v = 0; v < 5; v++) {
                    int i = (s * batch.positions() + t) * 5 + v;
                    assertEquals(logits[i], after[i], 0f, "sequence " + s + " position " + t);
                }
            }
            int atChange = (s * batch.positions() + position) * 5;
            assertNotEquals(logits[atChange], after[atChange], "sequence " + s + " at the changed position");
        }
    }

    @Test
    void buffersFollowTheBatchShapeAndGradientsAreOverwritten() {
        ModelSpec spec = ModelSpec.xlstm(2, 8, 2, 2);
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        Map<String, float[]> w = GraphReference.weights(model);
        CpuBatch three = TransformerKernelTest.randomBatch(new Random(2), 3);
        CpuBatch two = TransformerKernelTest.randomBatch(new Random(3), 2);
        XlstmKernel kernel = new XlstmKernel(spec, 5);
        Map<String, float[]> first = TransformerKernelTest.grads(model);
        double loss = kernel.lossAndGradient(w, first, three, Dropout.none());
        Map<String, float[]> reused = TransformerKernelTest.grads(model);
        kernel.lossAndGradient(w, reused, two, Dropout.none());
        Map<String, float[]> fresh = TransformerKernelTest.grads(model);
        double freshLoss = new XlstmKernel(spec, 5).lossAndGradient(w, fresh, two, Dropout.none());
        double reusedLoss = kernel.lossAndGradient(w, reused, two, Dropout.none());
        assertEquals(freshLoss, reusedLoss, 0.0);
        fresh.forEach((name, values) -> assertArrayEquals(values, reused.get(name), name));
        assertEquals(loss, kernel.lossAndGradient(w, reused, three, Dropout.none()), 0.0);
        first.forEach((name, values) -> assertArrayEquals(values, reused.get(name), name));
    }

    @Test
    void gatesStartAsTheReferencesAndRecurrenceStaysInsideTheHeads() {
        LanguageModel model = new LanguageModel(ModelSpec.xlstm(2, 8, 2, 2), 5, 10, 7L);
        Map<String, float[]> w = GraphReference.weights(model);
        for (float weight : w.get("xlstm0.fgate.W")) {
            assertEquals(0f, weight, 0f);
        }
        assertArrayEquals(new float[] { 3f, 6f }, w.get("xlstm0.fgate.b"));
        float[] recurrent = w.get("xlstm1.z.R");
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                if (i / 4 != j / 4) {
                    assertEquals(0f, recurrent[i * 8 + j], 0f, "outside the heads' blocks");
                }
            }
        }
        assertEquals(3f, w.get("xlstm1.f.b")[0], 0f);
        assertEquals(6f, w.get("xlstm1.f.b")[3], 1e-6f);
    }

    @Test
    void otherKindsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new XlstmKernel(ModelSpec.lstm(1, 4, 4, 0), 5));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.xlstm(1, 8, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.xlstm(1, 8, 2, -1));
    }

    private static void check(ModelSpec spec) {
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        CpuBatch batch = TransformerKernelTest.randomBatch(new Random(1), 3);
        GraphReference reference = new GraphReference(model, batch);
        Map<String, float[]> gradients = TransformerKernelTest.grads(model);
        double loss = new XlstmKernel(spec, 5).lossAndGradient(GraphReference.weights(model), gradients, batch,
                Dropout.none());
        assertEquals(reference.loss, loss, 1e-5 * Math.abs(reference.loss), spec.toString());
        // sLSTM's input-gate bias shifts every i~ of a unit alike, which leaves c / n unchanged: its
        // gradient is 0, both sides compute rounding noise, so it is compared in absolute terms
        Map<String, float[]> relative = new java.util.HashMap<>(reference.gradients);
        relative.keySet().removeIf(name -> name.endsWith(".i.b"));
        double error = GraphReference.relativeError(gradients, relative);
        assertTrue(error < 1e-4, spec + ": gradients differ from the graph's by " + error);
        reference.gradients.forEach((name, expected) -> {
            if (name.endsWith(".i.b")) {
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(0, expected[i], 1e-8, name);
                    assertEquals(0, gradients.get(name)[i], 1e-8, name);
                }
            }
        });
    }
}
