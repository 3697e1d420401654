package org.saturn.core.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.saturn.core.lang.gen.ContextFreeGenerator;
import org.saturn.core.lang.gen.ContextFreeGenerator.Alternative;
import org.saturn.core.lang.gen.ContextFreeGenerator.Production;
import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.lang.gen.PrefixState;
import org.saturn.core.lang.rules.Conditions;
import org.saturn.core.optimal.LossConvention;
import org.saturn.core.optimal.OodPolicy;
import org.saturn.core.optimal.OptimalLoss;
import org.saturn.core.optimal.OracleModel;
import org.saturn.core.prompts.PromptSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Weighted context-free productions against brute-force enumeration of their leftmost derivations. */
class ContextFreeGeneratorTest {

    /** {@code "S -> a S b : 3 | a b : 1"}: one production per line, weight after a colon (default 1). */
    static List<Production> grammar(String... lines) {
        List<Production> productions = new ArrayList<>();
        for (String line : lines) {
            String[] sides = line.split("->");
            List<Alternative> alternatives = new ArrayList<>();
            for (String alternative : sides[1].split("\\|")) {
                String[] parts = alternative.split(":");
                Word items = Word.parse(parts[0].replace("empty", ""));
                alternatives.add(new Alternative(items.symbols(), parts.length > 1 ? Double.parseDouble(parts[1].strip()) : 1));
            }
            productions.add(new Production(sides[0].strip(), alternatives));
        }
        return productions;
    }

    /** Brute-force word probabilities and a bound on their error from derivations cut off as too improbable. */
    record Truth(Map<Word, Double> words, double error) {
    }

    /**
     * Word probabilities by expanding every leftmost derivation (dropping those whose terminals
     * exceed the bound, and those below {@code cutoff} when empty or unit cycles make them
     * infinite), conditioned on the bound by normalising what is left.
     */
    static Truth bruteForce(List<Production> productions, String start, int bound, double cutoff) {
        Map<String, List<Alternative>> rules = new HashMap<>();
        Map<String, Double> totals = new HashMap<>();
        boolean nullable = false;
        for (Production p : productions) {
            rules.put(p.nonterminal(), p.alternatives());
            totals.put(p.nonterminal(), p.alternatives().stream().mapToDouble(Alternative::weight).sum());
            nullable |= p.alternatives().stream().anyMatch(a -> a.items().isEmpty());
        }
        Map<Word, Double> words = new HashMap<>();
        double[] cut = new double[1];
        expand(rules, totals, List.of(start), Word.EMPTY, 1.0, bound, cutoff, nullable, words, cut);
        double z = words.values().stream().mapToDouble(Double::doubleValue).sum();
        words.replaceAll((w, p) -> p / z);
        return new Truth(words, 3 * cut[0] / z + 1e-13);
    }

    private static void expand(Map<String, List<Alternative>> rules, Map<String, Double> totals, List<String> form,
            Word done, double probability, int bound, double cutoff, boolean nullable, Map<Word, Double> into,
            double[] cut) {
        int index = 0;
        Word terminals = done;
        while (index < form.size() && !rules.containsKey(form.get(index))) {
            terminals = terminals.append(form.get(index++));
        }
        long pendingTerminals = form.stream().filter(s -> !rules.containsKey(s)).count();
        // without empty alternatives every pending item yields at least one symbol
        if (done.length() + (nullable ? pendingTerminals : form.size()) > bound) {
            return;
        }
        if (index == form.size()) {
            into.merge(terminals, probability, Double::sum);
            return;
        }
        if (probability < cutoff) {
            cut[0] += probability;
            return;
        }
        String nonterminal = form.get(index);
        for (Alternative alternative : rules.get(nonterminal)) {
            List<String> next = new ArrayList<>(alternative.items());
            next.addAll(form.subList(index + 1, form.size()));
            expand(rules, totals, next, terminals, probability * alternative.weight() / totals.get(nonterminal), bound,
                    cutoff, nullable, into, cut);
        }
    }

    record Case(String name, List<Production> productions, int bound, double cutoff) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("palindromes", grammar("S -> a S a : 2 | b S b : 1 | a | b : 3 | empty : 2"), 7, 0),
                new Case("ambiguous S S", grammar("S -> S S : 1 | a : 2 | b : 1"), 6, 0),
                new Case("units and empties", grammar("S -> A B : 2 | B", "A -> a A | empty : 2 | C", "B -> b | A b a",
                        "C -> c | A"), 6, 1e-13),
                new Case("bracket language", grammar("S -> ( S ) S | [ S ] S | empty : 2"), 8, 0));
    }

    static Stream<Arguments> casesWithConventions() {
        return cases().flatMap(c -> Stream.of(LossConvention.values()).map(l -> Arguments.of(c, l)));
    }

    private static ContextFreeGenerator generator(Case c) {
        return new ContextFreeGenerator("S", c.productions(), c.bound());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void wordAndPrefixProbabilitiesEntropyAndLengthMatchBruteForce(Case c) {
        ContextFreeGenerator generator = generator(c);
        Truth brute = bruteForce(c.productions(), "S", c.bound(), c.cutoff());
        Map<Word, Double> truth = brute.words();
        double tolerance = brute.error();
        assertThat(tolerance).isLessThan(1e-6);

        for (Map.Entry<Word, Double> e : truth.entrySet()) {
            assertThat(generator.wordProbability(e.getKey())).as("P(%s)", e.getKey()).isCloseTo(e.getValue(),
                    within(tolerance));
            assertThat(Math.exp(generator.stateAfter(e.getKey()).logEndProbability())).as("end of %s", e.getKey())
                    .isCloseTo(e.getValue(), within(tolerance));
        }
        assertThat(generator.entropy().exact()).isTrue();
        assertThat(generator.entropy().value()).isCloseTo(BruteForce.entropy(truth), within(100 * tolerance));
        assertThat(generator.expectedLength().value()).isCloseTo(BruteForce.expectedLength(truth), within(100 * tolerance));
        assertThat(generator.maxWordLength()).isEqualTo(truth.keySet().stream().mapToInt(Word::length).max().orElseThrow());

        Map<Word, Double> truePrefixes = BruteForce.prefixProbabilities(truth);
        Set<Word> prefixes = new HashSet<>(truePrefixes.keySet());
        List<String> symbols = generator.terminals();
        for (int k = 0; k <= 3; k++) {
            prefixes.addAll(Word.allOfLength(symbols, k)); // many impossible
        }
        for (Word prefix : prefixes) {
            double expected = truePrefixes.getOrDefault(prefix, 0.0);
            assertThat(generator.prefixProbability(prefix)).as("P(%s...)", prefix).isCloseTo(expected, within(tolerance));
            assertThat(generator.prefixProbability(prefix) > 0).as("possible(%s)", prefix)
                    .isEqualTo(expected > 0 || c.cutoff() > 0 && generator.prefixProbability(prefix) > 0);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesWithConventions")
    void theOracleScoresExactlyTheOptimalLossOnTheEnumeratedSupport(Case c, LossConvention convention) {
        ContextFreeGenerator generator = generator(c);
        Language language = new Language(c.name(), generator.terminals(), List.of(anything()), generator, c.bound());
        Truth brute = bruteForce(c.productions(), "S", c.bound(), c.cutoff());
        Map<Word, Double> support = brute.words();
        OracleModel oracle = new OracleModel(language, OodPolicy.satisfyR1());
        double expectedLoss = support.entrySet().stream().mapToDouble(e -> e.getValue() * oracle.wordLoss(e.getKey())).sum();
        double targets = convention == LossConvention.PAD ? c.bound() + 1
                : support.entrySet().stream().mapToDouble(e -> e.getValue() * (e.getKey().length() + 1)).sum();
        assertThat(expectedLoss / targets).isCloseTo(OptimalLoss.of(language, convention).optimalLoss(),
                within(100 * brute.error()));
        assertThat(OptimalLoss.of(language, convention).exact()).isTrue();
        assertThat(BruteForce.entropy(support) / targets).isCloseTo(OptimalLoss.of(language, convention).optimalLoss(),
                within(100 * brute.error()));
    }

    private static Rule anything() {
        return new Rule("R1", "any word", org.saturn.core.lang.rules.Pattern.of(
                new org.saturn.core.lang.rules.Pattern.Repeat(new org.saturn.core.lang.rules.Pattern.AnySymbol(), false, false),
                "any*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void promptsAreInDistributionExactlyWhenSomeDerivableWordStartsWithThem(Case c) {
        ContextFreeGenerator generator = generator(c);
        Language language = new Language(c.name(), generator.terminals(), List.of(anything()), generator, c.bound());
        Map<Word, Double> prefixes = BruteForce.prefixProbabilities(bruteForce(c.productions(), "S", c.bound(), c.cutoff()).words());
        for (int length = 1; length <= 3; length++) {
            int k = length;
            PromptSet prompts = PromptSet.exhaustive(language, length);
            long expected = prefixes.keySet().stream().filter(p -> p.length() == k).count();
            assertThat(prompts.inDistribution()).as("length %d", length).hasSize((int) expected);
            assertThat(prompts.prompts()).hasSize((int) Math.pow(generator.terminals().size(), length));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void samplingFrequenciesPassAChiSquareTest(Case c) {
        ContextFreeGenerator generator = generator(c);
        Map<Word, Double> truth = bruteForce(c.productions(), "S", c.bound(), c.cutoff()).words();
        int draws = 30_000;
        Map<Word, Integer> counts = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < draws; i++) {
            counts.merge(generator.sample(random), 1, Integer::sum);
        }
        assertThat(truth.keySet()).containsAll(counts.keySet());
        // pool the rare words so that every cell expects at least 5 draws
        double chiSquare = 0;
        int cells = 0;
        double pooledExpected = 0;
        double pooledObserved = 0;
        for (Map.Entry<Word, Double> e : truth.entrySet()) {
            double expected = draws * e.getValue();
            double observed = counts.getOrDefault(e.getKey(), 0);
            if (expected < 5) {
                pooledExpected += expected;
                pooledObserved += observed;
                continue;
            }
            chiSquare += (observed - expected) * (observed - expected) / expected;
            cells++;
        }
        if (pooledExpected > 0) {
            chiSquare += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
            cells++;
        }
        int degrees = cells - 1;
        assertThat(degrees).isPositive();
        assertThat(chiSquare).as("chi-square with %d degrees of freedom", degrees)
                .isLessThan(degrees + 3.72 * Math.sqrt(2.0 * degrees) + 10);
    }

    /**
     * S -> S S (1/4) | a (1/4) | empty (1/2) has infinitely many derivations of every word. Its
     * generating function f(z) = Σ P(S derives a^k) z^k solves f = f²/4 + z/4 + 1/2, so
     * f(z) = 2 - √2 · √(1 - z/2), whose coefficients are f_0 = 2 - √2 and
     * f_k = -√2 · C(1/2, k) · (-1/2)^k.
     */
    @Test
    void anEmptyCycleMatchesItsGeneratingFunction() {
        int bound = 6;
        ContextFreeGenerator generator = new ContextFreeGenerator("S", grammar("S -> S S : 1 | a : 1 | empty : 2"), bound);
        double[] f = new double[bound + 1];
        double binomial = 1; // C(1/2, k)
        for (int k = 0; k <= bound; k++) {
            f[k] = k == 0 ? 2 - Math.sqrt(2) : -Math.sqrt(2) * binomial * Math.pow(-0.5, k);
            binomial *= (0.5 - k) / (k + 1);
        }
        double z = Arrays.stream(f).sum();
        double entropy = 0;
        for (int k = 0; k <= bound; k++) {
            double p = f[k] / z;
            entropy -= p * Math.log(p);
            assertThat(generator.wordProbability(Word.repeat("a", k))).as("P(a^%d)", k).isCloseTo(p, within(1e-14));
            double atLeast = 0;
            for (int j = k; j <= bound; j++) {
                atLeast += f[j] / z;
            }
            assertThat(generator.prefixProbability(Word.repeat("a", k))).as("P(a^%d...)", k).isCloseTo(atLeast,
                    within(1e-14));
        }
        assertThat(generator.entropy().exact()).isTrue();
        assertThat(generator.entropy().value()).isCloseTo(entropy, within(1e-13));
        Map<Word, Integer> counts = new HashMap<>();
        SplittableRandom random = new SplittableRandom(8);
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(generator.sample(random), 1, Integer::sum);
        }
        double chiSquare = 0;
        for (int k = 0; k <= bound; k++) {
            double expected = draws * f[k] / z;
            double observed = counts.getOrDefault(Word.repeat("a", k), 0);
            chiSquare += (observed - expected) * (observed - expected) / expected;
        }
        assertThat(chiSquare).isLessThan(35); // 6 degrees of freedom: p < 1e-5
    }

    // ------------------------------------------------------------------------------- aⁿbⁿ

    /** S -> a S b (p) | a b (1 - p): n is geometric, P(n) = (1 - p) p^(n-1), conditioned on n <= N. */
    private static double geometric(double p, int n, int big) {
        return (1 - p) * Math.pow(p, n - 1) / (1 - Math.pow(p, big));
    }

    @Test
    void anbnWithGeometricLengthsMatchesTheClosedFormAtPaperSize() {
        double p = 0.75;
        int maxLength = 256;
        int big = maxLength / 2;
        ContextFreeGenerator generator = new ContextFreeGenerator("S", grammar("S -> a S b : 3 | a b : 1"), maxLength);
        Language language = new Language("anbnGeometric", List.of("a", "b"),
                List.of(new Rule("R1", "#a = #b", Conditions.equalCounts("a", "b")),
                        new Rule("R2", "a's before b's", Conditions.pattern("a* b*"))),
                generator, maxLength);

        double entropy = 0;
        double length = 0;
        for (int n = 1; n <= big; n++) {
            double pn = geometric(p, n, big);
            entropy -= pn * Math.log(pn);
            length += 2 * n * pn;
        }
        assertThat(generator.maxWordLength()).isEqualTo(256);
        assertThat(generator.entropy().exact()).isTrue();
        assertThat(generator.entropy().value()).isCloseTo(entropy, within(1e-12));
        assertThat(generator.expectedLength().value()).isCloseTo(length, within(1e-10));
        assertThat(OptimalLoss.of(language, LossConvention.PAD).optimalLoss()).isCloseTo(entropy / 257, within(1e-14));
        assertThat(OptimalLoss.of(language, LossConvention.NOPAD).optimalLoss()).isCloseTo(entropy / (length + 1),
                within(1e-14));
        for (int n : new int[] { 1, 2, 5, 40, 128 }) {
            Word word = Word.repeat("a", n).concat(Word.repeat("b", n));
            assertThat(generator.wordProbability(word)).isCloseTo(geometric(p, n, big), within(1e-15));
            // P(a^n ...) = P(N >= n); after a^n b every symbol is forced
            double atLeast = 0;
            for (int m = n; m <= big; m++) {
                atLeast += geometric(p, m, big);
            }
            assertThat(generator.prefixProbability(Word.repeat("a", n))).isCloseTo(atLeast, within(1e-13));
            assertThat(generator.prefixProbability(Word.repeat("a", n).append("b"))).isCloseTo(geometric(p, n, big),
                    within(1e-15));
        }
        assertThat(generator.prefixProbability(Word.parse("a b a"))).isZero();
        assertThat(generator.prefixProbability(Word.repeat("a", 129))).isZero();
        // after a^3 the oracle continues with a with probability P(N > 3 | N >= 3) = p (up to the bound)
        double[] next = generator.nextTokenDistribution(Word.parse("a a a"), language.alphabet());
        assertThat(next[0]).isCloseTo(p * (1 - Math.pow(p, big - 3)) / (1 - Math.pow(p, big - 2)), within(1e-14));
        assertThat(next[1] + next[0]).isCloseTo(1, within(1e-14));
        assertThat(generator.nextTokenDistribution(Word.parse("a a b"), language.alphabet())).containsExactly(0, 1, 0);

        // the witness runs on it like on a built-in: both oracles score the same loss
        OracleModel oracle = new OracleModel(language, OodPolicy.satisfyR1());
        List<Word> sample = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 20; i++) {
            Word word = generator.sample(random);
            assertThat(language.isGrammatical(word)).isTrue();
            sample.add(word);
            assertThat(oracle.wordLoss(word)).isCloseTo(-Math.log(generator.wordProbability(word)), within(1e-9));
        }
    }

    @Test
    void sampledDyckWordsAreGrammaticalAndEveryPrefixIsPossible() {
        ContextFreeGenerator generator = new ContextFreeGenerator("S",
                grammar("S -> ( S ) S | [ S ] S | empty : 3"), 40);
        Language dyck = new Language("dyckGrammar", List.of("(", ")", "[", "]"),
                List.of(new Rule("R1", "[ ] matched", Conditions.matched("[", "]")),
                        new Rule("R2", "( ) matched", Conditions.matched("(", ")"))),
                generator, 40);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100; i++) {
            Word word = generator.sample(random);
            assertThat(dyck.isGrammatical(word)).as("%s", word).isTrue();
            assertThat(word.length()).isLessThanOrEqualTo(40);
            PrefixState state = generator.start();
            for (int k = 0; k < word.length(); k++) {
                double[] next = state.next(dyck.alphabet());
                assertThat(Arrays.stream(next).sum()).isCloseTo(1, within(1e-9));
                state = state.extend(word.symbol(k));
                assertThat(state.possible()).isTrue();
            }
            assertThat(state.logEndProbability()).isCloseTo(Math.log(generator.wordProbability(word)), within(1e-9));
        }
    }

    @Test
    void tooManyWordsGiveAMonteCarloEntropyWhoseIntervalHoldsTheTruth() {
        // palindromes over three symbols, uniform given the length: H = H(length) + E[ln #palindromes of that length]
        ContextFreeGenerator generator = new ContextFreeGenerator("S",
                grammar("S -> a S a | b S b | c S c | a : 0.5 | b : 0.5 | c : 0.5 | empty : 1.5"), 40);
        double[] lengths = generator.lengthDistribution();
        double truth = 0;
        for (int n = 0; n < lengths.length; n++) {
            if (lengths[n] > 0) {
                truth += lengths[n] * (-Math.log(lengths[n]) + ((n + 1) / 2) * Math.log(3));
            }
        }
        Estimate entropy = generator.entropy();
        assertThat(entropy.exact()).isFalse();
        assertThat(entropy.high() - entropy.low()).isLessThan(0.5);
        assertThat(truth).isBetween(entropy.low() - (entropy.high() - entropy.low()),
                entropy.high() + (entropy.high() - entropy.low()));
        assertThat(generator.expectedLength().exact()).isTrue();
        // pairs: weight 3 of 6; stopping with a symbol: 1.5 of 6, stopping empty: 1.5 of 6
        assertThat(lengths[0]).isCloseTo((1.5 / 6) / totalMass(lengths.length - 1), within(1e-12));
    }

    /** P(length <= bound) of the palindrome grammar above: each pair step has probability 1/2, each way to stop 1/4. */
    private static double totalMass(int bound) {
        double mass = 0;
        for (int pairs = 0; 2 * pairs <= bound; pairs++) {
            mass += Math.pow(0.5, pairs) * (1.5 / 6);
            if (2 * pairs + 1 <= bound) {
                mass += Math.pow(0.5, pairs) * (1.5 / 6);
            }
        }
        return mass;
    }

    // ------------------------------------------------------------------------- bad grammars

    @Test
    void grammarsWithoutAWellDefinedDistributionAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> new ContextFreeGenerator("S", grammar("S -> a a a S | a a a"), 2))
                .isInstanceOf(LanguageException.class)
                .hasMessage("the grammar derives no word of at most 2 symbols from S");
        assertThatThrownBy(() -> new ContextFreeGenerator("S", grammar("S -> a X", "X -> X X | empty"), 8))
                .isInstanceOf(LanguageException.class).hasMessageContaining("rewrites to itself with probability 1");
        assertThatThrownBy(() -> new ContextFreeGenerator("T", grammar("S -> a"), 8))
                .isInstanceOf(LanguageException.class).hasMessage("the grammar has no production for its start symbol T");
        assertThatThrownBy(() -> new ContextFreeGenerator("S", grammar("S -> a : 0 | b"), 8))
                .isInstanceOf(LanguageException.class)
                .hasMessage("alternative 'a' of S has weight 0.0; weights must be positive numbers");
        assertThatThrownBy(() -> new ContextFreeGenerator("S", grammar("S -> a", "S -> b"), 8))
                .isInstanceOf(LanguageException.class).hasMessageContaining("S has two productions");
        // a generator longer than the language's max length is refused by the language
        ContextFreeGenerator long8 = new ContextFreeGenerator("S", grammar("S -> a S | a"), 8);
        assertThatThrownBy(() -> new Language("x", List.of("a"), List.of(anything()), long8, 6))
                .isInstanceOf(LanguageException.class).hasMessageContaining("produces words of up to 8 symbols");
    }

    @Test
    void unproductiveCyclesAndUnitChainsThatLoseProbabilityAreFine() {
        // X -> X never ends: derivations through it are lost, and S -> X is simply never completed
        ContextFreeGenerator generator = new ContextFreeGenerator("S", grammar("S -> X | A", "X -> X", "A -> S : 1 | a : 1"),
                4);
        assertThat(generator.wordProbability(Word.of("a"))).isCloseTo(1, within(1e-15));
        assertThat(generator.entropy().value()).isCloseTo(0, within(1e-15));
        assertThat(generator.sample(new SplittableRandom(1))).isEqualTo(Word.of("a"));
    }

    // ------------------------------------------------------------------ random small grammars

    @Property(tries = 60)
    void randomGrammarsAreConsistentDistributions(@ForAll("grammars") List<Production> productions) {
        ContextFreeGenerator generator;
        try {
            generator = new ContextFreeGenerator("S", productions, 5);
        } catch (LanguageException e) {
            return; // no word within the bound, or a cycle that keeps its probability
        }
        Map<Word, Double> words = new HashMap<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 30; i++) {
            Word word = generator.sample(random);
            assertThat(generator.wordProbability(word)).as("%s", word).isPositive();
            words.put(word, generator.wordProbability(word));
        }
        // the probability of a prefix is that of ending there plus that of every continuation
        List<String> symbols = generator.terminals();
        for (Word word : words.keySet()) {
            for (int k = 0; k <= word.length(); k++) {
                PrefixState state = generator.stateAfter(word.prefix(k));
                double[] next = state.next(symbols);
                assertThat(Arrays.stream(next).sum()).as("%s", word.prefix(k)).isCloseTo(1, within(1e-9));
            }
        }
        double total = generator.support().orElseThrow().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(total).isCloseTo(1, within(1e-9));
    }

    @Provide
    Arbitrary<List<Production>> grammars() {
        Arbitrary<String> item = Arbitraries.of("a", "b", "S", "A");
        Arbitrary<Alternative> alternative = net.jqwik.api.Combinators.combine(item.list().ofMaxSize(3),
                Arbitraries.integers().between(1, 4)).as((items, w) -> new Alternative(items, w));
        Arbitrary<List<Alternative>> alternatives = alternative.list().ofMinSize(1).ofMaxSize(3);
        return net.jqwik.api.Combinators.combine(alternatives, alternatives)
                .as((s, a) -> List.of(new Production("S", s), new Production("A", a)));
    }
}
