package org.saturn.core.lang.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

import org.saturn.core.lang.LanguageException;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.rules.Brackets.Pair;

/**
 * The papers' CS-Dyck walk: each bracket pair has its own stack, so pairs may cross. Draw
 * l ~ U{1..N} (N = maxLength/2) and emit exactly 2l symbols: with all stacks empty open one of the k
 * pairs (1/k each); otherwise open any pair or close any non-empty stack, uniformly; once
 * {@code t + total depth >= 2l} only closes of non-empty stacks are allowed (uniformly).
 *
 * <p>Exact analysis. A word is its sequence of choices, and the step distribution depends on the
 * remaining length r = 2l - t and the depth vector only, so the expected remaining surprisal
 * {@code V(r, depths)} obeys a backward recursion that serves every l at once:
 * {@code H(w | l) = V(2l, 0)}. Words of different l differ in length, so
 * {@code H = ln N + mean over l of V(2l, 0)}. Prefix probabilities keep {@code P(prefix | l)} for
 * every l.
 */
public final class CrossingDyckGenerator implements Generator {

    private final List<Pair> pairs;
    private final int n;
    private Estimate entropy;

    public CrossingDyckGenerator(List<Pair> pairs, int maxLength) {
        this.pairs = List.copyOf(pairs);
        this.n = maxLength / 2;
        if (this.pairs.isEmpty()) {
            throw new LanguageException("the CS-Dyck walk needs at least one bracket pair");
        }
        if (n < 1) {
            throw new LanguageException("max length " + maxLength + " is too small for any CS-Dyck word (needs at least 2)");
        }
    }

    private int k() {
        return pairs.size();
    }

    /**
     * Probability of an action at step t towards length {@code target} with the given depths.
     * Action {@code j < k} opens pair j, {@code j >= k} closes pair j-k.
     */
    private double stepProbability(int t, int[] depths, int target, int action) {
        if (t >= target) {
            return 0;
        }
        int total = 0;
        int nonEmpty = 0;
        for (int depth : depths) {
            total += depth;
            nonEmpty += depth > 0 ? 1 : 0;
        }
        boolean open = action < k();
        if (total == 0) {
            return open ? 1.0 / k() : 0;
        }
        if (!open && depths[action - k()] == 0) {
            return 0;
        }
        if (t + total >= target) {
            return open ? 0 : 1.0 / nonEmpty;
        }
        return 1.0 / (k() + nonEmpty);
    }

    @Override
    public Word sample(RandomGenerator random) {
        int target = 2 * (1 + random.nextInt(n));
        int[] depths = new int[k()];
        List<String> word = new ArrayList<>(target);
        double[] probabilities = new double[2 * k()];
        while (word.size() < target) {
            for (int action = 0; action < 2 * k(); action++) {
                probabilities[action] = stepProbability(word.size(), depths, target, action);
            }
            double u = random.nextDouble();
            int action = 0;
            while (action < 2 * k() - 1 && (u -= probabilities[action]) >= 0) {
                action++;
            }
            while (probabilities[action] == 0) { // guard against rounding at the end of the scan
                action--;
            }
            if (action < k()) {
                depths[action]++;
                word.add(pairs.get(action).open());
            } else {
                depths[action - k()]--;
                word.add(pairs.get(action - k()).close());
            }
        }
        return Word.of(word);
    }

    private int action(String symbol) {
        for (int p = 0; p < k(); p++) {
            if (pairs.get(p).open().equals(symbol)) {
                return p;
            }
            if (pairs.get(p).close().equals(symbol)) {
                return k() + p;
            }
        }
        return -1;
    }

    @Override
    public PrefixState start() {
        double[] perTarget = new double[n + 1];
        Arrays.fill(perTarget, 1, n + 1, 1.0);
        return new State(0, new int[k()], perTarget);
    }

    /** {@code P(prefix | l)} for each l = 1..N, and the prefix's stack depths. */
    private final class State implements PrefixState {
        private final int length;
        private final int[] depths;
        private final double[] perTarget;

        State(int length, int[] depths, double[] perTarget) {
            this.length = length;
            this.depths = depths;
            this.perTarget = perTarget;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double logProbability() {
            return Math.log(Arrays.stream(perTarget).sum() / n);
        }

        @Override
        public double logEndProbability() {
            return length % 2 == 0 && length >= 2 && length / 2 <= n ? Math.log(perTarget[length / 2] / n)
                    : Double.NEGATIVE_INFINITY;
        }

        @Override
        public PrefixState extend(String symbol) {
            int action = action(symbol);
            double[] next = new double[n + 1];
            int[] nextDepths = depths.clone();
            if (action >= 0 && (action < k() || depths[action - k()] > 0)) {
                for (int l = 1; l <= n; l++) {
                    if (perTarget[l] > 0) {
                        next[l] = perTarget[l] * stepProbability(length, depths, 2 * l, action);
                    }
                }
                nextDepths[action % k()] += action < k() ? 1 : -1;
            }
            return new State(length + 1, nextDepths, next);
        }
    }

    private synchronized Estimate analyse() {
        if (entropy != null) {
            return entropy;
        }
        int radix = n + 1;
        int size = (int) Math.pow(radix, k());
        double[] previous = new double[size]; // V(r-1, depths); V(0, .) = 0
        double[] current = new double[size];
        double sum = 0;
        int[] depths = new int[k()];
        for (int r = 1; r <= 2 * n; r++) {
            for (int index = 0; index < size; index++) {
                int total = decode(index, radix, depths);
                int t = 2 * n - r; // steps depend on r only, so the longest target serves every l
                if (total > Math.min(r, t) || (r - total) % 2 != 0) {
                    continue; // unreachable: deeper than the steps taken or than can be closed
                }
                // the step is uniform over its options (see stepProbability): opens unless forced, closes of non-empty stacks
                boolean forced = total > 0 && total >= r;
                double sumOfValues = 0;
                int options = 0;
                for (int j = 0, weight = 1; j < k(); j++, weight *= radix) {
                    if (!forced) {
                        sumOfValues += previous[index + weight];
                        options++;
                    }
                    if (depths[j] > 0 && total > 0) {
                        sumOfValues += previous[index - weight];
                        options++;
                    }
                }
                current[index] = Math.log(options) + sumOfValues / options;
            }
            if (r % 2 == 0) {
                sum += current[0];
            }
            double[] swap = previous;
            previous = current;
            current = swap;
        }
        entropy = Estimate.exact(Math.log(n) + sum / n);
        return entropy;
    }

    private int decode(int index, int radix, int[] depths) {
        int total = 0;
        for (int j = 0; j < depths.length; j++) {
            depths[j] = index % radix;
            index /= radix;
            total += depths[j];
        }
        return total;
    }

    @Override
    public Estimate entropy() {
        return analyse();
    }

    @Override
    public Estimate expectedLength() {
        return Estimate.exact(n + 1); // E[2l] for l uniform on 1..N
    }

    @Override
    public int maxWordLength() {
        return 2 * n;
    }

    @Override
    public String describe() {
        return "cs-dyck walk over " + String.join(" ", pairs.stream().map(p -> p.open() + " " + p.close()).toList())
                + " (one stack per pair), length 2l, l ~ uniform(1.." + n + ")";
    }
}
