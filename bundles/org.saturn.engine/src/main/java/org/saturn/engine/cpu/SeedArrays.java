package org.saturn.engine.cpu;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Named arrays with a leading seed axis (the model's weights, the optimiser's moments) copied into
 * one Java array per seed and name, and back. Copying ~0.4 MB per step costs well under a
 * millisecond and keeps the ND4J arrays the single source of truth for everything else
 * (evaluation graphs, checkpoints, reparametrisation).
 */
public final class SeedArrays {

    private final Map<String, INDArray> arrays;
    private final int seeds;
    private final Map<String, float[]>[] perSeed;
    /**
     * Per array that is no plain contiguous float buffer (the Adam moments after the first are views
     * at an offset into their variable's state array): a contiguous float copy to go through, so the
     * transfer stays a bulk copy (creating an array from a Java array writes element by element, which
     * took a third of a Transformer step).
     */
    private final Map<String, INDArray> staging = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    public SeedArrays(Map<String, INDArray> arrays, int seeds) {
        this.arrays = arrays;
        this.seeds = seeds;
        this.perSeed = new Map[seeds];
        for (int s = 0; s < seeds; s++) {
            perSeed[s] = new LinkedHashMap<>();
        }
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            long length = e.getValue().length();
            if (length % seeds != 0) {
                throw new IllegalArgumentException(e.getKey() + " has no seed axis of " + seeds);
            }
            for (int s = 0; s < seeds; s++) {
                perSeed[s].put(e.getKey(), new float[Math.toIntExact(length / seeds)]);
            }
        }
    }

    /** Seed s's arrays by name (the same Java arrays across pulls and pushes). */
    public Map<String, float[]> seed(int s) {
        return perSeed[s];
    }

    /** Zeroed arrays of the same names and sizes (gradients). */
    public Map<String, float[]> zerosLike(int s) {
        Map<String, float[]> out = new LinkedHashMap<>();
        perSeed[s].forEach((name, values) -> out.put(name, new float[values.length]));
        return out;
    }

    /** Whether these are still the ND4J arrays of {@code current} (a restore or rebuild may replace them). */
    public boolean sameArrays(Map<String, INDArray> current) {
        if (current.size() != arrays.size()) {
            return false;
        }
        for (Map.Entry<String, INDArray> e : current.entrySet()) {
            if (arrays.get(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Copies the ND4J arrays into the per-seed Java arrays. */
    public void pull() {
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            INDArray array = e.getValue();
            int length = Math.toIntExact(array.length() / seeds);
            if (!contiguous(array)) {
                array = staging(e.getKey(), array).assign(array);
            }
            FloatBuffer buffer = array.data().asNioFloat();
            for (int s = 0; s < seeds; s++) {
                buffer.get(Math.toIntExact(array.offset()) + s * length, perSeed[s].get(e.getKey()), 0, length);
            }
        }
    }

    /** Copies the per-seed Java arrays back into the ND4J arrays. */
    public void push() {
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            INDArray target = e.getValue();
            int length = Math.toIntExact(target.length() / seeds);
            INDArray into = contiguous(target) ? target : staging(e.getKey(), target);
            FloatBuffer buffer = into.data().asNioFloat();
            for (int s = 0; s < seeds; s++) {
                buffer.put(Math.toIntExact(into.offset()) + s * length, perSeed[s].get(e.getKey()), 0, length);
            }
            if (into != target) {
                target.assign(into);
            }
        }
    }

    private INDArray staging(String name, INDArray like) {
        INDArray copy = staging.get(name);
        if (copy == null || !java.util.Arrays.equals(copy.shape(), like.shape())) {
            copy = Nd4j.create(DataType.FLOAT, like.shape(), 'c');
            if (!contiguous(copy)) {
                throw new IllegalStateException("a fresh float array is not contiguous: " + copy.shapeInfoToString());
            }
            staging.put(name, copy);
        }
        return copy;
    }

    /**
     * Row-major float values at consecutive positions of their buffer (weights, and the optimiser's
     * moments, which are contiguous views into one state array per variable).
     */
    private static boolean contiguous(INDArray array) {
        return array.dataType() == DataType.FLOAT && array.ordering() == 'c' && (array.length() == 1
                || array.elementWiseStride() == 1) && array.offset() + array.length() <= array.data().length();
    }
}
