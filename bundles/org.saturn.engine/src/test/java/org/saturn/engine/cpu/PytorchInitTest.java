package org.saturn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.ModelSpec;

/**
 * {@code init pytorch} draws the initial weights as PyTorch's module defaults do (the empirical
 * standard deviation of each law within a tolerance), and the CPU kernels and the SameDiff graph
 * train from those same weights (they read the graph's arrays).
 */
class PytorchInitTest {

    private static final int V = 5;
    private static final int LENGTH = 10;
    /** Relative tolerance on an empirical std: every array below has at least ~1000 values (error ~2-3 %). */
    private static final double STD_TOLERANCE = 0.12;

    @Test
    void transformerWeightsFollowPytorchsLaws() {
        int d = 32;
        int ff = 64;
        ModelSpec spec = ModelSpec.transformer(2, d, 4, ff, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.SINUSOIDAL)
                .withInit(ModelSpec.Init.PYTORCH);
        Map<String, float[]> w = GraphReference.weights(new LanguageModel(spec, 40, LENGTH, 7L));
        // nn.Embedding N(0, 1)
        assertStd(1.0, w.get("embedding"), "embedding");
        // nn.Linear: U(±1/sqrt(fan_in)) has std 1/sqrt(3 fan_in), weight and bias alike
        assertStd(1 / Math.sqrt(3.0 * d), w.get("block0.ff1.W"), "ff1.W");
        assertStd(1 / Math.sqrt(3.0 * ff), w.get("block0.ff2.W"), "ff2.W");
        assertStd(1 / Math.sqrt(3.0 * d), w.get("out.W"), "out.W");
        float[] biases = concat(w.get("block0.ff1.b"), w.get("block1.ff1.b"), w.get("out.b"));
        assertStd(1 / Math.sqrt(3.0 * d), biases, "Linear biases");
        // nn.MultiheadAttention: in-projection Xavier U(±sqrt(6/(d+3d))), std sqrt(2/(4d)); zero biases
        assertStd(Math.sqrt(2.0 / (4 * d)), w.get("block0.qkv.W"), "qkv.W");
        assertStd(1 / Math.sqrt(3.0 * d), w.get("block0.attn.out.W"), "attn.out.W");
        assertAllZero(w.get("block0.qkv.b"), "qkv.b");
        assertAllZero(w.get("block0.attn.out.b"), "attn.out.b");
        // LayerNorm ones / zeros
        float[] ones = new float[d];
        Arrays.fill(ones, 1f);
        assertArrayEquals(ones, w.get("block0.ln1.g"));
        assertAllZero(w.get("block0.ln1.b"), "ln1.b");
        // nn.TransformerEncoder clones its layer: block 1 starts equal to block 0
        for (String name : w.keySet()) {
            if (name.startsWith("block1.")) {
                assertArrayEquals(w.get("block0." + name.substring(7)), w.get(name), name);
            }
        }
    }

    @Test
    void saturnsOwnInitialisationIsUnchangedAndDiffers() {
        int d = 32;
        ModelSpec spec = ModelSpec.transformer(2, d, 4, 64, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.SINUSOIDAL);
        Map<String, float[]> w = GraphReference.weights(new LanguageModel(spec, 40, LENGTH, 7L));
        assertStd(1 / Math.sqrt(d), w.get("embedding"), "embedding");
        assertAllZero(w.get("block0.ff1.b"), "ff1.b");
        assertFalse(Arrays.equals(w.get("block0.ff1.W"), w.get("block1.ff1.W")), "blocks drawn independently");
    }

    @Test
    void lstmBiasIsTheSumOfNnLstmsTwoBiases() {
        int hidden = 64;
        ModelSpec spec = ModelSpec.lstm(2, 16, hidden, 0).withInit(ModelSpec.Init.PYTORCH);
        Map<String, float[]> w = GraphReference.weights(new LanguageModel(spec, 40, LENGTH, 3L));
        double bound = 1 / Math.sqrt(hidden);
        assertStd(bound / Math.sqrt(3), w.get("lstm0.Wh"), "Wh");
        // b_ih + b_hh, each U(±bound): variance 2 bound^2 / 3, values up to 2 bound
        float[] bias = concat(w.get("lstm0.b"), w.get("lstm1.b"));
        assertStd(bound * Math.sqrt(2.0 / 3), bias, "bias");
        double largest = 0;
        for (float b : bias) {
            largest = Math.max(largest, Math.abs(b));
        }
        assertTrue(largest > bound && largest <= 2 * bound, "bias range " + largest);
        assertStd(1.0, w.get("embedding"), "embedding");
        assertStd(1 / Math.sqrt(3.0 * hidden), concat(w.get("out.b"), w.get("out.W")), "out");
    }

    @Test
    void kernelsAndGraphAgreeFromPytorchsInitialWeights() {
        ModelSpec transformer = ModelSpec.transformer(2, 10, 5, 24, 0, ModelSpec.Norm.POST, 6e-3,
                ModelSpec.Positions.SINUSOIDAL).withActivation(ModelSpec.Activation.RELU).withInit(ModelSpec.Init.PYTORCH);
        ModelSpec lstm = ModelSpec.lstm(2, 6, 10, 0).withInit(ModelSpec.Init.PYTORCH);
        ModelSpec linear = ModelSpec.linear().withInit(ModelSpec.Init.PYTORCH);
        for (ModelSpec spec : new ModelSpec[] { transformer, lstm, linear }) {
            LanguageModel model = new LanguageModel(spec, V, LENGTH, 11L);
            LanguageModel saturn = new LanguageModel(spec.withInit(ModelSpec.Init.SATURN), V, LENGTH, 11L);
            CpuBatch batch = TransformerKernelTest.randomBatch(new Random(4), 3);
            GraphReference reference = new GraphReference(model, batch);
            Map<String, float[]> gradients = TransformerKernelTest.grads(model);
            CpuNetwork kernel = switch (spec.kind()) {
                case TRANSFORMER -> new TransformerKernel(spec, V, LENGTH - 1);
                case LSTM -> new LstmKernel(spec, V);
                case LINEAR -> new LinearKernel(V);
                default -> throw new IllegalStateException(spec.kind().toString());
            };
            double loss = kernel.lossAndGradient(GraphReference.weights(model), gradients, batch, Dropout.none());
            assertEquals(reference.loss, loss, 1e-5 * Math.abs(reference.loss), spec.kind().toString());
            double error = GraphReference.relativeError(gradients, reference.gradients);
            assertTrue(error < 1e-4, spec.kind() + ": gradients differ from the graph's by " + error);
            // the option is not ignored: the same seed starts elsewhere, with another loss
            assertTrue(Math.abs(new GraphReference(saturn, batch).loss - loss) > 1e-4, spec.kind() + " ignores init");
        }
    }

    private static void assertStd(double expected, float[] values, String what) {
        double sum = 0;
        double squares = 0;
        for (float v : values) {
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / values.length;
        double std = Math.sqrt(squares / values.length - mean * mean);
        assertEquals(expected, std, STD_TOLERANCE * expected, what + " std over " + values.length + " values");
    }

    private static void assertAllZero(float[] values, String what) {
        for (float v : values) {
            assertEquals(0f, v, what);
        }
    }

    private static float[] concat(float[]... arrays) {
        int n = 0;
        for (float[] a : arrays) {
            n += a.length;
        }
        float[] out = new float[n];
        int offset = 0;
        for (float[] a : arrays) {
            System.arraycopy(a, 0, out, offset, a.length);
            offset += a.length;
        }
        return out;
    }
}
