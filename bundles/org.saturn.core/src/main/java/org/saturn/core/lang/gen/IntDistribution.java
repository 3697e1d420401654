package org.saturn.core.lang.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.saturn.core.lang.LanguageException;

/** Distributions of a template's integer variables; bounds may depend on earlier variables. */
public sealed interface IntDistribution {

    /** A value with its probability. */
    record Weighted(int value, double probability) {
    }

    /** The support with probabilities (summing to one) given the earlier variables' values. */
    List<Weighted> support(Map<String, Integer> values);

    String describe();

    /** Uniform on {@code low..high} inclusive. */
    record Uniform(IntExpr low, IntExpr high) implements IntDistribution {
        @Override
        public List<Weighted> support(Map<String, Integer> values) {
            int lo = low.evaluate(values);
            int hi = high.evaluate(values);
            if (hi < lo) {
                throw new LanguageException(describe() + " has no values (" + lo + ".." + hi + ")");
            }
            List<Weighted> support = new ArrayList<>(hi - lo + 1);
            for (int v = lo; v <= hi; v++) {
                support.add(new Weighted(v, 1.0 / (hi - lo + 1)));
            }
            return support;
        }

        @Override
        public String describe() {
            return "uniform(" + low.describe() + ".." + high.describe() + ")";
        }
    }

    /**
     * Every value of {@code low..high} once: a data set that lists each value once has the uniform
     * word distribution, so probabilities are those of {@link Uniform} (the papers' aⁿbⁿ set).
     */
    record EnumerateAll(IntExpr low, IntExpr high) implements IntDistribution {
        @Override
        public List<Weighted> support(Map<String, Integer> values) {
            return new Uniform(low, high).support(values);
        }

        @Override
        public String describe() {
            return "each(" + low.describe() + ".." + high.describe() + ")";
        }
    }

    /** {@code P(k) ∝ (1-p)^(k-low) p} for k in {@code low..high} (truncated and renormalised). */
    record Geometric(double p, IntExpr low, IntExpr high) implements IntDistribution {
        @Override
        public List<Weighted> support(Map<String, Integer> values) {
            if (!(p > 0 && p <= 1)) {
                throw new LanguageException(describe() + ": p must be in (0, 1]");
            }
            int lo = low.evaluate(values);
            int hi = high.evaluate(values);
            if (hi < lo) {
                throw new LanguageException(describe() + " has no values (" + lo + ".." + hi + ")");
            }
            double[] weights = new double[hi - lo + 1];
            double total = 0;
            for (int k = 0; k < weights.length; k++) {
                weights[k] = Math.pow(1 - p, k) * p;
                total += weights[k];
            }
            List<Weighted> support = new ArrayList<>();
            for (int k = 0; k < weights.length; k++) {
                if (weights[k] > 0) {
                    support.add(new Weighted(lo + k, weights[k] / total));
                }
            }
            return support;
        }

        @Override
        public String describe() {
            return "geometric(" + p + ", " + low.describe() + ".." + high.describe() + ")";
        }
    }

    /** Given values with given (positive, normalised here) weights. */
    record Categorical(List<Integer> values, List<Double> weights) implements IntDistribution {
        public Categorical {
            values = List.copyOf(values);
            weights = List.copyOf(weights);
            if (values.isEmpty() || values.size() != weights.size() || weights.stream().anyMatch(w -> !(w > 0))
                    || values.stream().distinct().count() != values.size()) {
                throw new LanguageException("categorical distribution needs distinct values with positive weights, one each");
            }
        }

        @Override
        public List<Weighted> support(Map<String, Integer> values) {
            double total = weights.stream().mapToDouble(Double::doubleValue).sum();
            List<Weighted> support = new ArrayList<>();
            for (int i = 0; i < this.values.size(); i++) {
                support.add(new Weighted(this.values.get(i), weights.get(i) / total));
            }
            return support;
        }

        @Override
        public String describe() {
            return "categorical" + values + weights;
        }
    }
}
