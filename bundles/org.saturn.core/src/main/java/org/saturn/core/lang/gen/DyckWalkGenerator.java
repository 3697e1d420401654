package org.saturn.core.lang.gen;

import java.util.List;
import java.util.random.RandomGenerator;

import org.saturn.core.lang.LanguageException;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.rules.Brackets.Pair;

/**
 * The papers' nested Dyck walk over k bracket pairs: draw l ~ U{1..N} (N = maxLength/2) and walk
 * towards length 2l. From the empty stack open one of the k pairs (1/k each), else open any pair or
 * close the top (1/(k+1) each); a close is forced once {@code t + depth >= 2l}; the walk stops when
 * the stack first empties. Words are therefore primitive Dyck words of length 2K ≤ 2l.
 *
 * <p>Exact analysis. Let {@code s_t = t + depth_t}; it grows by 2 at an open and stays at a close,
 * so {@code s_t = 2·opens_t} and step t is forced exactly when {@code opens_t >= l}. For a word of
 * semilength K with c closes after its last open: every l > K generates it without forced steps,
 * l = K forces its c trailing closes, l < K cannot generate it. Hence
 * <pre>P(w) = (1/(kN)) (k+1)^-(2K-1) [ (N - K) + (k+1)^c ],</pre>
 * which depends on (K, c) only, and the same argument gives the prefix probability of any valid
 * prefix with o opens and c trailing closes. The number of words per (K, c) is
 * {@code k^K · #paths}, counted by a dynamic programme over (steps, height), so the entropy and the
 * mean length are exact sums over (K, c).
 */
public final class DyckWalkGenerator implements Generator {

    private final List<Pair> pairs;
    private final int maxLength;
    private final int n; // number of target semilengths l
    private Estimate entropy;
    private Estimate expectedLength;

    public DyckWalkGenerator(List<Pair> pairs, int maxLength) {
        this.pairs = List.copyOf(pairs);
        this.maxLength = maxLength;
        this.n = maxLength / 2;
        if (this.pairs.isEmpty()) {
            throw new LanguageException("the Dyck walk needs at least one bracket pair");
        }
        if (n < 1) {
            throw new LanguageException("max length " + maxLength + " is too small for any Dyck word (needs at least 2)");
        }
    }

    private int k() {
        return pairs.size();
    }

    /** {@code ln P(w)} for a complete word of semilength K with c trailing closes. */
    private double logWord(int semilength, int trailing) {
        return logPrefix(2 * semilength, semilength, trailing);
    }

    /** {@code ln P(prefix)} for a valid non-empty prefix of length t with o opens and c trailing closes. */
    private double logPrefix(int t, int opens, int trailing) {
        if (opens > n) {
            return Double.NEGATIVE_INFINITY;
        }
        double logBase = Math.log(k() + 1);
        double mix = logSumExp(Math.log(n - opens), trailing * logBase);
        return -Math.log(n) - Math.log(k()) - (t - 1) * logBase + mix;
    }

    private static double logSumExp(double x, double y) {
        double max = Math.max(x, y);
        return max == Double.NEGATIVE_INFINITY ? max : max + Math.log(Math.exp(x - max) + Math.exp(y - max));
    }

    @Override
    public Word sample(RandomGenerator random) {
        int target = 2 * (1 + random.nextInt(n));
        java.util.ArrayList<String> word = new java.util.ArrayList<>();
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        while (word.size() < target) {
            int choice;
            if (stack.isEmpty()) {
                choice = random.nextInt(k());
            } else if (word.size() + stack.size() >= target) {
                choice = k(); // forced close
            } else {
                choice = random.nextInt(k() + 1);
            }
            if (choice < k()) {
                stack.push(choice);
                word.add(pairs.get(choice).open());
            } else {
                word.add(pairs.get(stack.pop()).close());
            }
            if (stack.isEmpty()) {
                break;
            }
        }
        return Word.of(word);
    }

    @Override
    public PrefixState start() {
        return new State(0, 0, 0, null, false);
    }

    /** Open pairs innermost first. */
    private record Stack(Stack below, int pair, int depth) {
    }

    private final class State implements PrefixState {
        private final int length;
        private final int opens;
        private final int trailing;
        private final Stack stack;
        private final boolean impossible;

        State(int length, int opens, int trailing, Stack stack, boolean impossible) {
            this.length = length;
            this.opens = opens;
            this.trailing = trailing;
            this.stack = stack;
            this.impossible = impossible;
        }

        private boolean finished() {
            return length > 0 && stack == null;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double logProbability() {
            if (impossible) {
                return Double.NEGATIVE_INFINITY;
            }
            return length == 0 ? 0.0 : logPrefix(length, opens, trailing);
        }

        @Override
        public double logEndProbability() {
            return finished() && !impossible ? logProbability() : Double.NEGATIVE_INFINITY;
        }

        @Override
        public PrefixState extend(String symbol) {
            if (impossible || finished()) {
                return new State(length + 1, opens, trailing, stack, true);
            }
            for (int p = 0; p < pairs.size(); p++) {
                if (pairs.get(p).open().equals(symbol)) {
                    int depth = stack == null ? 1 : stack.depth() + 1;
                    return new State(length + 1, opens + 1, 0, new Stack(stack, p, depth), false);
                }
                if (pairs.get(p).close().equals(symbol)) {
                    boolean matches = stack != null && stack.pair() == p;
                    return new State(length + 1, opens, trailing + 1, matches ? stack.below() : stack, !matches);
                }
            }
            return new State(length + 1, opens, trailing, stack, true);
        }
    }

    /**
     * {@code paths[m][h]}: lattice paths of m steps from height 0 whose first step goes up and that
     * stay at height ≥ 1 afterwards, ending at height h. A word of semilength K with c trailing
     * closes is such a path of 2K-c-1 steps ending at c-1, then its last open.
     */
    private double[][] pathCounts() {
        double[][] paths = new double[maxLength + 1][maxLength + 2];
        paths[0][0] = 1;
        if (maxLength >= 1) {
            paths[1][1] = 1;
        }
        for (int m = 1; m < maxLength; m++) {
            for (int h = 1; h <= m; h++) {
                double count = paths[m][h];
                if (count > 0) {
                    paths[m + 1][h + 1] += count;
                    if (h > 1) {
                        paths[m + 1][h - 1] += count;
                    }
                }
            }
        }
        return paths;
    }

    private synchronized void analyse() {
        if (entropy != null) {
            return;
        }
        double[][] paths = pathCounts();
        double h = 0;
        double length = 0;
        for (int semilength = 1; semilength <= n; semilength++) {
            for (int c = 1; c <= semilength; c++) {
                double shapes = paths[2 * semilength - c - 1][c - 1];
                if (shapes == 0) {
                    continue;
                }
                double logCount = Math.log(shapes) + semilength * Math.log(k());
                double logP = logWord(semilength, c);
                double mass = Math.exp(logCount + logP);
                h -= mass * logP;
                length += mass * 2 * semilength;
            }
        }
        entropy = Estimate.exact(h);
        expectedLength = Estimate.exact(length);
    }

    @Override
    public Estimate entropy() {
        analyse();
        return entropy;
    }

    @Override
    public Estimate expectedLength() {
        analyse();
        return expectedLength;
    }

    @Override
    public int maxWordLength() {
        return 2 * n;
    }

    @Override
    public String describe() {
        return "dyck walk over " + String.join(" ", pairs.stream().map(p -> p.open() + " " + p.close()).toList())
                + ", l ~ uniform(1.." + n + "), length <= 2l";
    }
}
