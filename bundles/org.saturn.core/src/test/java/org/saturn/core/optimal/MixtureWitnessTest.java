package org.saturn.core.optimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.mixture.MixtureGenerator;
import org.saturn.core.lang.mixture.Mixtures;
import org.saturn.core.prompts.InContextPrompts;
import org.saturn.core.prompts.Prompt;

/** Case study 2's witness on a small mixture: ε = 0 exactly, and both oracles' ICL accuracies per k. */
class MixtureWitnessTest {

    @Test
    void twoOraclesAtTheOptimalLossDifferInInContextLearning() {
        MixtureGenerator mixture = new MixtureGenerator(List.of(BuiltinLanguages.create("anbn", 4),
                BuiltinLanguages.create("bbaN", 3)), List.of(2.0, 1.0), 1, 2, "#", 0);
        Language language = Mixtures.language("Mix", mixture, InContextPrompts.sequenceLength(mixture, 3));
        MixtureWitness.Report report = MixtureWitness.run(language, 3, 12, LossConvention.PAD);

        assertThat(report.epsilon()).isCloseTo(0, within(1e-12));
        MixtureWitness.Row follows = report.rows().get(0);
        MixtureWitness.Row ignores = report.rows().get(1);
        assertThat(follows.klToData()).isCloseTo(0, within(1e-12));
        assertThat(ignores.klToData()).isCloseTo(0, within(1e-12));
        assertThat(follows.testLoss()).isCloseTo(ignores.testLoss(), within(1e-12));

        // the same prompts the witness builds: the share of each k's prompts whose task is aⁿbⁿ
        List<Prompt> prompts = InContextPrompts.of(language, 0, 3, 12, 0x9907).prompts();
        for (int k = 0; k <= 3; k++) {
            int examples = k;
            double anbn = prompts.stream().filter(p -> p.inContext().examples() == examples)
                    .filter(p -> p.inContext().task().equals("anbn")).count() / 12.0;
            assertThat(follows.chance().get(k)).isCloseTo((2 * anbn + (1 - anbn)) / 3, within(1e-12));
            if (k == 0) {
                // SOS alone: both answer the most probable first word, an aⁿbⁿ word
                assertThat(follows.iclAccuracy().get(k)).isEqualTo(anbn);
                assertThat(ignores.iclAccuracy().get(k)).isEqualTo(anbn);
            } else if (k == 1) {
                // one example then the next word: possible, and the data switch the task, so neither follows
                assertThat(follows.iclAccuracy().get(k)).isZero();
                assertThat(ignores.iclAccuracy().get(k)).isZero();
            } else {
                // two examples of one task: probability zero, where the oracles part
                assertThat(follows.iclAccuracy().get(k)).isEqualTo(1.0);
                assertThat(ignores.iclAccuracy().get(k)).isEqualTo(anbn);
            }
        }
    }
}
