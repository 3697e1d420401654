package org.saturn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.ModelSpec;

/** Batches trimmed after their last counted target, and dropout masks kept as bits. */
class TrimmedBatchTest {

    private static final int V = 5;
    private static final int LENGTH = 10;

    /** Sequences whose targets count up to position {@code last} at most (padding after, as under the pad-excluded convention). */
    private static CpuBatch padded(Random random, int sequences, int last) {
        CpuBatch batch = TransformerKernelTest.randomBatch(random, sequences);
        int positions = batch.positions();
        for (int s = 0; s < sequences; s++) {
            for (int t = last + 1; t < positions; t++) {
                batch.weights()[s * positions + t] = 0f;
            }
        }
        batch.weights()[last] = 0.05f; // sequence 0 counts its position `last`
        return batch;
    }

    @Test
    void aTrimmedBatchHasTheSameLossAndGradientsOnEveryKind() {
        List<ModelSpec> specs = List.of(
                ModelSpec.transformer(2, 8, 2, 16, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.SINUSOIDAL),
                ModelSpec.transformer(1, 8, 2, 16, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.LEARNED)
                        .withKeyPaddingMask(true),
                ModelSpec.lstm(2, 4, 8, 0), ModelSpec.linear());
        for (ModelSpec spec : specs) {
            LanguageModel model = TransformerKernelTest.perturbed(spec);
            CpuBatch batch = padded(new Random(3), 4, 5);
            CpuBatch trimmed = batch.trimmed();
            assertEquals(6, trimmed.positions(), "cut after the last counted position");
            CpuNetwork network = CpuNetworks.of(spec, V, LENGTH - 1);
            Map<String, float[]> w = GraphReference.weights(model);
            Map<String, float[]> full = TransformerKernelTest.grads(model);
            Map<String, float[]> cut = TransformerKernelTest.grads(model);
            double fullLoss = network.lossAndGradient(w, full, batch, Dropout.none());
            double cutLoss = CpuNetworks.of(spec, V, LENGTH - 1).lossAndGradient(w, cut, trimmed, Dropout.none());
            assertEquals(fullLoss, cutLoss, 1e-6 * Math.abs(fullLoss), spec.kind().toString());
            double error = GraphReference.relativeError(cut, full);
            assertTrue(error < 1e-5, spec.kind() + ": gradients differ by " + error);
        }
    }

    @Test
    void aBatchCountingItsLastPositionIsNotCopied() {
        CpuBatch batch = TransformerKernelTest.randomBatch(new Random(1), 3);
        batch.weights()[LENGTH - 2] = 0.1f;
        assertSame(batch, batch.trimmed());
    }

    @Test
    void keptBitsAreTheFloatMasksDraws() {
        float[] mask = Dropout.of(0.3, 7, 2).mask(1000);
        Dropout dropout = Dropout.of(0.3, 7, 2);
        long[] bits = dropout.keptBits(1000);
        float[] ones = new float[1000];
        java.util.Arrays.fill(ones, 1f);
        Dropout.apply(ones, 1000, bits, 0, dropout.keptScale());
        for (int i = 0; i < 1000; i++) {
            assertEquals(mask[i], ones[i], 0f, "entry " + i);
        }
    }
}
