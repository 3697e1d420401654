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
     * How many probes: at most {@code maxProbes}; with {@code tolerance} > 0, fewer once every seed's
     * standard error is at most {@code tolerance} × |its estimate| (after {@value #MIN_PROBES} probes
     * at least, so that the standard error itself means something). Tolerance 0: exactly maxProbes.
     */
    public record Budget(int maxProbes, double tolerance) {

        public Budget {
            if (maxProbes < 1 || !(tolerance >= 0) || tolerance >= 1) {
                throw new IllegalArgumentException("Hutchinson needs at least one probe and a tolerance in [0, 1), not "
                        + maxProbes + " probes and tolerance " + tolerance);
            }
        }

        /** Whether the estimates after {@code probes} probes are precise enough to stop. */
        boolean reached(double[][] samples, int probes) {
            if (probes >= maxProbes) {
                return true;
            }
            if (tolerance == 0 || probes < MIN_PROBES) {
                return false;
            }
            for (double[] seed : samples) {
                double[] meanAndError = meanAndError(seed, probes);
                if (!(meanAndError[1] <= tolerance * Math.abs(meanAndError[0]))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The fewest probes before a tolerance may stop the estimator. */
    public static final int MIN_PROBES = 10;

    /** The weight of the output layer, the feature layer of relative flatness: {@code [S, features, outputs]}. */
    public static final String OUTPUT_WEIGHT = "out.W";

    /**
     * Estimates the trace for every seed of {@code model}, seed s on {@code batches[s]} (its mean
     * loss under {@code convention}, no dropout), with {@code probes} Rademacher probes drawn from
     * {@code probeSeed} and seed s's own seed.
     */
    public static Estimate estimate(LanguageModel model, int[][][] batches, LossConvention convention, int probes,
            double epsilon, long probeSeed) {
        return estimate(model, batches, convention, new Budget(probes, 0), epsilon, probeSeed);
    }

    /** As {@link #estimate(LanguageModel, int[][][], LossConvention, int, double, long)}, probing until the budget says. */
    public static Estimate estimate(LanguageModel model, int[][][] batches, LossConvention convention, Budget budget,
            double epsilon, long probeSeed) {
        return probe(model, batches, convention, budget, epsilon, probeSeed, null);
    }

    /**
     * Relative flatness (Petzka et al. 2021, "Relative flatness and generalization", Def. 3, the
     * trace version) of the output layer, the feature layer f(x) = softmax(W φ(x)): with w_s ∈ R^m the
     * weights into output unit s (column s of our {@code [m, outputs]} weight W),
     * <pre>  κ(W) = Σ_{s,s'} ⟨w_s, w_s'⟩ · Tr H_{s,s'},   Tr H_{s,s'} = Σ_j ∂²L / ∂W_{js} ∂W_{js'}</pre>
     * estimated as Hutchinson's E_v[Σ_j V_j G (HV)_jᵀ] with G = WᵀW, Rademacher V over W only and
     * HV by the same central difference as the trace. It does not change under the rescalings of
     * {@link org.saturn.engine.model.Reparametrisation} (they leave W and the function φ unchanged, so
     * the loss as a function of W is unchanged), nor under W → λW with φ → φ/λ; the full trace does.
     */
    public static Estimate relativeFlatness(LanguageModel model, int[][][] batches, LossConvention convention,
            Budget budget, double epsilon, long probeSeed) {
        return probe(model, batches, convention, budget, epsilon, probeSeed, OUTPUT_WEIGHT);
    }

    /** Hutchinson probes over every weight, or (with {@code feature}) over that layer weighted by its Gram matrix. */
    private static Estimate probe(LanguageModel model, int[][][] batches, LossConvention convention, Budget budget,
            double epsilon, long probeSeed, String feature) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Hutchinson needs epsilon > 0");
        }
        SameDiff graph = model.evaluationGraph();
        if (graph.getLossVariables().isEmpty()) {
            graph.setLossVariables(LanguageModel.LOSS);
        }
        Map<String, INDArray> placeholders = model.encode(batches, null, 0, convention);
        Map<String, INDArray> weights = new LinkedHashMap<>();
        for (SDVariable variable : graph.variables()) {
            if (variable.getVariableType() == VariableType.VARIABLE
                    && (feature == null || variable.name().equals(feature))) {
                weights.put(variable.name(), variable.getArr());
            }
        }
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("the model has no weight " + feature + " to measure");
        }
        Map<String, INDArray> saved = new LinkedHashMap<>();
        weights.forEach((name, array) -> saved.put(name, array.dup()));
        int seeds = model.seedCount();
        long[] seedValues = model.seeds();
        SplittableRandom[] random = new SplittableRandom[seeds];
        for (int s = 0; s < seeds; s++) {
            random[s] = new SplittableRandom(probeSeed * 0x9E3779B97F4A7C15L + seedValues[s]);
        }
        double[][][] gram = feature == null ? null : gram(saved.get(feature), seeds);
        double[][] samples = new double[seeds][budget.maxProbes()];
        List<String> names = new ArrayList<>(weights.keySet());
        int probes = 0;
        try {
            while (!budget.reached(samples, probes)) {
                int k = probes;
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
                        samples[s][k] += gram == null ? dot(v, gPlus, gMinus, s * perSeed, perSeed) / (2 * epsilon)
                                : weighted(v, gPlus, gMinus, s * perSeed, perSeed, gram[s]) / (2 * epsilon);
                    }
                }
                probes++;
            }
        } finally {
            weights.forEach((name, array) -> array.assign(saved.get(name)));
        }
        double[] trace = new double[seeds];
        double[] error = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            double[] meanAndError = meanAndError(samples[s], probes);
            trace[s] = meanAndError[0];
            error[s] = meanAndError[1];
        }
        return new Estimate(trace, error, probes, epsilon);
    }

    /** vᵀ(g₊ − g₋) over one seed's block. */
    private static double dot(float[] v, float[] gPlus, float[] gMinus, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += v[i] * ((double) gPlus[i] - gMinus[i]);
        }
        return sum;
    }

    /** Σ_j V_j G (g₊ − g₋)_jᵀ over one seed's {@code [m, outputs]} block (rows j, columns s). */
    private static double weighted(float[] v, float[] gPlus, float[] gMinus, int from, int length, double[][] gram) {
        int outputs = gram.length;
        double sum = 0;
        for (int row = from; row < from + length; row += outputs) {
            for (int s = 0; s < outputs; s++) {
                double vs = v[row + s];
                for (int t = 0; t < outputs; t++) {
                    sum += vs * gram[s][t] * ((double) gPlus[row + t] - gMinus[row + t]);
                }
            }
        }
        return sum;
    }

    /** mean and its standard error (NaN with one sample) of the first n samples. */
    private static double[] meanAndError(double[] samples, int n) {
        if (n == 0) {
            return new double[] { Double.NaN, Double.NaN };
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += samples[i] / n;
        }
        double squares = 0;
        for (int i = 0; i < n; i++) {
            squares += (samples[i] - mean) * (samples[i] - mean);
        }
        return new double[] { mean, n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1) / n) };
    }

    /** Per seed, G = WᵀW of its {@code [m, outputs]} weight: G[s][t] = ⟨column s, column t⟩. */
    private static double[][][] gram(INDArray weight, int seeds) {
        long[] shape = weight.shape();
        int m = (int) shape[shape.length - 2];
        int outputs = (int) shape[shape.length - 1];
        float[] w = weight.dup('c').data().asFloat();
        double[][][] gram = new double[seeds][outputs][outputs];
        for (int seed = 0; seed < seeds; seed++) {
            int base = seed * m * outputs;
            for (int j = 0; j < m; j++) {
                for (int s = 0; s < outputs; s++) {
                    for (int t = 0; t < outputs; t++) {
                        gram[seed][s][t] += (double) w[base + j * outputs + s] * w[base + j * outputs + t];
                    }
                }
            }
        }
        return gram;
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
