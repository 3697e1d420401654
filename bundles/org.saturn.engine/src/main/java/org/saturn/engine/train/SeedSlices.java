package org.saturn.engine.train;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * One seed's share of a seed-batched training graph: its slice of every trainable variable and of
 * every optimiser state array (both have the seed as leading axis), under the keys a single-seed
 * checkpoint uses ({@code var/NAME}, {@code opt/NAME/STATE}), each of shape {@code [1, ...]} as in
 * a one-seed graph. With the shared iteration count this is everything that seed needs to go on
 * training exactly as if it had been alone: it is how a batched group writes and reads its runs'
 * own checkpoints, and how it drops a seed that has stopped.
 */
public final class SeedSlices {

    private SeedSlices() {
    }

    /** Copies of seed {@code seedIndex}'s arrays, each {@code [1, ...]}. */
    public static Map<String, INDArray> extract(SameDiff graph, int seedIndex) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        forEachArray(graph, (key, array) -> arrays.put(key, slice(array, seedIndex).dup('c')));
        return arrays;
    }

    /** Writes one seed's arrays (from {@link #extract} or a one-seed checkpoint) into slot {@code seedIndex}. */
    public static void inject(SameDiff graph, int seedIndex, Map<String, INDArray> arrays) {
        initializeTraining(graph);
        Map<String, INDArray> targets = new LinkedHashMap<>();
        forEachArray(graph, targets::put);
        for (Map.Entry<String, INDArray> entry : arrays.entrySet()) {
            INDArray target = targets.get(entry.getKey());
            if (target == null) {
                throw new IllegalStateException("the saved state does not match the model: no " + entry.getKey());
            }
            INDArray slot = slice(target, seedIndex);
            INDArray value = entry.getValue();
            if (value.length() != slot.length()) {
                throw new IllegalStateException("the saved state does not match the model: " + entry.getKey()
                        + " has " + value.length() + " values, expected " + slot.length());
            }
            slot.assign(value.reshape(slot.shape()));
        }
    }

    /** Adam's iteration count (drives the schedule and the bias correction); 0 before the first update. */
    public static int iteration(SameDiff graph) {
        return graph.getTrainingConfig() == null ? 0 : graph.getTrainingConfig().getIterationCount();
    }

    public static void setIteration(SameDiff graph, int iteration) {
        initializeTraining(graph);
        graph.getTrainingConfig().setIterationCount(iteration);
    }

    private interface ArrayVisitor {
        void visit(String key, INDArray array);
    }

    private static void forEachArray(SameDiff graph, ArrayVisitor visitor) {
        for (SDVariable variable : graph.variables()) {
            if (variable.getVariableType() == VariableType.VARIABLE) {
                visitor.visit("var/" + variable.name(), variable.getArr());
            }
        }
        Map<String, GradientUpdater> updaters = graph.getUpdaterMap();
        if (updaters != null) {
            updaters.forEach((name, updater) -> state(updater).forEach(
                    (key, state) -> visitor.visit("opt/" + name + "/" + key, state)));
        }
    }

    /** The view {@code [1, ...]} of seed s of an array {@code [S, ...]}. */
    private static INDArray slice(INDArray array, int seedIndex) {
        if (seedIndex < 0 || seedIndex >= array.size(0)) {
            throw new IllegalArgumentException("no seed " + seedIndex + " in an array of shape "
                    + java.util.Arrays.toString(array.shape()));
        }
        return array.get(NDArrayIndex.interval(seedIndex, seedIndex + 1));
    }

    @SuppressWarnings("unchecked") // ND4J's updater API is raw
    private static Map<String, INDArray> state(GradientUpdater updater) {
        return updater.getState();
    }

    /** The optimiser state exists only after the first fit; create it now so it can be written. */
    static void initializeTraining(SameDiff graph) {
        GraphOptimiserState.initialise(graph);
    }
}
