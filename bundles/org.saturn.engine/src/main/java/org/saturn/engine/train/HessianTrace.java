package org.saturn.engine.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.saturn.engine.model.LanguageModel;
import org.saturn.core.optimal.LossConvention;

/**
 * Hutchinson's estimate of the trace of the Hessian of each seed's mean loss on a fixed set of
 * words (SCIENCE.md §2.3: flatter minima, lower trace, transfer better).
 * <p>
 * Method: for probes k = 1..K draw a Rademacher vector v (entries ±1, seed s from its own
 * generator) over all of a seed's parameters; the Hessian-vector product is a central finite
 * difference of gradients, Hv ≈ (∇L(θ + εv) − ∇L(θ − εv)) / 2ε (error O(ε²) from the third
 * derivative, plus float32 rounding of the gradients ~ 1e-7·|∇L|/ε); tr H ≈ mean of vᵀHv, whose
 * standard error is the sample standard deviation over the K probes / √K. The weights are restored
 * bit for bit afterwards. All seeds of a batched model are probed at once (their losses are
 * independent terms of one objective, so each seed's gradient is its own).
 */
public final class HessianTrace {

    /** The default finite-difference step: small against weights of order 0.1–1, large against float32 rounding. */
    public static final double EPSILON = 1e-3;

    /**
     * @param trace         per seed, the mean of vᵀHv over the probes
     * @param standardError per seed, the standard error of that mean (NaN with one probe)
     */
    public record Estimate(double[] trace, double[] standardError, int probes, double epsilon) {
    }

    private HessianTrace() {
    }

    /**
     * Estimates the trace for every seed of {@code model}, seed s on {@code batches[s]} (its mean
     * loss under {@code convention}, no dropout), with {@code probes} Rademacher probes drawn from
     * {@code probeSeed} and seed s's own seed.
     */
    public static Estimate estimate(LanguageModel model, int[][][] batches, LossConvention convention, int probes,
            double epsilon, long probeSeed) {
        if (probes < 1 || !(epsilon > 0)) {
            throw new IllegalArgumentException("Hutchinson needs at least one probe and epsilon > 0");
        }
        SameDiff graph = model.evaluationGraph();
        if (graph.getLossVariables().isEmpty()) {
            graph.setLossVariables(LanguageModel.LOSS);
        }
        Map<String, INDArray> placeholders = model.encode(batches, null, 0, convention);
        Map<String, INDArray> weights = new LinkedHashMap<>();
        for (SDVariable variable : graph.variables()) {
            if (variable.getVariableType() == VariableType.VARIABLE) {
                weights.put(variable.name(), variable.getArr());
            }
        }
        Map<String, INDArray> saved = new LinkedHashMap<>();
        weights.forEach((name, array) -> saved.put(name, array.dup()));
        int seeds = model.seedCount();
        long[] seedValues = model.seeds();
        SplittableRandom[] random = new SplittableRandom[seeds];
        for (int s = 0; s < seeds; s++) {
            random[s] = new SplittableRandom(probeSeed * 0x9E3779B97F4A7C15L + seedValues[s]);
        }
        double[][] samples = new double[seeds][probes];
        List<String> names = new ArrayList<>(weights.keySet());
        try {
            for (int k = 0; k < probes; k++) {
                Map<String, float[]> direction = rademacher(weights, random);
                shift(weights, saved, direction, epsilon);
                Map<String, INDArray> plus = copy(graph.calculateGradients(placeholders, names));
                shift(weights, saved, direction, -epsilon);
                Map<String, INDArray> minus = graph.calculateGradients(placeholders, names);
                for (String name : names) {
                    float[] v = direction.get(name);
                    float[] gPlus = plus.get(name).dup('c').data().asFloat();
                    float[] gMinus = minus.get(name).dup('c').data().asFloat();
                    int perSeed = v.length / seeds;
                    for (int s = 0; s < seeds; s++) {
                        double sum = 0;
                        for (int i = s * perSeed; i < (s + 1) * perSeed; i++) {
                            sum += v[i] * ((double) gPlus[i] - gMinus[i]);
                        }
                        samples[s][k] += sum / (2 * epsilon);
                    }
                }
            }
        } finally {
            weights.forEach((name, array) -> array.assign(saved.get(name)));
        }
        double[] trace = new double[seeds];
        double[] error = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            double mean = 0;
            for (double x : samples[s]) {
                mean += x / probes;
            }
            double squares = 0;
            for (double x : samples[s]) {
                squares += (x - mean) * (x - mean);
            }
            trace[s] = mean;
            error[s] = probes < 2 ? Double.NaN : Math.sqrt(squares / (probes - 1) / probes);
        }
        return new Estimate(trace, error, probes, epsilon);
    }

    /** ±1 per parameter, in 'c' order of each {@code [S, ...]} array: seed s's block from its own generator. */
    private static Map<String, float[]> rademacher(Map<String, INDArray> weights, SplittableRandom[] random) {
        Map<String, float[]> direction = new LinkedHashMap<>();
        weights.forEach((name, array) -> {
            float[] v = new float[Math.toIntExact(array.length())];
            int perSeed = v.length / random.length;
            for (int s = 0; s < random.length; s++) {
                for (int i = s * perSeed; i < (s + 1) * perSeed; i++) {
                    v[i] = random[s].nextBoolean() ? 1f : -1f;
                }
            }
            direction.put(name, v);
        });
        return direction;
    }

    /** θ := θ₀ + ε v, from the saved θ₀ (so no rounding accumulates across probes). */
    private static void shift(Map<String, INDArray> weights, Map<String, INDArray> saved, Map<String, float[]> direction,
            double epsilon) {
        weights.forEach((name, array) -> {
            INDArray v = Nd4j.create(direction.get(name), array.shape(), 'c');
            array.assign(saved.get(name).add(v.muli(epsilon)));
        });
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> arrays) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        arrays.forEach((name, array) -> out.put(name, array.dup()));
        return out;
    }
}
