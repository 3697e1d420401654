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

/** The CPU Mamba computes the SameDiff graph's loss and gradients; both are causal. */
class MambaKernelTest {

    @Test
    void twoLayersMatchTheGraph() {
        check(ModelSpec.mamba(2, 8, 4, 3, 2));
    }

    @Test
    void otherShapesMatchTheGraph() {
        // dConv 1 (no convolution state), expand 1, a dt rank of 2 (dModel 20), dConv beyond the 9 positions
        check(ModelSpec.mamba(1, 6, 3, 1, 1));
        check(ModelSpec.mamba(1, 20, 2, 4, 1));
        check(ModelSpec.mamba(3, 4, 5, 12, 2));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ModelSpec spec = ModelSpec.mamba(2, 6, 3, 3, 2);
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        MambaKernel kernel = new MambaKernel(spec, 5);
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
        ModelSpec spec = ModelSpec.mamba(2, 8, 4, 4, 2);
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        CpuBatch batch = TransformerKernelTest.randomBatch(new Random(8), 3);
        MambaKernel kernel = new MambaKernel(spec, 5);
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
        ModelSpec spec = ModelSpec.mamba(2, 8, 4, 3, 2);
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        Map<String, float[]> w = GraphReference.weights(model);
        CpuBatch three = TransformerKernelTest.randomBatch(new Random(2), 3);
        CpuBatch two = TransformerKernelTest.randomBatch(new Random(3), 2);
        MambaKernel kernel = new MambaKernel(spec, 5);
        Map<String, float[]> first = TransformerKernelTest.grads(model);
        double loss = kernel.lossAndGradient(w, first, three, Dropout.none());
        Map<String, float[]> reused = TransformerKernelTest.grads(model);
        kernel.lossAndGradient(w, reused, two, Dropout.none());
        Map<String, float[]> fresh = TransformerKernelTest.grads(model);
        double freshLoss = new MambaKernel(spec, 5).lossAndGradient(w, fresh, two, Dropout.none());
        double reusedLoss = kernel.lossAndGradient(w, reused, two, Dropout.none());
        assertEquals(freshLoss, reusedLoss, 0.0);
        fresh.forEach((name, values) -> assertArrayEquals(values, reused.get(name), name));
        assertEquals(loss, kernel.lossAndGradient(w, reused, three, Dropout.none()), 0.0);
        first.forEach((name, values) -> assertArrayEquals(values, reused.get(name), name));
    }

    @Test
    void theInitialisationIsTheReferences() {
        LanguageModel model = new LanguageModel(ModelSpec.mamba(1, 8, 4, 3, 2), 5, 10, 7L);
        Map<String, float[]> w = GraphReference.weights(model);
        float[] aLog = w.get("mamba0.A_log");
        for (int c = 0; c < 16; c++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(Math.log(k + 1), aLog[c * 4 + k], 1e-6, "A = -(1..dState) for every channel");
            }
        }
        for (float d : w.get("mamba0.D")) {
            assertEquals(1f, d, 0f);
        }
        for (float bias : w.get("mamba0.dt.b")) {
            double step = Math.log1p(Math.exp(bias));
            assertTrue(step >= 1e-3 - 1e-7 && step <= 0.1 + 1e-7, "initial step " + step + " in [dt_min, dt_max]");
        }
    }

    @Test
    void otherKindsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MambaKernel(ModelSpec.lstm(1, 4, 4, 0), 5));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.mamba(1, 8, 0, 3, 2));
    }

    private static void check(ModelSpec spec) {
        LanguageModel model = TransformerKernelTest.perturbed(spec);
        CpuBatch batch = TransformerKernelTest.randomBatch(new Random(1), 3);
        GraphReference reference = new GraphReference(model, batch);
        Map<String, float[]> gradients = TransformerKernelTest.grads(model);
        double loss = new MambaKernel(spec, 5).lossAndGradient(GraphReference.weights(model), gradients, batch,
                Dropout.none());
        assertEquals(reference.loss, loss, 1e-5 * Math.abs(reference.loss), spec.toString());
        double error = GraphReference.relativeError(gradients, reference.gradients);
        assertTrue(error < 1e-4, spec + ": gradients differ from the graph's by " + error);
    }
}
