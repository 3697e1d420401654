package org.saturn.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.custom.RandomBernoulli;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Building blocks shared by every network, all seed-batched: activations are {@code [S, rows, features]}
 * and every weight has a leading seed axis, so S seeds of one configuration train as one graph
 * (rank-3 {@code mmul} = one GEMM per seed; never {@code batchMmul}, a naive loop).
 * <p>
 * Weights are either created (seed s drawn from its own {@link Random}, in creation order, so a
 * seed's initial weights do not depend on which other seeds share the graph) or taken from an
 * existing graph by name, which is how the evaluation and decoding graphs reuse the trained arrays.
 */
final class GraphBlocks {

    enum Init { ZERO, ONE, UNIFORM, UNIFORM_FAN_IN, NORMAL_SCALED, NORMAL, UNIFORM_SUM_OF_TWO }

    final SameDiff sd;
    final int seeds;
    final boolean training;
    /** How created weights are drawn (see {@link ModelSpec.Init}); irrelevant when the weights are shared. */
    final ModelSpec.Init scheme;
    private final Random[] random;
    private final Map<String, INDArray> shared;
    private final Map<String, INDArray> created = new LinkedHashMap<>();
    /** Name prefix -> prefix of the weights it starts as a copy of (nn.TransformerEncoder's cloned layers). */
    private final Map<String, String> copies = new LinkedHashMap<>();

    /** A graph that creates its weights, seed s from {@code new Random(seedValues[s])}, Saturn's scheme. */
    GraphBlocks(SameDiff sd, long[] seedValues, boolean training) {
        this(sd, seedValues, training, ModelSpec.Init.SATURN);
    }

    /** A graph that creates its weights, seed s from {@code new Random(seedValues[s])}. */
    GraphBlocks(SameDiff sd, long[] seedValues, boolean training, ModelSpec.Init scheme) {
        this.sd = sd;
        this.seeds = seedValues.length;
        this.training = training;
        this.scheme = scheme;
        this.random = new Random[seeds];
        for (int s = 0; s < seeds; s++) {
            random[s] = new Random(seedValues[s]);
        }
        this.shared = null;
    }

    /** A graph over the given weights (same arrays, so it sees every later update). */
    GraphBlocks(SameDiff sd, int seeds, Map<String, INDArray> weights, boolean training) {
        this.sd = sd;
        this.seeds = seeds;
        this.training = training;
        this.scheme = ModelSpec.Init.SATURN;
        this.random = null;
        this.shared = weights;
    }

    /** Weights created so far, by name, in creation order. */
    Map<String, INDArray> createdWeights() {
        return created;
    }

    /**
     * Weights created later whose names start with {@code prefix} start as copies of the already
     * created weights named {@code sourcePrefix + the rest} (no draws).
     */
    void startAsCopy(String prefix, String sourcePrefix) {
        copies.put(prefix, sourcePrefix);
    }

    boolean pytorchInit() {
        return scheme == ModelSpec.Init.PYTORCH;
    }

    /** The embedding table's law: N(0, 1/width) for Saturn, nn.Embedding's N(0, 1) for PyTorch. */
    Init embeddingInit() {
        return pytorchInit() ? Init.NORMAL : Init.NORMAL_SCALED;
    }

    /** A trainable weight of shape {@code [S, shape...]}, U(-bound, bound). */
    SDVariable uniformWeight(String name, double bound, long... shape) {
        return weight(name, Init.UNIFORM, bound, shape);
    }

    /** A trainable weight of shape {@code [S, shape...]}, the sum of two U(-bound, bound) draws. */
    SDVariable sumOfTwoUniformWeight(String name, double bound, long... shape) {
        return weight(name, Init.UNIFORM_SUM_OF_TWO, bound, shape);
    }

    /** A trainable weight of shape {@code [S, shape...]}. */
    SDVariable weight(String name, Init init, long... shape) {
        return weight(name, init, 0, shape);
    }

    /** Draws a weight's i-th value (row-major, per seed) from that seed's random numbers. */
    @FunctionalInterface
    interface Initialiser {
        float value(Random random, int index);
    }

    /** A trainable weight of shape {@code [S, shape...]} with values of the architecture's own initialisation. */
    SDVariable weight(String name, Initialiser initialiser, long... shape) {
        INDArray array = shared != null ? shared.get(name) : initialise(initialiser, shape);
        if (array == null) {
            throw new IllegalStateException("no weight " + name);
        }
        created.put(name, array);
        return sd.var(name, array);
    }

    private INDArray initialise(Initialiser initialiser, long[] shape) {
        long perSeed = 1;
        for (long n : shape) {
            perSeed *= n;
        }
        float[] values = new float[Math.toIntExact(perSeed * seeds)];
        for (int s = 0; s < seeds; s++) {
            for (int i = 0; i < perSeed; i++) {
                values[Math.toIntExact(s * perSeed + i)] = initialiser.value(random[s], i);
            }
        }
        long[] full = new long[shape.length + 1];
        full[0] = seeds;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return Nd4j.create(values, full, 'c');
    }

    private SDVariable weight(String name, Init init, double bound, long... shape) {
        INDArray array;
        if (shared != null) {
            array = shared.get(name);
            if (array == null) {
                throw new IllegalStateException("no weight " + name);
            }
        } else {
            array = copyOf(name);
            if (array == null) {
                array = initialise(init, bound, shape);
            }
        }
        created.put(name, array);
        return sd.var(name, array);
    }

    private INDArray copyOf(String name) {
        for (Map.Entry<String, String> copy : copies.entrySet()) {
            if (name.startsWith(copy.getKey())) {
                String source = copy.getValue() + name.substring(copy.getKey().length());
                INDArray original = created.get(source);
                if (original == null) {
                    throw new IllegalStateException("no weight " + source + " to copy into " + name);
                }
                return original.dup('c');
            }
        }
        return null;
    }

    private INDArray initialise(Init init, double bound, long[] shape) {
        long perSeed = 1;
        for (long n : shape) {
            perSeed *= n;
        }
        float[] values = new float[Math.toIntExact(perSeed * seeds)];
        // fan-in is the second-to-last dimension of a matrix ([in, out]) and the last of a vector
        double fanIn = shape.length >= 2 ? shape[shape.length - 2] : shape[shape.length - 1];
        for (int s = 0; s < seeds; s++) {
            int offset = Math.toIntExact(s * perSeed);
            for (int i = 0; i < perSeed; i++) {
                values[offset + i] = switch (init) {
                    case ZERO -> 0f;
                    case ONE -> 1f;
                    case UNIFORM -> (float) ((2 * random[s].nextDouble() - 1) * bound);
                    // PyTorch's default for Linear/LSTM: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
                    case UNIFORM_FAN_IN -> (float) ((2 * random[s].nextDouble() - 1) / Math.sqrt(fanIn));
                    // embeddings: N(0, 1/width), so embedding x sqrt(width) has unit scale
                    case NORMAL_SCALED -> (float) (random[s].nextGaussian() / Math.sqrt(shape[shape.length - 1]));
                    case NORMAL -> (float) random[s].nextGaussian();
                    // nn.LSTM's b_ih + b_hh, each U(-bound, bound), folded into one bias
                    case UNIFORM_SUM_OF_TWO -> (float) ((2 * random[s].nextDouble() - 1) * bound
                            + (2 * random[s].nextDouble() - 1) * bound);
                };
            }
        }
        long[] full = new long[shape.length + 1];
        full[0] = seeds;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return Nd4j.create(values, full, 'c');
    }

    /** {@code x W + b} for x {@code [S, rows, in]}: one GEMM per seed. */
    SDVariable linear(SDVariable x, String name, int in, int out) {
        if (pytorchInit()) {
            // nn.Linear: weight and bias both U(±1/sqrt(in))
            return linear(x, name, in, out, 1 / Math.sqrt(in), 1 / Math.sqrt(in));
        }
        SDVariable w = weight(name + ".W", Init.UNIFORM_FAN_IN, in, out);
        SDVariable b = weight(name + ".b", Init.ZERO, 1, out);
        return sd.mmul(x, w).add(b);
    }

    /** {@code x W + b} with W U(±weightBound) and b U(±biasBound) (0: a zero bias). */
    SDVariable linear(SDVariable x, String name, int in, int out, double weightBound, double biasBound) {
        SDVariable w = uniformWeight(name + ".W", weightBound, in, out);
        SDVariable b = biasBound == 0 ? weight(name + ".b", Init.ZERO, 1, out) : uniformWeight(name + ".b", biasBound, 1, out);
        return sd.mmul(x, w).add(b);
    }

    /**
     * LayerNorm over the last axis of {@code [S, rows, d]}: ND4J's fused op (gain and bias
     * included). The fused op takes one gain vector, so with several seeds each seed runs its own
     * op on its slice: the same op on the same numbers as that seed alone, which keeps batched
     * training bit-identical to separate training (a shared {@code standardize} followed by a
     * per-seed affine map was not: its rounding differs from the fused op's).
     */
    SDVariable layerNorm(SDVariable x, String name, int d, double eps) {
        SDVariable gain = weight(name + ".g", Init.ONE, 1, d);
        SDVariable bias = weight(name + ".b", Init.ZERO, 1, d);
        if (eps != 1e-5) {
            return epsLayerNorm(x, gain, bias, eps);
        }
        if (seeds == 1) {
            return sd.nn.layerNorm(x, sd.reshape(gain, d), sd.reshape(bias, d), false, 2);
        }
        SDVariable[] perSeed = new SDVariable[seeds];
        SDVariable[] gains = sd.unstack(gain, 0, seeds);
        SDVariable[] biases = sd.unstack(bias, 0, seeds);
        for (int s = 0; s < seeds; s++) {
            // activations by strided slice, weights by unstack: the forms whose gradients work (see LstmNetwork)
            SDVariable rows = x.get(SDIndex.point(s), SDIndex.all(), SDIndex.all());
            perSeed[s] = sd.nn.layerNorm(rows, sd.reshape(gains[s], d), sd.reshape(biases[s], d), false, 1);
        }
        return sd.stack(0, perSeed);
    }

    /** ND4J's fused ops fix eps at 1e-5: a different eps (the papers use 6e-3) needs the composition. */
    private SDVariable epsLayerNorm(SDVariable x, SDVariable gain, SDVariable bias, double eps) {
        SDVariable centred = x.sub(sd.mean(x, true, 2));
        SDVariable variance = sd.mean(centred.mul(centred), true, 2);
        return centred.mul(sd.math.rsqrt(variance.add(eps))).mul(gain).add(bias);
    }

    SDVariable dropout(SDVariable x, double p) {
        if (!training || p <= 0) {
            return x;
        }
        // ND4J's dropout ops have no gradient in 1.0.0-M2.1: multiply by a Bernoulli(1-p) mask / (1-p)
        SDVariable keep = new RandomBernoulli(sd, sd.shape(x), 1 - p).outputVariable();
        return x.mul(keep.mul(1 / (1 - p)));
    }
}
