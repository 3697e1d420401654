package org.saturn.engine.cpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.saturn.engine.model.LanguageModel;

/**
 * The SameDiff graph's loss and gradients for a one-seed model: what every {@link CpuNetwork} must
 * reproduce (tests only).
 */
final class GraphReference {

    final double loss;
    final Map<String, float[]> gradients = new LinkedHashMap<>();

    GraphReference(LanguageModel model, CpuBatch batch) {
        if (model.seedCount() != 1) {
            throw new IllegalArgumentException("one seed");
        }
        Map<String, INDArray> placeholders = model.oneHot(new CpuBatch[] { batch });
        var graph = model.trainingGraph();
        loss = graph.output(placeholders, LanguageModel.LOSS).get(LanguageModel.LOSS).getDouble(0);
        Map<String, INDArray> grads = graph.calculateGradients(placeholders,
                new ArrayList<>(model.currentWeights().keySet()));
        grads.forEach((name, g) -> gradients.put(name, g.dup('c').data().asFloat()));
    }

    /** The model's weights of its only seed, as the CPU networks take them. */
    static Map<String, float[]> weights(LanguageModel model) {
        SeedArrays arrays = new SeedArrays(model.currentWeights(), 1);
        arrays.pull();
        return arrays.seed(0);
    }

    /** Largest |a - b| relative to the largest |b| of each array, over all arrays. */
    static double relativeError(Map<String, float[]> actual, Map<String, float[]> expected) {
        double worst = 0;
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            float[] a = actual.get(e.getKey());
            float[] b = e.getValue();
            if (a == null || a.length != b.length) {
                throw new AssertionError("no or wrong-sized gradient for " + e.getKey());
            }
            double scale = 1e-12;
            double diff = 0;
            for (int i = 0; i < b.length; i++) {
                scale = Math.max(scale, Math.abs(b[i]));
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
            }
            worst = Math.max(worst, diff / scale);
        }
        return worst;
    }
}
