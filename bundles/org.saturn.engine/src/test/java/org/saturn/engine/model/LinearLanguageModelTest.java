package org.saturn.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinearLanguageModelTest {

    // PAD=0, SOS=1, EOS=2, a=3, b=4: SOS a^n b^n EOS padded to 8 tokens
    private static final int[][] ANBN = {
        { 1, 3, 4, 2, 0, 0, 0, 0 },
        { 1, 3, 3, 4, 4, 2, 0, 0 },
        { 1, 3, 3, 3, 4, 4, 4, 2 },
        { 1, 3, 4, 2, 0, 0, 0, 0 },
    };

    @Test
    void lossDecreasesOnAFixedBatch() {
        LinearLanguageModel model = new LinearLanguageModel(5, 0.05, 42);
        double before = model.loss(ANBN);
        double first = model.trainStep(ANBN);
        for (int step = 0; step < 40; step++) {
            model.trainStep(ANBN);
        }
        double after = model.loss(ANBN);

        assertThat(first).isCloseTo(before, org.assertj.core.data.Offset.offset(1e-5));
        // untrained: about ln 5 = 1.61 nats/token; trained bigram on this batch: well below 1
        assertThat(before).isGreaterThan(1.0);
        assertThat(after).isLessThan(0.75 * before).isGreaterThan(0.0);
    }

    @Test
    void sameSeedGivesIdenticalLosses() {
        LinearLanguageModel a = new LinearLanguageModel(5, 0.05, 7);
        LinearLanguageModel b = new LinearLanguageModel(5, 0.05, 7);
        for (int step = 0; step < 5; step++) {
            assertThat(a.trainStep(ANBN)).isEqualTo(b.trainStep(ANBN));
        }
    }
}
