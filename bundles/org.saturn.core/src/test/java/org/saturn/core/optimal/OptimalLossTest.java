package org.saturn.core.optimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.saturn.core.lang.BruteForce;
import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.metrics.Completion;

class OptimalLossTest {

    @Test
    void anbnAtMaxLength256IsLn128Over257() {
        OptimalLossResult pad = OptimalLoss.of(BuiltinLanguages.create("anbn", 256), LossConvention.PAD);

        assertThat(pad.optimalLoss()).isCloseTo(Math.log(128) / 257, within(1e-15));
        assertThat(pad.optimalLoss()).isCloseTo(0.018879, within(5e-7));
        assertThat(pad.exact()).isTrue();
        assertThat(pad.ci95()).isNull();
        assertThat(pad.describe()).contains("0.018879").contains("exact");
        assertThat(OptimalLossResult.significant(Math.log(128) / 257)).isEqualTo("0.018879");
    }

    @Test
    void anbnWithoutPadDividesByTheMeanNumberOfRealTargets() {
        OptimalLossResult nopad = OptimalLoss.of(BuiltinLanguages.create("anbn", 256), LossConvention.NOPAD);
        // E|w| = 2 E[n] = 129, plus the EOS target
        assertThat(nopad.optimalLoss()).isCloseTo(Math.log(128) / 130, within(1e-15));
    }

    static List<String> names() {
        return BuiltinLanguages.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void bothOraclesScoreExactlyTheOptimalLossOnTheEnumeratedSupport(String name) {
        int maxLength = 8;
        Language language = BuiltinLanguages.create(name, maxLength);
        Map<Word, Double> support = BruteForce.distribution(name, maxLength);
        for (OodPolicy policy : List.of(OodPolicy.satisfyR1(), OodPolicy.violateR1())) {
            OracleModel oracle = new OracleModel(language, policy);
            double expectedWordLoss = support.entrySet().stream().mapToDouble(e -> e.getValue() * oracle.wordLoss(e.getKey())).sum();
            assertThat(expectedWordLoss / (maxLength + 1)).as(policy.name())
                    .isCloseTo(OptimalLoss.of(language, LossConvention.PAD).optimalLoss(), within(1e-12));
            double expectedTargets = support.entrySet().stream().mapToDouble(e -> e.getValue() * (e.getKey().length() + 1)).sum();
            assertThat(expectedWordLoss / expectedTargets)
                    .isCloseTo(OptimalLoss.of(language, LossConvention.NOPAD).optimalLoss(), within(1e-12));
        }
    }

    @Test
    void oraclesAgreeInDistributionAndDisagreeOutOfDistribution() {
        Language anbn = BuiltinLanguages.create("anbn", 32);
        OracleModel satisfy = new OracleModel(anbn, OodPolicy.satisfyR1());
        OracleModel violate = new OracleModel(anbn, OodPolicy.violateR1());

        assertThat(satisfy.nextTokenDistribution(Word.parse("a a b"))).containsExactly(0, 1, 0);
        assertThat(satisfy.nextTokenDistribution(Word.parse("a a"))).containsExactly(violate.nextTokenDistribution(Word.parse("a a")));
        Completion good = satisfy.greedy(Word.parse("b a b b"));
        Completion bad = violate.greedy(Word.parse("b a b b"));
        assertThat(good.completion()).isEqualTo(Word.parse("a a"));
        assertThat(good.finished()).isTrue();
        assertThat(bad.completion()).isEqualTo(Word.EMPTY);
        assertThat(violate.greedy(Word.parse("b a")).completion()).isEqualTo(Word.parse("a"));
        // in distribution the greedy completion is a word of the language
        assertThat(anbn.isGrammatical(satisfy.greedy(Word.parse("a a a b")).full())).isTrue();
    }

    @Test
    void witnessOnAnbnAt256GivesEqualLossAndOodR1OfOneAndZero() {
        Witness.Report report = Witness.run(BuiltinLanguages.create("anbn", 256), 8, LossConvention.PAD);

        Witness.Row satisfy = report.rows().get(0);
        Witness.Row violate = report.rows().get(1);
        assertThat(satisfy.testLoss()).isEqualTo(violate.testLoss());
        assertThat(satisfy.testLoss()).isCloseTo(report.optimal().optimalLoss(), within(0.002));
        assertThat(satisfy.outOfDistribution().completions()).isEqualTo(251);
        assertThat(satisfy.outOfDistribution().accuracy("R1")).isEqualTo(1.0);
        assertThat(violate.outOfDistribution().accuracy("R1")).isEqualTo(0.0);
        assertThat(satisfy.outOfDistribution().finishedFraction()).isEqualTo(1.0);
        assertThat(violate.outOfDistribution().finishedFraction()).isEqualTo(1.0);
        assertThat(satisfy.inDistribution().completions()).isEqualTo(5);
        assertThat(satisfy.inDistribution().accuracy("grammatical")).isEqualTo(1.0);
        assertThat(violate.inDistribution().accuracies()).isEqualTo(satisfy.inDistribution().accuracies());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void witnessSeparatesOracleBehaviourForEveryBuiltin(String name) {
        BuiltinLanguages.Builtin builtin = BuiltinLanguages.get(name);
        Witness.Report report = Witness.run(builtin.create(16), builtin.promptLength(), LossConvention.NOPAD);
        Witness.Row satisfy = report.rows().get(0);
        Witness.Row violate = report.rows().get(1);
        assertThat(satisfy.testLoss()).isEqualTo(violate.testLoss());
        if (satisfy.outOfDistribution().completions() > 0) {
            assertThat(satisfy.outOfDistribution().finishedFraction()).isEqualTo(1.0);
            assertThat(violate.outOfDistribution().finishedFraction()).isEqualTo(1.0);
            assertThat(satisfy.outOfDistribution().accuracy("R1")).isEqualTo(1.0);
            assertThat(violate.outOfDistribution().accuracy("R1")).isEqualTo(0.0);
        }
    }
}
