package org.saturn.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.saturn.engine.model.Anbn;
import org.saturn.engine.model.LanguageModel;
import org.saturn.core.optimal.LossConvention;
import org.saturn.engine.model.ModelSpec;

class TrainerTest {

    static final int LENGTH = 12;

    @Test
    void schedulesGiveTheDocumentedFactors() {
        LearningRateSchedule inverse = LearningRateSchedule.inverseSqrt(100);
        assertThat(inverse.factor(1)).isCloseTo(0.01, within(1e-12));
        assertThat(inverse.factor(50)).isCloseTo(0.5, within(1e-12));
        assertThat(inverse.factor(100)).isCloseTo(1.0, within(1e-12));
        assertThat(inverse.factor(400)).isCloseTo(0.5, within(1e-12));
        LearningRateSchedule cosine = LearningRateSchedule.cosine(10, 110, 0.1);
        assertThat(cosine.factor(5)).isCloseTo(0.5, within(1e-12));
        assertThat(cosine.factor(10)).isCloseTo(1.0, within(1e-12));
        assertThat(cosine.factor(60)).isCloseTo(0.55, within(1e-12));
        assertThat(cosine.factor(110)).isCloseTo(0.1, within(1e-12));
        assertThat(cosine.factor(500)).isCloseTo(0.1, within(1e-12));
        assertThat(LearningRateSchedule.constant().factor(7)).isEqualTo(1.0);
    }

    @Test
    void theScheduledRateDrivesTheUpdates() {
        // SGD with lr 0 for the first update (warm-up factor 0 is impossible, so use a huge warm-up):
        // the first update of an inverse-sqrt schedule with warm-up W moves the weights by lr/W of
        // what a constant schedule does
        int[][][] batch = { Anbn.batch(new Random(1), 4, 4, LENGTH) };
        float[] constant = oneSgdUpdate(LearningRateSchedule.constant(), batch);
        float[] warm = oneSgdUpdate(LearningRateSchedule.inverseSqrt(4), batch);
        float[] initial = new LanguageModel(ModelSpec.linear(), Anbn.VOCABULARY, LENGTH, 3).parameters(0);
        for (int i = 0; i < initial.length; i++) {
            assertThat((double) (warm[i] - initial[i])).isCloseTo(0.25 * (constant[i] - initial[i]), within(1e-6));
        }
    }

    private static float[] oneSgdUpdate(LearningRateSchedule schedule, int[][][] batch) {
        LanguageModel model = new LanguageModel(ModelSpec.linear(), Anbn.VOCABULARY, LENGTH, 3);
        new Trainer(model, Optimizer.sgd(0.5), schedule, LossConvention.PAD).step(batch);
        return model.parameters(0);
    }

    @Test
    void lossConventionsDifferOnlyInTheDenominator() {
        LanguageModel model = new LanguageModel(ModelSpec.lstm(1, 4, 8, 0), Anbn.VOCABULARY, LENGTH, 2);
        int[][] words = { Anbn.word(1, LENGTH), Anbn.word(5, LENGTH) }; // 3 + 11 real targets of 2 x 11
        double included = model.loss(new int[][][] { words }, LossConvention.PAD)[0];
        double excluded = model.loss(new int[][][] { words }, LossConvention.NOPAD)[0];
        double padPart = included * 22 - excluded * 14; // total PAD-target loss
        assertThat(padPart).isGreaterThan(0);
        assertThat(included).isNotCloseTo(excluded, within(1e-3));
    }

    @Test
    void theRegimeTermAddsItsWeightedMeanLoss() {
        LanguageModel model = new LanguageModel(ModelSpec.linear(), Anbn.VOCABULARY, LENGTH, 4);
        Trainer trainer = new Trainer(model, Optimizer.adam(1e-9), LearningRateSchedule.constant(), LossConvention.NOPAD);
        int[][][] main = { Anbn.batch(new Random(2), 4, 5, LENGTH) };
        int[][][] regime = { Anbn.batch(new Random(3), 2, 5, LENGTH) };
        double expected = trainer.loss(main)[0] + 0.5 * trainer.loss(regime)[0];
        assertThat(trainer.step(main, regime, 0.5)[0]).isCloseTo(expected, within(1e-5));
    }

    /**
     * The regime loss by hand on a 2-sequence batch, from the model's own logits: with PAD targets
     * included, "sequence" averages from the completion start to the padded end, "completion" over
     * the completion's tokens and EOS only.
     */
    @Test
    void theRegimeLossIsAveragedOverTheCompletionOrTheSequenceAsAsked() {
        LanguageModel model = new LanguageModel(ModelSpec.lstm(1, 4, 8, 0), Anbn.VOCABULARY, LENGTH, 5);
        int[][][] main = { Anbn.batch(new Random(4), 2, 4, LENGTH) };
        // OOD prompts "b a" and "b b a" (SOS=1 EOS=2 a=3 b=4) with their overshoot completions "b" and "a a"
        int[][] regime = { { 1, 4, 3, 4, 2, 0, 0, 0, 0, 0, 0, 0 }, { 1, 4, 4, 3, 3, 3, 2, 0, 0, 0, 0, 0 } };
        int[][] from = { { 3, 4 } }; // target index of each completion's first token
        float[][][] logits = model.logits(new int[][][] { regime })[0];
        double completionSum = 0;
        int completionTokens = 0;
        double sequenceSum = 0;
        int sequenceTokens = 0;
        for (int i = 0; i < regime.length; i++) {
            for (int t = from[0][i]; t < LENGTH; t++) { // target t is predicted at position t - 1
                double nll = -logSoftmax(logits[i][t - 1], regime[i][t]);
                sequenceSum += nll;
                sequenceTokens++;
                if (regime[i][t] != 0) {
                    completionSum += nll;
                    completionTokens++;
                }
            }
        }
        assertThat(completionTokens).isEqualTo(2 + 3); // "b" EOS and "a a" EOS
        assertThat(sequenceTokens).isEqualTo(9 + 8);
        double mainLoss = model.loss(main, LossConvention.PAD)[0];
        Trainer trainer = new Trainer(model, Optimizer.sgd(1e-9), LearningRateSchedule.constant(), LossConvention.PAD);
        double completion = trainer.step(main, new int[][][] { regime }, from, RegimeAveraging.COMPLETION, 0.5)[0];
        double sequence = trainer.step(main, new int[][][] { regime }, from, RegimeAveraging.SEQUENCE, 0.5)[0];
        assertThat(completion).isCloseTo(mainLoss + 0.5 * completionSum / completionTokens, within(1e-5));
        assertThat(sequence).isCloseTo(mainLoss + 0.5 * sequenceSum / sequenceTokens, within(1e-5));
        assertThat(completion).isNotCloseTo(sequence, within(1e-3));
        // without PAD targets the two averages coincide
        Trainer noPad = new Trainer(model, Optimizer.sgd(1e-9), LearningRateSchedule.constant(), LossConvention.NOPAD);
        assertThat(noPad.step(main, new int[][][] { regime }, from, RegimeAveraging.SEQUENCE, 0.5)[0])
                .isCloseTo(noPad.step(main, new int[][][] { regime }, from, RegimeAveraging.COMPLETION, 0.5)[0],
                        within(1e-6));
    }

    private static double logSoftmax(float[] logits, int index) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        return logits[index] - max - Math.log(sum);
    }

    @Test
    void seedBatchedTrainingEqualsTrainingEachSeedAlone() {
        ModelSpec[] specs = { ModelSpec.transformer(1, 8, 2, 16, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.LEARNED),
                ModelSpec.transformer(1, 8, 2, 16, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.SINUSOIDAL),
                ModelSpec.lstm(2, 4, 8, 0), ModelSpec.mamba(2, 8, 4, 3, 2),
                ModelSpec.xlstm(2, 8, 2, 2) };
        for (ModelSpec spec : specs) {
            int[][] a = Anbn.batch(new Random(5), 4, 5, LENGTH);
            int[][] b = Anbn.batch(new Random(6), 4, 5, LENGTH);
            LanguageModel both = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 21, 22);
            LanguageModel first = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 21);
            LanguageModel second = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 22);
            Trainer batched = trainer(both);
            Trainer alone1 = trainer(first);
            Trainer alone2 = trainer(second);
            // bit for bit: each seed runs the same ops on the same numbers as alone (per-seed GEMMs,
            // per-seed LayerNorm and LSTM ops, elementwise Adam)
            for (int step = 0; step < 4; step++) {
                double[] losses = batched.step(new int[][][] { a, b });
                assertThat(losses[0]).isEqualTo(alone1.step(new int[][][] { a })[0]);
                assertThat(losses[1]).isEqualTo(alone2.step(new int[][][] { b })[0]);
            }
            assertThat(both.parameters(0)).containsExactly(first.parameters(0));
            assertThat(both.parameters(1)).containsExactly(second.parameters(0));
        }
    }

    private static Trainer trainer(LanguageModel model) {
        return new Trainer(model, Optimizer.adamW(1e-2, 0.01), LearningRateSchedule.inverseSqrt(3), LossConvention.NOPAD);
    }
}
