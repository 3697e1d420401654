package org.saturn.core.lang.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

import org.saturn.core.lang.LanguageException;
import org.saturn.core.lang.Word;

/**
 * Words from a template: integer variables drawn in order (each distribution may use earlier
 * variables), then blocks {@code symbol^count} and shuffles (a uniformly random arrangement of a
 * multiset of symbols). Example: {@code a^n b^n, n ~ uniform(1..N)}; bα is
 * {@code b shuffle(a^(2m) b^(l-1-2m)), l ~ uniform(1..L), m ~ uniform(0..(l-1)/2)}.
 *
 * <p>Exactness: the variable assignments are enumerated. Prefix and word probabilities are always
 * exact (a posterior over assignments, updated symbol by symbol). The entropy is exact when
 * distinct assignments give disjoint word sets, which holds when their symbol-count vectors differ
 * ({@code H = H(assignment) + E[ln #arrangements]}) or, without shuffles, by merging equal words;
 * otherwise it is a Monte-Carlo estimate with a 95% interval.
 */
public final class TemplateGenerator implements Generator {

    /** Enumerating more assignments than this is refused. */
    public static final int MAX_ASSIGNMENTS = 2_000_000;

    /** A named integer variable and its distribution. */
    public record Variable(String name, IntDistribution distribution) {
    }

    /** A block of a template. */
    public sealed interface Block {
    }

    /** {@code symbol^count}. */
    public record Power(String symbol, IntExpr count) implements Block {
    }

    /** A uniformly random arrangement of the parts' symbols. */
    public record Shuffle(List<Power> parts) implements Block {
        public Shuffle {
            parts = List.copyOf(parts);
        }
    }

    /** A run of the word: a single repeated symbol, or a shuffle with per-symbol counts. */
    private record Segment(int start, int length, int symbol, int[] counts) {
        boolean shuffled() {
            return counts != null;
        }
    }

    private record Layout(int length, Segment[] segments, int[] starts, int[] symbolCounts) {
    }

    private final List<Variable> variables;
    private final List<Block> blocks;
    private final List<String> symbols;
    private final Map<String, Integer> symbolIndex = new HashMap<>();
    private final List<Layout> layouts = new ArrayList<>();
    private final List<Double> probabilities = new ArrayList<>();
    private final double[] cumulative;
    private final boolean hasShuffle;
    private final int maxWordLength;
    private Estimate entropy;

    public TemplateGenerator(List<Variable> variables, List<Block> blocks) {
        this.variables = List.copyOf(variables);
        this.blocks = List.copyOf(blocks);
        Set<String> seen = new LinkedHashSet<>();
        boolean shuffle = false;
        for (Block block : this.blocks) {
            if (block instanceof Power power) {
                seen.add(power.symbol());
            } else if (block instanceof Shuffle s) {
                shuffle = true;
                s.parts().forEach(p -> seen.add(p.symbol()));
            }
        }
        this.symbols = List.copyOf(seen);
        for (int i = 0; i < symbols.size(); i++) {
            symbolIndex.put(symbols.get(i), i);
        }
        this.hasShuffle = shuffle;
        enumerate(0, new LinkedHashMap<>(), 1.0);
        if (layouts.isEmpty()) {
            throw new LanguageException("generator " + describe() + " produces no word");
        }
        cumulative = new double[layouts.size()];
        double total = 0;
        int longest = 0;
        for (int a = 0; a < layouts.size(); a++) {
            total += probabilities.get(a);
            cumulative[a] = total;
            longest = Math.max(longest, layouts.get(a).length());
        }
        maxWordLength = longest;
    }

    private void enumerate(int index, Map<String, Integer> values, double probability) {
        if (index == variables.size()) {
            if (layouts.size() >= MAX_ASSIGNMENTS) {
                throw new LanguageException("generator " + describe() + " has more than " + MAX_ASSIGNMENTS
                        + " variable assignments; narrow the variables' ranges");
            }
            layouts.add(layout(values));
            probabilities.add(probability);
            return;
        }
        Variable variable = variables.get(index);
        for (IntDistribution.Weighted w : variable.distribution().support(values)) {
            values.put(variable.name(), w.value());
            enumerate(index + 1, values, probability * w.probability());
            values.remove(variable.name());
        }
    }

    private int count(IntExpr expr, Map<String, Integer> values) {
        int count = expr.evaluate(values);
        if (count < 0) {
            throw new LanguageException("generator " + describe() + ": " + expr.describe() + " is negative (" + count
                    + ") for " + values);
        }
        return count;
    }

    private Layout layout(Map<String, Integer> values) {
        List<Segment> segments = new ArrayList<>();
        int[] symbolCounts = new int[symbols.size()];
        int position = 0;
        for (Block block : blocks) {
            if (block instanceof Power power) {
                int n = count(power.count(), values);
                int symbol = symbolIndex.get(power.symbol());
                symbolCounts[symbol] += n;
                if (n > 0) {
                    segments.add(new Segment(position, n, symbol, null));
                    position += n;
                }
            } else if (block instanceof Shuffle shuffle) {
                int[] counts = new int[symbols.size()];
                for (Power part : shuffle.parts()) {
                    counts[symbolIndex.get(part.symbol())] += count(part.count(), values);
                }
                int n = Arrays.stream(counts).sum();
                for (int s = 0; s < counts.length; s++) {
                    symbolCounts[s] += counts[s];
                }
                if (n > 0) {
                    segments.add(new Segment(position, n, -1, counts));
                    position += n;
                }
            }
        }
        Segment[] array = segments.toArray(Segment[]::new);
        return new Layout(position, array, Arrays.stream(array).mapToInt(Segment::start).toArray(), symbolCounts);
    }

    @Override
    public Word sample(RandomGenerator random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int a = Arrays.binarySearch(cumulative, u);
        a = a >= 0 ? Math.min(a + 1, cumulative.length - 1) : -a - 1;
        Layout layout = layouts.get(Math.min(a, layouts.size() - 1));
        String[] word = new String[layout.length()];
        for (Segment segment : layout.segments()) {
            if (!segment.shuffled()) {
                Arrays.fill(word, segment.start(), segment.start() + segment.length(), symbols.get(segment.symbol()));
                continue;
            }
            int position = segment.start();
            for (int s = 0; s < segment.counts().length; s++) {
                for (int k = 0; k < segment.counts()[s]; k++) {
                    word[position++] = symbols.get(s);
                }
            }
            for (int i = segment.length() - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                String swap = word[segment.start() + i];
                word[segment.start() + i] = word[segment.start() + j];
                word[segment.start() + j] = swap;
            }
        }
        return Word.of(word);
    }

    @Override
    public synchronized Estimate entropy() {
        if (entropy == null) {
            entropy = computeEntropy();
        }
        return entropy;
    }

    private Estimate computeEntropy() {
        Set<List<Integer>> countVectors = new HashSet<>();
        boolean disjoint = true;
        for (Layout layout : layouts) {
            disjoint &= countVectors.add(Arrays.stream(layout.symbolCounts()).boxed().toList());
        }
        if (disjoint) {
            double h = 0;
            for (int a = 0; a < layouts.size(); a++) {
                double p = probabilities.get(a);
                if (p > 0) {
                    double arrangements = 0;
                    for (Segment segment : layouts.get(a).segments()) {
                        arrangements += segment.shuffled() ? LogFactorial.multinomial(segment.counts()) : 0;
                    }
                    h += p * (arrangements - Math.log(p));
                }
            }
            return Estimate.exact(h);
        }
        if (!hasShuffle) {
            Map<List<Integer>, Double> words = new HashMap<>(); // run-length code -> probability
            for (int a = 0; a < layouts.size(); a++) {
                words.merge(runLengthCode(layouts.get(a)), probabilities.get(a), Double::sum);
            }
            return Estimate.exact(words.values().stream().mapToDouble(p -> p > 0 ? -p * Math.log(p) : 0).sum());
        }
        return MonteCarlo.entropy(this, MonteCarlo.DEFAULT_SAMPLES, 1L);
    }

    private static List<Integer> runLengthCode(Layout layout) {
        List<Integer> code = new ArrayList<>();
        for (Segment segment : layout.segments()) {
            int n = code.size();
            if (n >= 2 && code.get(n - 2) == segment.symbol()) {
                code.set(n - 1, code.get(n - 1) + segment.length());
            } else {
                code.add(segment.symbol());
                code.add(segment.length());
            }
        }
        return code;
    }

    @Override
    public Estimate expectedLength() {
        double mean = 0;
        for (int a = 0; a < layouts.size(); a++) {
            mean += probabilities.get(a) * layouts.get(a).length();
        }
        return Estimate.exact(mean);
    }

    @Override
    public int maxWordLength() {
        return maxWordLength;
    }

    @Override
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (Block block : blocks) {
            text.append(text.length() == 0 ? "" : " ");
            if (block instanceof Power power) {
                text.append(power(power));
            } else if (block instanceof Shuffle shuffle) {
                text.append("shuffle(").append(String.join(" ", shuffle.parts().stream().map(TemplateGenerator::power).toList()))
                        .append(')');
            }
        }
        for (int i = 0; i < variables.size(); i++) {
            text.append(i == 0 ? ", " : "; ").append(variables.get(i).name()).append(" ~ ")
                    .append(variables.get(i).distribution().describe());
        }
        return text.toString();
    }

    private static String power(Power power) {
        String count = power.count().describe();
        return count.equals("1") ? power.symbol() : power.symbol() + "^" + count;
    }

    /** Number of variable assignments (the support of the template's parameters). */
    public int assignments() {
        return layouts.size();
    }

    @Override
    public PrefixState start() {
        int n = layouts.size();
        int[] alive = new int[n];
        double[] weights = new double[n];
        for (int a = 0; a < n; a++) {
            alive[a] = a;
            weights[a] = probabilities.get(a);
        }
        return new State(0, alive, weights, 0.0, new int[][] { new int[symbols.size()] });
    }

    /** The posterior over assignments given the prefix, and the prefix's symbol counts at each position. */
    private final class State implements PrefixState {
        private final int length;
        private final int[] alive;
        private final double[] weights; // normalised posterior over the alive assignments
        private final double logProbability;
        private final int[][] counts; // counts[p][s]: occurrences of symbol s in the first p symbols

        State(int length, int[] alive, double[] weights, double logProbability, int[][] counts) {
            this.length = length;
            this.alive = alive;
            this.weights = weights;
            this.logProbability = logProbability;
            this.counts = counts;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double logProbability() {
            return logProbability;
        }

        @Override
        public double logEndProbability() {
            double end = 0;
            for (int i = 0; i < alive.length; i++) {
                if (layouts.get(alive[i]).length() == length) {
                    end += weights[i];
                }
            }
            return logProbability + Math.log(end);
        }

        /** The segment of the layout that holds position {@link #length}, or null past the word's end. */
        private Segment segmentHere(Layout layout) {
            if (length >= layout.length()) {
                return null;
            }
            int k = Arrays.binarySearch(layout.starts(), length);
            return layout.segments()[k >= 0 ? k : -k - 2];
        }

        /** {@code p(symbol | prefix, assignment)} within a segment: certain for a power, remaining share in a shuffle. */
        private double conditional(Segment segment, int symbol) {
            if (segment == null) {
                return 0;
            }
            if (!segment.shuffled()) {
                return segment.symbol() == symbol ? 1 : 0;
            }
            int used = counts[length][symbol] - counts[segment.start()][symbol];
            return (double) (segment.counts()[symbol] - used) / (segment.start() + segment.length() - length);
        }

        @Override
        public PrefixState extend(String symbolName) {
            Integer symbol = symbolIndex.get(symbolName);
            if (symbol == null || !possible()) {
                return impossible(symbolName);
            }
            int[] nextAlive = new int[alive.length];
            double[] nextWeights = new double[alive.length];
            int n = 0;
            double total = 0;
            for (int i = 0; i < alive.length; i++) {
                double w = weights[i] * conditional(segmentHere(layouts.get(alive[i])), symbol);
                if (w > 0) {
                    nextAlive[n] = alive[i];
                    nextWeights[n++] = w;
                    total += w;
                }
            }
            if (n == 0) {
                return impossible(symbolName);
            }
            for (int i = 0; i < n; i++) {
                nextWeights[i] /= total;
            }
            int[][] nextCounts = Arrays.copyOf(counts, length + 2);
            nextCounts[length + 1] = counts[length].clone();
            nextCounts[length + 1][symbol]++;
            return new State(length + 1, Arrays.copyOf(nextAlive, n), Arrays.copyOf(nextWeights, n),
                    logProbability + Math.log(total), nextCounts);
        }

        private PrefixState impossible(String symbolName) {
            return new State(length + 1, new int[0], new double[0], Double.NEGATIVE_INFINITY, counts);
        }

        @Override
        public double[] next(List<String> alphabet) {
            double[] distribution = new double[alphabet.size() + 1];
            int[] toAlphabet = new int[symbols.size()];
            for (int s = 0; s < symbols.size(); s++) {
                toAlphabet[s] = alphabet.indexOf(symbols.get(s));
            }
            for (int i = 0; i < alive.length; i++) {
                Layout layout = layouts.get(alive[i]);
                if (layout.length() == length) {
                    distribution[alphabet.size()] += weights[i];
                    continue;
                }
                Segment segment = segmentHere(layout);
                for (int s = 0; s < symbols.size(); s++) {
                    double p = conditional(segment, s);
                    if (p > 0 && toAlphabet[s] >= 0) {
                        distribution[toAlphabet[s]] += weights[i] * p;
                    }
                }
            }
            return distribution;
        }
    }
}
