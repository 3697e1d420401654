package org.saturn.core.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.saturn.core.lang.gen.Generator;

/** Every built-in generator against an independent brute-force enumeration of its word distribution. */
class GeneratorExactnessTest {

    static Stream<Arguments> languagesAndSmallMaxLengths() {
        return BuiltinLanguages.names().stream().flatMap(name -> Stream.of(8, 10).map(l -> Arguments.of(name, l)));
    }

    @ParameterizedTest(name = "{0} at max length {1}")
    @MethodSource("languagesAndSmallMaxLengths")
    void entropyWordAndPrefixProbabilitiesMatchBruteForce(String name, int maxLength) {
        Language language = BuiltinLanguages.create(name, maxLength);
        Generator generator = language.generator();
        Map<Word, Double> truth = BruteForce.distribution(name, maxLength);

        assertThat(truth.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(generator.entropy().exact()).isTrue();
        assertThat(generator.entropy().value()).isCloseTo(BruteForce.entropy(truth), within(1e-10));
        assertThat(generator.expectedLength().value()).isCloseTo(BruteForce.expectedLength(truth), within(1e-10));
        for (Map.Entry<Word, Double> e : truth.entrySet()) {
            assertThat(generator.wordProbability(e.getKey())).as("P(%s)", e.getKey())
                    .isCloseTo(e.getValue(), within(1e-12 + 1e-9 * e.getValue()));
        }
        Map<Word, Double> truePrefixes = BruteForce.prefixProbabilities(truth);
        Set<Word> prefixes = new HashSet<>(truePrefixes.keySet());
        prefixes.addAll(Word.allOfLength(language.alphabet(), 3)); // many of them impossible
        for (Word prefix : prefixes) {
            double expected = truePrefixes.getOrDefault(prefix, 0.0);
            assertThat(generator.prefixProbability(prefix)).as("P(%s...)", prefix).isCloseTo(expected, within(1e-12));
            assertThat(generator.prefixProbability(prefix) > 0).as("possible(%s)", prefix).isEqualTo(expected > 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void nextTokenDistributionsSumToOne(String name) {
        Language language = BuiltinLanguages.create(name, 10);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 50; i++) {
            Word word = language.generator().sample(random);
            for (int k = 0; k <= word.length(); k++) {
                double[] next = language.generator().nextTokenDistribution(word.prefix(k), language.alphabet());
                assertThat(java.util.Arrays.stream(next).sum()).isCloseTo(1.0, within(1e-9));
            }
        }
    }

    static Stream<String> names() {
        return BuiltinLanguages.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void samplingFrequenciesMatchTheDeclaredDistribution(String name) {
        int maxLength = 6;
        Language language = BuiltinLanguages.create(name, maxLength);
        Map<Word, Double> truth = BruteForce.distribution(name, maxLength);
        int draws = 20_000;
        Map<Word, Integer> counts = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < draws; i++) {
            counts.merge(language.generator().sample(random), 1, Integer::sum);
        }
        assertThat(truth.keySet()).containsAll(counts.keySet());
        double chiSquare = 0;
        for (Map.Entry<Word, Double> e : truth.entrySet()) {
            double expected = draws * e.getValue();
            double observed = counts.getOrDefault(e.getKey(), 0);
            chiSquare += (observed - expected) * (observed - expected) / expected;
        }
        int degrees = truth.size() - 1;
        // about the 99.99% quantile of chi-square(df): df + 3.72·sqrt(2 df) + a margin for small df
        assertThat(chiSquare).as("chi-square with %d degrees of freedom", degrees)
                .isLessThan(degrees + 3.72 * Math.sqrt(2.0 * degrees) + 10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void generatedWordsSatisfyEveryRuleAndAllTheirPrefixesAreInDistribution(String name) {
        Language language = BuiltinLanguages.create(name, 24);
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            Word word = language.generator().sample(random);
            assertThat(language.isGrammatical(word)).as("%s", word).isTrue();
            assertThat(word.length()).isLessThanOrEqualTo(24);
            for (int k = 0; k <= word.length(); k++) {
                Word prefix = word.prefix(k);
                assertThat(language.generator().prefixProbability(prefix)).as("P(%s)", prefix).isPositive();
                assertThat(language.violatedRules(prefix)).as("violated by %s", prefix).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void entropyAtPaperSizeIsFiniteAndBelowTheUniformBound(String name) {
        Language language = BuiltinLanguages.create(name, 256);
        double h = language.generator().entropy().value();
        assertThat(h).isPositive();
        // no distribution over words of length <= 256 beats log of the number of such words
        assertThat(h).isLessThan(257 * Math.log(language.alphabet().size()) + Math.log(257));
        assertThat(List.of(true)).contains(language.generator().entropy().exact());
    }
}
