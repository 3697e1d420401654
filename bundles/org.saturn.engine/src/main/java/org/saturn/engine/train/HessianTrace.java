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
 * standard error is the sample standard deviation over the K probes / √K. With a sketch
 * ({@link Budget#hutchPlusPlus}) the estimator is Hutch++ (Meyer, Musco, Musco, Woodruff, "Hutch++:
 * Optimal Stochastic Trace Estimation", SOSA 2021): the trace on a low-rank range of H is computed
 * exactly and only the rest is probed, which removes the variance of the few large eigenvalues that
 * dominate a trained network's Hessian. The weights are restored bit for bit afterwards. All seeds of a batched model are probed at once (their losses are
 * independent terms of one objective, so each seed's gradient is its own).
 */
public final class HessianTrace {

    /** The default finite-difference step: small against weights of order 0.1–1, large against float32 rounding. */
    public static final double EPSILON = 1e-3;

    /**
     * @param trace         per seed, the mean of vᵀHv over the probes (plus, with Hutch++, the exact
     *                      trace on the sketched range)
     * @param standardError per seed, the standard error of that mean (NaN with one probe)
     * @param probes        the Hessian-vector products it took (Hutch++: 2 × sketch + residual probes)
     */
    public record Estimate(double[] trace, double[] standardError, int probes, double epsilon) {
    }

    private HessianTrace() {
    }

    /**
     * How many Hessian-vector products: at most {@code maxProbes}; with {@code tolerance} > 0, fewer
     * once every seed's standard error is at most {@code tolerance} × |its estimate| (after
     * {@value #MIN_PROBES} Hutchinson probes at least, so that the standard error itself means
     * something). Tolerance 0: exactly maxProbes. With {@code sketch} k > 0 the estimator is Hutch++
     * (Meyer, Musco, Musco, Woodruff 2021): k products sketch the Hessian's range, k more give the
     * exact trace of its projection on that range, and the rest are Hutchinson probes of what is left.
     */
    public record Budget(int maxProbes, double tolerance, int sketch) {

        public Budget {
            if (maxProbes < 1 || !(tolerance >= 0) || tolerance >= 1) {
                throw new IllegalArgumentException("Hutchinson needs at least one probe and a tolerance in [0, 1), not "
                        + maxProbes + " probes and tolerance " + tolerance);
            }
            if (sketch < 0 || 2 * sketch + MIN_PROBES > maxProbes && sketch > 0) {
                throw new IllegalArgumentException("a Hutch++ sketch of " + sketch + " needs at least " + (2 * sketch
                        + MIN_PROBES) + " Hessian-vector products, not " + maxProbes);
            }
        }

        /** Plain Hutchinson. */
        public Budget(int maxProbes, double tolerance) {
            this(maxProbes, tolerance, 0);
        }

        /**
         * Hutch++ with a third of the products for the sketch, a third for the projected trace and a
         * third (at most; fewer once the tolerance is met) for the residual, the split Meyer et al.
         * analyse; plain Hutchinson when the budget is too small for a sketch.
         */
        public static Budget hutchPlusPlus(int maxProbes, double tolerance) {
            int sketch = maxProbes / 3;
            return sketch > 0 && 2 * sketch + MIN_PROBES <= maxProbes ? new Budget(maxProbes, tolerance, sketch)
                    : new Budget(maxProbes, tolerance, 0);
        }

        /** Whether the estimates after {@code probes} residual probes are precise enough to stop. */
        boolean reached(double[][] samples, double[] exact, int probes) {
            if (2 * sketch + probes >= maxProbes) {
                return true;
            }
            if (tolerance == 0 || probes < MIN_PROBES) {
                return false;
            }
            for (int s = 0; s < samples.length; s++) {
                double[] meanAndError = meanAndError(samples[s], probes);
                if (!(meanAndError[1] <= tolerance * Math.abs(exact[s] + meanAndError[0]))) {
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

    /**
     * Hutchinson (or Hutch++) probes over every weight, or (with {@code feature}) over that layer
     * weighted by its Gram matrix: the trace of A = H, or of A = (I ⊗ G) H. Hutch++ rests on
     * tr A = tr(QᵀAQ) + tr((I − QQᵀ) A (I − QQᵀ)) for any orthonormal Q: given Q the first term is
     * computed exactly and the second is Hutchinson's unbiased estimate, so the estimate is unbiased
     * whatever Q the sketch found, and the residual probes' standard error is its standard error.
     */
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
        Products products = new Products(graph, placeholders, weights, saved, seeds, epsilon,
                feature == null ? null : gram(saved.get(feature), seeds));
        double[][] samples = new double[seeds][budget.maxProbes()];
        double[] exact = new double[seeds];
        int probes = 0;
        try {
            double[][][] basis = budget.sketch() == 0 ? null : products.range(budget.sketch(), random);
            if (basis != null) {
                for (double[][] column : basis) {
                    double[][] product = products.times(column);
                    for (int s = 0; s < seeds; s++) {
                        exact[s] += products.weighted(column[s], product[s], s);
                    }
                }
            }
            while (!budget.reached(samples, exact, probes)) {
                double[][] v = products.rademacher(random);
                if (basis != null) {
                    project(v, basis);
                }
                double[][] product = products.times(v);
                for (int s = 0; s < seeds; s++) {
                    samples[s][probes] = products.weighted(v[s], product[s], s);
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
            trace[s] = exact[s] + meanAndError[0];
            error[s] = meanAndError[1];
        }
        return new Estimate(trace, error, 2 * budget.sketch() + probes, epsilon);
    }

    /** v := (I − QQᵀ) v per seed, twice (one Gram-Schmidt pass loses orthogonality in rounding). */
    private static void project(double[][] v, double[][][] basis) {
        for (int pass = 0; pass < 2; pass++) {
            for (double[][] column : basis) {
                for (int s = 0; s < v.length; s++) {
                    double[] q = column[s];
                    double along = dot(q, v[s]);
                    for (int i = 0; i < q.length; i++) {
                        v[s][i] -= along * q[i];
                    }
                }
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /**
     * Hessian-vector products of every seed at once, by central differences of gradients. A vector is
     * {@code [seed][parameter]}: the measured weights of one seed in a row, in the order of the weights
     * and 'c' order within each {@code [S, ...]} array (seed s's block of each array).
     */
    private static final class Products {
        private final SameDiff graph;
        private final Map<String, INDArray> placeholders;
        private final Map<String, INDArray> weights;
        private final Map<String, INDArray> saved;
        private final List<String> names;
        private final int seeds;
        private final double epsilon;
        private final double[][][] gram;
        private final int[] perSeed;
        private final int length;

        Products(SameDiff graph, Map<String, INDArray> placeholders, Map<String, INDArray> weights,
                Map<String, INDArray> saved, int seeds, double epsilon, double[][][] gram) {
            this.graph = graph;
            this.placeholders = placeholders;
            this.weights = weights;
            this.saved = saved;
            this.names = new ArrayList<>(weights.keySet());
            this.seeds = seeds;
            this.epsilon = epsilon;
            this.gram = gram;
            this.perSeed = new int[names.size()];
            int total = 0;
            for (int n = 0; n < names.size(); n++) {
                perSeed[n] = Math.toIntExact(weights.get(names.get(n)).length() / seeds);
                total += perSeed[n];
            }
            this.length = total;
        }

        /** ±1 per parameter, seed s's row from its own generator (weight by weight, as before Hutch++). */
        double[][] rademacher(SplittableRandom[] random) {
            double[][] v = new double[seeds][length];
            int from = 0;
            for (int n = 0; n < names.size(); n++) {
                for (int s = 0; s < seeds; s++) {
                    for (int i = from; i < from + perSeed[n]; i++) {
                        v[s][i] = random[s].nextBoolean() ? 1 : -1;
                    }
                }
                from += perSeed[n];
            }
            return v;
        }

        /**
         * An orthonormal basis per seed of the range of H·S for k Rademacher vectors S: column c of
         * the result is {@code [seed][parameter]}; a seed whose products are linearly dependent gets
         * zero columns where its basis ends (they add nothing to the trace and project nothing).
         */
        double[][][] range(int k, SplittableRandom[] random) {
            double[][][] columns = new double[k][][];
            for (int c = 0; c < k; c++) {
                columns[c] = times(rademacher(random));
            }
            for (int s = 0; s < seeds; s++) {
                double first = Math.sqrt(dot(columns[0][s], columns[0][s]));
                for (int c = 0; c < k; c++) {
                    double[] q = columns[c][s];
                    double before = Math.sqrt(dot(q, q));
                    for (int pass = 0; pass < 2; pass++) {
                        for (int earlier = 0; earlier < c; earlier++) {
                            double[] e = columns[earlier][s];
                            double along = dot(e, q);
                            for (int i = 0; i < q.length; i++) {
                                q[i] -= along * e[i];
                            }
                        }
                    }
                    double norm = Math.sqrt(dot(q, q));
                    // what is left of a dependent product is rounding: no direction
                    boolean independent = norm > 1e-6 * Math.max(before, first) && norm > 0;
                    for (int i = 0; i < q.length; i++) {
                        q[i] = independent ? q[i] / norm : 0;
                    }
                }
            }
            return columns;
        }

        /**
         * Hv per seed: (∇L(θ + εv) − ∇L(θ − εv)) / 2ε, v as it is. Not rescaled to a Rademacher
         * vector's length: a unit basis vector of the sketched range points along the sharpest
         * directions, and a step of ε√n there (0.13 for 18,000 weights) bent the central difference by
         * the third derivative (the trace came out 10% apart between sketch sizes); along a unit
         * vector the step is ε, and a Rademacher vector's component along any unit direction is ε too.
         */
        double[][] times(double[][] v) {
            double[] scale = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                scale[s] = dot(v[s], v[s]) == 0 ? 0 : 1;
            }
            Map<String, float[]> direction = new LinkedHashMap<>();
            int from = 0;
            for (int n = 0; n < names.size(); n++) {
                float[] d = new float[perSeed[n] * seeds];
                for (int s = 0; s < seeds; s++) {
                    for (int i = 0; i < perSeed[n]; i++) {
                        d[s * perSeed[n] + i] = (float) (scale[s] * v[s][from + i]);
                    }
                }
                direction.put(names.get(n), d);
                from += perSeed[n];
            }
            shift(direction, epsilon);
            Map<String, INDArray> plus = copy(graph.calculateGradients(placeholders, names));
            shift(direction, -epsilon);
            Map<String, INDArray> minus = graph.calculateGradients(placeholders, names);
            double[][] product = new double[seeds][length];
            from = 0;
            for (int n = 0; n < names.size(); n++) {
                float[] gPlus = plus.get(names.get(n)).dup('c').data().asFloat();
                float[] gMinus = minus.get(names.get(n)).dup('c').data().asFloat();
                for (int s = 0; s < seeds; s++) {
                    if (scale[s] == 0) {
                        continue;
                    }
                    for (int i = 0; i < perSeed[n]; i++) {
                        int at = s * perSeed[n] + i;
                        product[s][from + i] = ((double) gPlus[at] - gMinus[at]) / (2 * epsilon * scale[s]);
                    }
                }
                from += perSeed[n];
            }
            return product;
        }

        /** vᵀ(Hv), or with the feature's Gram matrix ((I ⊗ G) v)ᵀ(Hv) (G is symmetric). */
        double weighted(double[] v, double[] hv, int seed) {
            if (gram == null) {
                return dot(v, hv);
            }
            double[][] g = gram[seed];
            int outputs = g.length;
            double sum = 0;
            for (int row = 0; row < v.length; row += outputs) {
                for (int s = 0; s < outputs; s++) {
                    double vs = v[row + s];
                    for (int t = 0; t < outputs; t++) {
                        sum += vs * g[s][t] * hv[row + t];
                    }
                }
            }
            return sum;
        }

        /** θ := θ₀ + ε d, from the saved θ₀ (so no rounding accumulates across products). */
        private void shift(Map<String, float[]> direction, double eps) {
            weights.forEach((name, array) -> {
                INDArray d = Nd4j.create(direction.get(name), array.shape(), 'c');
                array.assign(saved.get(name).add(d.muli(eps)));
            });
        }
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

    private static Map<String, INDArray> copy(Map<String, INDArray> arrays) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        arrays.forEach((name, array) -> out.put(name, array.dup()));
        return out;
    }
}
