package org.saturn.core.lang.mixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.saturn.core.lang.BruteForce;
import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.LanguageException;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.optimal.LossConvention;
import org.saturn.core.optimal.OptimalLoss;
import org.saturn.core.optimal.OptimalLossResult;
import org.saturn.core.prompts.InContextPrompts;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;

/**
 * The mixture generator against an independent enumeration of every (number of words, task chain,
 * words) outcome, summed per sequence: word and prefix probabilities, task posteriors, entropy,
 * expected length, the optimal loss under both conventions, and the ID/OOD split of in-context prompts.
 */
class MixtureGeneratorTest {

    private static final List<Double> WEIGHTS = List.of(2.0, 1.0);

    private static List<Language> tasks(String first, int firstMax, String second, int secondMax) {
        return List.of(BuiltinLanguages.create(first, firstMax), BuiltinLanguages.create(second, secondMax));
    }

    /** Per sequence: its probability, and the joint probability with the last word's task. */
    private record Truth(Map<Word, Double> words, Map<Word, double[]> lastTask) {
    }

    private static Truth enumerate(List<Language> tasks, List<Double> weights, int minWords, int maxWords, double repeat) {
        List<Map<Word, Double>> distributions = tasks.stream()
                .map(t -> BruteForce.distribution(t.name(), t.maxLength())).toList();
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        Truth truth = new Truth(new HashMap<>(), new HashMap<>());
        for (int words = minWords; words <= maxWords; words++) {
            double pWords = 1.0 / (maxWords - minWords + 1);
            for (int t = 0; t < tasks.size(); t++) {
                chain(tasks, distributions, weights, total, repeat, words, t, Word.EMPTY, pWords * weights.get(t) / total,
                        truth);
            }
        }
        return truth;
    }

    private static void chain(List<Language> tasks, List<Map<Word, Double>> distributions, List<Double> weights,
            double total, double repeat, int wordsLeft, int task, Word sofar, double p, Truth truth) {
        for (Map.Entry<Word, Double> w : distributions.get(task).entrySet()) {
            Word sequence = sofar.isEmpty() && wordsLeft > 0 && sofar == Word.EMPTY ? w.getKey()
                    : sofar.append("#").concat(w.getKey());
            double q = p * w.getValue();
            if (wordsLeft == 1) {
                truth.words().merge(sequence, q, Double::sum);
                // the joint of every prefix inside the last word with its task
                for (int cut = sequence.length() - w.getKey().length(); cut <= sequence.length(); cut++) {
                    truth.lastTask().computeIfAbsent(sequence.prefix(cut), x -> new double[tasks.size()])[task] += q;
                }
                continue;
            }
            for (int next = 0; next < tasks.size(); next++) {
                double move = next == task ? repeat : (1 - repeat) * weights.get(next) / (total - weights.get(task));
                if (move > 0) {
                    chain(tasks, distributions, weights, total, repeat, wordsLeft - 1, next, sequence, q * move, truth);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}+{2}, {4}..{5} words, repeat {6}")
    @CsvSource({ "anbn,6,bbaN,3,1,3,0.0", "anbn,4,baN,4,2,3,0.3", "baN,4,bbaN,4,1,3,0.0", "baN,3,bbaN,4,1,2,1.0" })
    void probabilitiesPosteriorsAndEntropyMatchEnumeration(String first, int firstMax, String second, int secondMax,
            int minWords, int maxWords, double repeat) {
        List<Language> tasks = tasks(first, firstMax, second, secondMax);
        MixtureGenerator generator = new MixtureGenerator(tasks, WEIGHTS, minWords, maxWords, "#", repeat);
        Truth truth = enumerate(tasks, WEIGHTS, minWords, maxWords, repeat);

        assertThat(truth.words().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-12));
        for (Map.Entry<Word, Double> e : truth.words().entrySet()) {
            assertThat(generator.wordProbability(e.getKey())).as("P(%s)", e.getKey())
                    .isCloseTo(e.getValue(), within(1e-12 + 1e-9 * e.getValue()));
        }
        Map<Word, Double> prefixes = BruteForce.prefixProbabilities(truth.words());
        Set<Word> probes = new HashSet<>(prefixes.keySet());
        probes.addAll(Word.allOfLength(List.of("a", "b", "#"), 4));
        for (Word prefix : probes) {
            double expected = prefixes.getOrDefault(prefix, 0.0);
            assertThat(generator.prefixProbability(prefix)).as("P(%s...)", prefix).isCloseTo(expected, within(1e-12));
            assertThat(generator.prefixProbability(prefix) > 0).as("possible(%s)", prefix).isEqualTo(expected > 0);
        }
        for (Map.Entry<Word, double[]> e : truth.lastTask().entrySet()) {
            double[] posterior = generator.posterior(e.getKey());
            double sum = e.getValue()[0] + e.getValue()[1];
            for (int t = 0; t < 2; t++) {
                assertThat(posterior[t]).as("P(task %d | %s)", t, e.getKey()).isCloseTo(e.getValue()[t] / sum,
                        within(1e-9));
            }
        }
        double entropy = BruteForce.entropy(truth.words());
        Estimate estimate = generator.entropy();
        if (estimate.exact()) {
            assertThat(estimate.value()).isCloseTo(entropy, within(1e-10));
        } else {
            assertThat(entropy).isBetween(estimate.low(), estimate.high());
        }
        assertThat(generator.expectedLength().exact()).isTrue();
        assertThat(generator.expectedLength().value()).isCloseTo(BruteForce.expectedLength(truth.words()), within(1e-10));

        Language language = Mixtures.language("Mix", generator, generator.maxWordLength());
        for (LossConvention convention : LossConvention.values()) {
            OptimalLossResult optimal = OptimalLoss.of(language, convention);
            double positions = convention == LossConvention.PAD ? language.maxLength() + 1
                    : BruteForce.expectedLength(truth.words()) + 1;
            if (optimal.exact()) {
                assertThat(optimal.optimalLoss()).isCloseTo(entropy / positions, within(1e-12));
            } else {
                assertThat(entropy / positions).isBetween(optimal.ci95()[0], optimal.ci95()[1]);
            }
        }
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            Word sample = generator.sample(random);
            assertThat(truth.words()).containsKey(sample);
            assertThat(language.isGrammatical(sample)).isTrue();
        }
    }

    @Test
    void disjointTasksGiveAnExactEntropyAndSharedWordsAMonteCarloOne() {
        assertThat(new MixtureGenerator(tasks("anbn", 6, "bbaN", 4), WEIGHTS, 1, 3, "#", 0).entropy().exact()).isTrue();
        assertThat(new MixtureGenerator(tasks("baN", 4, "bbaN", 4), WEIGHTS, 1, 3, "#", 0).entropy().exact()).isFalse();
    }

    @Test
    void theMixtureRuleJudgesEveryWordBetweenDelimiters() {
        MixtureGenerator generator = new MixtureGenerator(tasks("anbn", 6, "bbaN", 4), WEIGHTS, 1, 3, "#", 0);
        Language language = Mixtures.language("Mix", generator, generator.maxWordLength());
        assertThat(language.alphabet()).containsExactly("a", "b", "#");
        assertThat(language.isGrammatical(Word.parse("a b # b a a # a a b b"))).isTrue();
        assertThat(language.isGrammatical(Word.parse("a b # b a"))).isFalse();
        assertThat(language.violatedRules(Word.parse("b a # a"))).extracting(r -> r.name()).containsExactly("R1");
        assertThat(language.violatedRules(Word.parse("a b # a"))).isEmpty();
        assertThat(language.shortestCompletion(Word.parse("a b # b b a"), language.rule(0), true))
                .contains(Word.parse("a"));
        assertThat(language.shortestCompletion(Word.parse("a b # a a a"), language.rule(0), true))
                .contains(Word.parse("a")); // bbaN's rules (not its generator) accept a word without b
        assertThat(language.shortestCompletion(Word.parse("a b # b"), language.rule(0), false))
                .contains(Word.parse("a"));
    }

    @Test
    void inContextPromptsAreOodExactlyWhenTheirTasksCannotFollowEachOther() {
        MixtureGenerator never = new MixtureGenerator(tasks("anbn", 6, "bbaN", 4), WEIGHTS, 1, 3, "#", 0);
        Language language = Mixtures.language("Mix", never, InContextPrompts.sequenceLength(never, 3));
        assertThat(language.maxLength()).isEqualTo(4 * 7 - 1);
        PromptSet prompts = InContextPrompts.of(language, 0, 3, 10, 7);
        assertThat(prompts.prompts()).hasSize(40);
        for (Prompt prompt : prompts.prompts()) {
            int k = prompt.inContext().examples();
            assertThat(prompt.prefix().count("#")).isEqualTo(k);
            // k = 0 is SOS alone; one example then a switch is possible; two of one task in a row never
            assertThat(prompt.inDistribution()).as("%s", prompt.prefix()).isEqualTo(k <= 1);
            for (Word word : EverySegment.segments(prompt.prefix(), "#").subList(0, k)) {
                Language task = never.tasks().get(never.taskIndex(prompt.inContext().task()));
                assertThat(task.generator().wordProbability(word)).isPositive();
            }
        }
        assertThat(prompts.prompts().stream().map(p -> p.inContext().task()).distinct()).hasSize(2);
        MixtureGenerator often = new MixtureGenerator(tasks("anbn", 6, "bbaN", 4), WEIGHTS, 1, 4, "#", 0.1);
        Language sticky = Mixtures.language("Mix", often, InContextPrompts.sequenceLength(often, 3));
        assertThat(InContextPrompts.of(sticky, 0, 3, 10, 7).outOfDistribution()).isEmpty();
    }

    @Test
    void badMixturesAreRefusedWithAClearMessage() {
        List<Language> tasks = tasks("anbn", 6, "bbaN", 4);
        assertThatThrownBy(() -> new MixtureGenerator(tasks, WEIGHTS, 1, 3, "a", 0))
                .isInstanceOf(LanguageException.class).hasMessageContaining("delimiter 'a'");
        assertThatThrownBy(() -> new MixtureGenerator(tasks, WEIGHTS, 1, 3, "#", 1.5))
                .isInstanceOf(LanguageException.class).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new MixtureGenerator(tasks, List.of(1.0, 0.0), 1, 3, "#", 0))
                .isInstanceOf(LanguageException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> new MixtureGenerator(tasks.subList(0, 1), List.of(1.0), 1, 3, "#", 0))
                .isInstanceOf(LanguageException.class).hasMessageContaining("cannot switch");
    }
}
