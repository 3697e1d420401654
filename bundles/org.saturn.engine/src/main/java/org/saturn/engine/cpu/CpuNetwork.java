package org.saturn.engine.cpu;

import java.util.Map;

/**
 * One seed of a network's training pass on the CPU. Weights and gradients are keyed by the names of
 * {@code model.LanguageModel}'s weights; each array holds that seed's slice, row-major, in the
 * graph's shape without the seed axis (e.g. {@code block0.qkv.W} is [d, 3d], {@code out.b} [1, V]).
 */
public interface CpuNetwork {

    /**
     * Forward and backward over one batch: returns the batch's loss (see {@link CpuBatch}) and
     * overwrites every array of {@code gradients} with the loss's gradient. {@code dropout} is
     * {@link Dropout#none()} when the model has none.
     */
    double lossAndGradient(Map<String, float[]> weights, Map<String, float[]> gradients, CpuBatch batch,
            Dropout dropout);

    /**
     * This network's forward-only pass over one seed's {@code weights} (evaluation loss, decoding),
     * or null when it has none yet: callers then evaluate and decode through the SameDiff graph, so
     * a kernel that only trains is still complete. The weights are read at each pass, not copied.
     */
    default CpuInference inference(Map<String, float[]> weights) {
        return null;
    }
}
