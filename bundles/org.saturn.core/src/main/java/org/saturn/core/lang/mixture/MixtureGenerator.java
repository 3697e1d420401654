package org.saturn.core.lang.mixture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.LanguageException;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.lang.gen.Generator;
import org.saturn.core.lang.gen.MonteCarlo;
import org.saturn.core.lang.gen.PrefixState;

/**
 * A mixture of languages (latent tasks): a training sequence is {@code L ~ uniform(minWords..maxWords)}
 * words joined by the delimiter. The first word's task is drawn by the weights; each following word
 * keeps the previous word's task with probability {@code repeat}, and otherwise switches to one of
 * the other tasks, drawn by their weights. {@code repeat} is the knob of case study 2: at 0 a
 * sequence never holds two words of one task in a row, so a k-shot prompt (k ≥ 1 words of one task,
 * then a query of it) has probability zero unless the tasks share words, and a model at the optimal
 * loss need not do in-context learning; at 1 every sequence is one task and the optimal model must.
 *
 * <p>Prefix probabilities are exact, by the forward algorithm over the word segments (the latent
 * task is a Markov chain, words are independent given their tasks): see {@link #posterior}.
 */
public final class MixtureGenerator implements Generator {

    /** Monte-Carlo samples of the entropy when tasks share words (the sequence's parse is then ambiguous). */
    static final int ENTROPY_SAMPLES = 4000;
    private static final long ENTROPY_SEED = 0x1C1L;
    /** Product-prefix nodes searched for a word two tasks share before giving up (then: assume shared). */
    private static final int DISJOINTNESS_LIMIT = 200_000;

    private final List<Language> tasks;
    private final double[] weights;
    private final double[][] logTransition;
    private final int minWords;
    private final int maxWords;
    private final String delimiter;
    private final double repeat;
    private Estimate entropy;

    /**
     * @param tasks    the task languages (each at its own max length: the longest word of a task)
     * @param weights  positive relative weights of the tasks
     * @param minWords at least one word per sequence
     * @param maxWords at least {@code minWords}
     * @param repeat   probability that a word keeps the previous word's task, in [0, 1]
     */
    public MixtureGenerator(List<Language> tasks, List<Double> weights, int minWords, int maxWords, String delimiter,
            double repeat) {
        this.tasks = List.copyOf(tasks);
        if (this.tasks.isEmpty()) {
            throw new LanguageException("a mixture needs at least one task");
        }
        if (weights.size() != this.tasks.size()) {
            throw new LanguageException("a mixture needs one weight per task");
        }
        if (minWords < 1 || maxWords < minWords) {
            throw new LanguageException("words per sequence must be a range of positive numbers, not " + minWords
                    + ".." + maxWords);
        }
        if (!(repeat >= 0 && repeat <= 1)) {
            throw new LanguageException("the probability that a task repeats must lie in [0, 1], not " + repeat);
        }
        if (this.tasks.size() == 1 && repeat < 1 && maxWords > 1) {
            throw new LanguageException("a mixture of one task cannot switch tasks: its task repeats with probability 1");
        }
        for (Language task : this.tasks) {
            if (task.vocabulary().contains(delimiter)) {
                throw new LanguageException("the delimiter '" + delimiter + "' is a symbol of task " + task.name()
                        + "; choose a symbol no task uses");
            }
        }
        double total = 0;
        this.weights = new double[this.tasks.size()];
        for (int t = 0; t < this.weights.length; t++) {
            double w = weights.get(t);
            if (!(w > 0) || Double.isInfinite(w)) {
                throw new LanguageException("the weight of task " + this.tasks.get(t).name() + " must be positive, not " + w);
            }
            this.weights[t] = w;
            total += w;
        }
        for (int t = 0; t < this.weights.length; t++) {
            this.weights[t] /= total;
        }
        this.minWords = minWords;
        this.maxWords = maxWords;
        this.delimiter = delimiter;
        this.repeat = repeat;
        this.logTransition = new double[this.tasks.size()][this.tasks.size()];
        for (int from = 0; from < this.weights.length; from++) {
            for (int to = 0; to < this.weights.length; to++) {
                logTransition[from][to] = Math.log(transition(from, to));
            }
        }
    }

    public List<Language> tasks() {
        return tasks;
    }

    /** The normalised weight of task {@code t}: the probability that a sequence starts with it. */
    public double weight(int t) {
        return weights[t];
    }

    public String delimiter() {
        return delimiter;
    }

    public int minWords() {
        return minWords;
    }

    public int maxWords() {
        return maxWords;
    }

    public double repeat() {
        return repeat;
    }

    /** The index of the task with this name, or -1. */
    public int taskIndex(String name) {
        for (int t = 0; t < tasks.size(); t++) {
            if (tasks.get(t).name().equals(name)) {
                return t;
            }
        }
        return -1;
    }

    /** {@code P(task of the next word = to | task of this word = from)}. */
    public double transition(int from, int to) {
        if (tasks.size() == 1) {
            return 1.0;
        }
        if (from == to) {
            return repeat;
        }
        return (1 - repeat) * weights[to] / (1 - weights[from]);
    }

    /** The longest word of any task. */
    public int maxTaskWordLength() {
        return tasks.stream().mapToInt(Language::maxLength).max().orElse(0);
    }

    @Override
    public Word sample(RandomGenerator random) {
        int words = minWords + random.nextInt(maxWords - minWords + 1);
        List<String> symbols = new ArrayList<>();
        int task = draw(weights, random);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                symbols.add(delimiter);
                double[] next = new double[tasks.size()];
                for (int to = 0; to < next.length; to++) {
                    next[to] = transition(task, to);
                }
                task = draw(next, random);
            }
            symbols.addAll(tasks.get(task).generator().sample(random).symbols());
        }
        return Word.of(symbols);
    }

    private static int draw(double[] probabilities, RandomGenerator random) {
        double u = random.nextDouble();
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            sum += probabilities[i];
            if (u < sum) {
                return i;
            }
        }
        for (int i = probabilities.length - 1; i >= 0; i--) {
            if (probabilities[i] > 0) {
                return i;
            }
        }
        throw new IllegalStateException("no positive probability");
    }

    @Override
    public MixtureState start() {
        double[] logBefore = new double[tasks.size()];
        PrefixState[] current = new PrefixState[tasks.size()];
        for (int t = 0; t < logBefore.length; t++) {
            logBefore[t] = Math.log(weights[t]);
            current[t] = tasks.get(t).generator().start();
        }
        return new MixtureState(0, 0, logBefore, current);
    }

    @Override
    public MixtureState stateAfter(Word prefix) {
        MixtureState state = start();
        for (int i = 0; i < prefix.length() && state.possible(); i++) {
            state = state.extend(prefix.symbol(i));
        }
        return state;
    }

    /**
     * The posterior over the latent task of the word the prefix ends in (the word after the last
     * delimiter, possibly still empty), given the whole prefix; all zeros for an impossible prefix.
     */
    public double[] posterior(Word prefix) {
        return stateAfter(prefix).taskPosterior();
    }

    /** {@code P(L = words | L ≥ words)}: that the sequence ends after its word number {@code words}. */
    private double endHazard(int words) {
        if (words < minWords) {
            return 0;
        }
        return words > maxWords ? 1 : 1.0 / (maxWords - words + 1);
    }

    /**
     * The exact knowledge after a prefix: {@code logBefore[t] = ln P(L > words, the completed words
     * are as given, the current word's task = t)} and each task's state within the current word.
     */
    public final class MixtureState implements PrefixState {
        private final int length;
        private final int words;
        private final double[] logBefore;
        private final PrefixState[] current;

        private MixtureState(int length, int words, double[] logBefore, PrefixState[] current) {
            this.length = length;
            this.words = words;
            this.logBefore = logBefore;
            this.current = current;
        }

        @Override
        public int length() {
            return length;
        }

        /** Completed words before the current one. */
        public int completedWords() {
            return words;
        }

        private double logJoint(int t) {
            return current[t] == null ? Double.NEGATIVE_INFINITY : logBefore[t] + current[t].logProbability();
        }

        @Override
        public double logProbability() {
            double[] terms = new double[logBefore.length];
            for (int t = 0; t < terms.length; t++) {
                terms[t] = logJoint(t);
            }
            return logSumExp(terms);
        }

        @Override
        public double logEndProbability() {
            double hazard = endHazard(words + 1);
            if (hazard == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            return logWordEnds() + Math.log(hazard);
        }

        /** {@code ln P(prefix, and the current word ends here)}, whatever follows. */
        private double logWordEnds() {
            double[] terms = new double[logBefore.length];
            for (int t = 0; t < terms.length; t++) {
                terms[t] = current[t] == null ? Double.NEGATIVE_INFINITY : logBefore[t] + current[t].logEndProbability();
            }
            return logSumExp(terms);
        }

        @Override
        public MixtureState extend(String symbol) {
            int n = logBefore.length;
            if (symbol.equals(delimiter)) {
                double go = 1 - endHazard(words + 1);
                double[] next = new double[n];
                PrefixState[] fresh = new PrefixState[n];
                for (int to = 0; to < n; to++) {
                    double[] terms = new double[n];
                    for (int from = 0; from < n; from++) {
                        terms[from] = current[from] == null ? Double.NEGATIVE_INFINITY
                                : logBefore[from] + current[from].logEndProbability() + logTransition[from][to];
                    }
                    next[to] = go > 0 ? logSumExp(terms) + Math.log(go) : Double.NEGATIVE_INFINITY;
                    fresh[to] = tasks.get(to).generator().start();
                }
                return new MixtureState(length + 1, words + 1, next, fresh);
            }
            PrefixState[] next = new PrefixState[n];
            for (int t = 0; t < n; t++) {
                if (current[t] != null && current[t].possible() && tasks.get(t).vocabulary().contains(symbol)) {
                    next[t] = current[t].extend(symbol);
                }
            }
            return new MixtureState(length + 1, words, logBefore, next);
        }

        /** {@code P(task of the current word = t | prefix)} for every task. */
        public double[] taskPosterior() {
            double total = logProbability();
            double[] posterior = new double[logBefore.length];
            if (total == Double.NEGATIVE_INFINITY) {
                return posterior;
            }
            for (int t = 0; t < posterior.length; t++) {
                posterior[t] = Math.exp(logJoint(t) - total);
            }
            return posterior;
        }
    }

    private static double logSumExp(double[] terms) {
        double max = Arrays.stream(terms).max().orElse(Double.NEGATIVE_INFINITY);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double term : terms) {
            sum += Math.exp(term - max);
        }
        return max + Math.log(sum);
    }

    /**
     * Exact when no two tasks share a word (a sequence then has one parse into words and tasks):
     * {@code H = H(L) + E[H(task chain)] + E[Σ H(word | task)]}; otherwise Monte-Carlo from exact
     * sequence probabilities.
     */
    @Override
    public synchronized Estimate entropy() {
        if (entropy == null) {
            entropy = sharedWordBetweenTasks() || !tasks.stream().allMatch(t -> t.generator().entropy().exact())
                    ? MonteCarlo.entropy(this, ENTROPY_SAMPLES, ENTROPY_SEED)
                    : Estimate.exact(exactEntropy());
        }
        return entropy;
    }

    private double exactEntropy() {
        int n = tasks.size();
        double[] wordEntropy = new double[n];
        double[] transitionEntropy = new double[n];
        for (int t = 0; t < n; t++) {
            wordEntropy[t] = tasks.get(t).generator().entropy().value();
            for (int to = 0; to < n; to++) {
                double p = transition(t, to);
                transitionEntropy[t] -= p > 0 ? p * Math.log(p) : 0;
            }
        }
        double count = maxWords - minWords + 1;
        double total = Math.log(count); // H(L)
        for (int words = minWords; words <= maxWords; words++) {
            double[] marginal = weights.clone();
            double given = 0;
            for (int t = 0; t < n; t++) {
                given -= weights[t] > 0 ? weights[t] * Math.log(weights[t]) : 0;
            }
            for (int i = 0; i < words; i++) {
                if (i > 0) {
                    double[] next = new double[n];
                    for (int from = 0; from < n; from++) {
                        given += marginal[from] * transitionEntropy[from];
                        for (int to = 0; to < n; to++) {
                            next[to] += marginal[from] * transition(from, to);
                        }
                    }
                    marginal = next;
                }
                for (int t = 0; t < n; t++) {
                    given += marginal[t] * wordEntropy[t];
                }
            }
            total += given / count;
        }
        return total;
    }

    /** Expected sequence length: words, by their task marginals, plus the delimiters. Exact when every task's is. */
    @Override
    public Estimate expectedLength() {
        int n = tasks.size();
        double count = maxWords - minWords + 1;
        double total = 0;
        boolean exact = true;
        double[] length = new double[n];
        for (int t = 0; t < n; t++) {
            Estimate e = tasks.get(t).generator().expectedLength();
            exact &= e.exact();
            length[t] = e.value();
        }
        if (!exact) {
            return MonteCarlo.expectedLength(this, MonteCarlo.DEFAULT_SAMPLES, ENTROPY_SEED);
        }
        for (int words = minWords; words <= maxWords; words++) {
            double[] marginal = weights.clone();
            double sum = words - 1;
            for (int i = 0; i < words; i++) {
                if (i > 0) {
                    double[] next = new double[n];
                    for (int from = 0; from < n; from++) {
                        for (int to = 0; to < n; to++) {
                            next[to] += marginal[from] * transition(from, to);
                        }
                    }
                    marginal = next;
                }
                for (int t = 0; t < n; t++) {
                    sum += marginal[t] * length[t];
                }
            }
            total += sum / count;
        }
        return Estimate.exact(total);
    }

    /** Whether some word has positive probability under two tasks (searched over common prefixes). */
    boolean sharedWordBetweenTasks() {
        for (int s = 0; s < tasks.size(); s++) {
            for (int t = s + 1; t < tasks.size(); t++) {
                int[] budget = { DISJOINTNESS_LIMIT };
                if (shareAWord(tasks.get(s), tasks.get(t), tasks.get(s).generator().start(),
                        tasks.get(t).generator().start(), budget)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean shareAWord(Language a, Language b, PrefixState x, PrefixState y, int[] budget) {
        if (--budget[0] < 0) {
            return true; // too large to decide: treat as shared (Monte-Carlo is always sound)
        }
        if (x.logEndProbability() > Double.NEGATIVE_INFINITY && y.logEndProbability() > Double.NEGATIVE_INFINITY) {
            return true;
        }
        if (x.length() >= Math.min(a.maxLength(), b.maxLength())) {
            return false;
        }
        for (String symbol : a.alphabet()) {
            if (!b.vocabulary().contains(symbol)) {
                continue;
            }
            PrefixState nx = x.extend(symbol);
            PrefixState ny = y.extend(symbol);
            if (nx.possible() && ny.possible() && shareAWord(a, b, nx, ny, budget)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int maxWordLength() {
        return maxWords * (maxTaskWordLength() + 1) - 1;
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            parts.add(String.format(Locale.ROOT, "%s %.3g", tasks.get(t).name(), weights[t]));
        }
        return "mixture of " + String.join(", ", parts) + "; " + minWords + ".." + maxWords + " words separated by "
                + delimiter + ", a task repeats with probability " + repeat;
    }
}
