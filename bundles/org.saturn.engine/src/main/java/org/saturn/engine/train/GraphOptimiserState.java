package org.saturn.engine.train;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The optimiser state a SameDiff training graph keeps per variable (Adam's moments {@code M} and
 * {@code V}; nothing for SGD), created on demand. Checkpoints save it, and the CPU training step
 * updates these very arrays, so either way of training continues the other's state.
 */
public final class GraphOptimiserState {

    private GraphOptimiserState() {
    }

    /** The optimiser state exists only after the first fit; create it now (no-op when it exists). */
    public static void initialise(SameDiff graph) {
        if (graph.isInitializedTraining()) {
            return;
        }
        try {
            Method initialize = SameDiff.class.getDeclaredMethod("initializeTraining");
            initialize.setAccessible(true);
            initialize.invoke(graph);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot prepare the optimiser state of this ND4J version", e);
        }
    }

    /** Variable name -> (state key -> array), e.g. {@code block0.qkv.W -> {M: .., V: ..}}. */
    @SuppressWarnings("unchecked") // ND4J's updater API is raw
    public static Map<String, Map<String, INDArray>> of(SameDiff graph) {
        Map<String, Map<String, INDArray>> out = new LinkedHashMap<>();
        Map<String, GradientUpdater> updaters = graph.getUpdaterMap();
        if (updaters != null) {
            updaters.forEach((name, updater) -> out.put(name, (Map<String, INDArray>) updater.getState()));
        }
        return out;
    }
}
