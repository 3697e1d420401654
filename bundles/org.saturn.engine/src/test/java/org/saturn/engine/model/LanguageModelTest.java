package org.saturn.engine.model;

import org.saturn.core.optimal.LossConvention;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.saturn.engine.train.LearningRateSchedule;
import org.saturn.engine.train.Optimizer;
import org.saturn.engine.train.Trainer;

class LanguageModelTest {

    static final int LENGTH = 12; // maxLength 10

    static Stream<ModelSpec> kinds() {
        return Stream.of(
                ModelSpec.transformer(2, 16, 2, 32, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.SINUSOIDAL),
                ModelSpec.transformer(2, 16, 4, 32, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.LEARNED),
                ModelSpec.lstm(2, 8, 16, 0),
                ModelSpec.linear(),
                ModelSpec.mamba(2, 8, 4, 3, 2),
                ModelSpec.xlstm(2, 8, 2, 2));
    }

    static int[][] fixedBatch() {
        return Anbn.batch(new Random(3), 8, 5, LENGTH);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void logitsHaveOneRowPerPositionAndLaterInputsNeverChangeEarlierOutputs(ModelSpec spec) {
        LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 11);
        int[][] batch = fixedBatch();
        int[][] perturbed = new int[batch.length][];
        int cut = 4;
        for (int i = 0; i < batch.length; i++) {
            perturbed[i] = batch[i].clone();
            for (int t = cut; t < LENGTH; t++) {
                perturbed[i][t] = 3 + (batch[i][t] + t) % 2;
            }
        }
        float[][][] a = model.logits(new int[][][] { batch })[0];
        float[][][] b = model.logits(new int[][][] { perturbed })[0];
        assertThat(a.length).isEqualTo(batch.length);
        assertThat(a[0].length).isEqualTo(LENGTH - 1);
        assertThat(a[0][0].length).isEqualTo(Anbn.VOCABULARY);
        double before = 0;
        double after = 0;
        for (int i = 0; i < batch.length; i++) {
            for (int t = 0; t < LENGTH - 1; t++) {
                for (int v = 0; v < Anbn.VOCABULARY; v++) {
                    double diff = Math.abs(a[i][t][v] - b[i][t][v]);
                    if (t < cut) {
                        before = Math.max(before, diff);
                    } else {
                        after = Math.max(after, diff);
                    }
                }
            }
        }
        assertThat(before).as("outputs before the perturbed position").isEqualTo(0.0);
        assertThat(after).as("outputs at and after it").isGreaterThan(1e-4);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void lossDecreasesOnAFixedBatchAndTheSameSeedRepeatsExactly(ModelSpec spec) {
        int[][][] batch = { fixedBatch() };
        double[] first = train(spec, batch, 15);
        double[] again = train(spec, batch, 15);
        assertThat(again).containsExactly(first);
        assertThat(first[first.length - 1]).isLessThan(0.7 * first[0]);
    }

    private static double[] train(ModelSpec spec, int[][][] batch, int steps) {
        LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 5);
        double rate = spec.kind() == ModelSpec.Kind.LINEAR ? 0.1 : 1e-2;
        Trainer trainer = new Trainer(model, Optimizer.adamW(rate, 0.01), LearningRateSchedule.constant(),
                LossConvention.PAD);
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            losses[i] = trainer.step(batch)[0];
        }
        return losses;
    }

    @Test
    void untrainedLossIsAboutLnVAndTheTrainingStepReportsTheSameLoss() {
        LanguageModel model = new LanguageModel(kinds().findFirst().orElseThrow(), Anbn.VOCABULARY, LENGTH, 1);
        int[][][] batch = { fixedBatch() };
        double before = model.loss(batch, LossConvention.NOPAD)[0];
        Trainer trainer = new Trainer(model, Optimizer.adam(1e-3), LearningRateSchedule.constant(), LossConvention.NOPAD);
        assertThat(trainer.step(batch)[0]).isCloseTo(before, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(before).isBetween(0.5 * Math.log(Anbn.VOCABULARY), 2 * Math.log(Anbn.VOCABULARY));
    }

    @Test
    void theEvaluationGraphOfADropoutModelSeesTheTrainedWeights() {
        ModelSpec spec = ModelSpec.transformer(1, 8, 2, 16, 0.3, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.SINUSOIDAL);
        LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 8);
        int[][][] batch = { fixedBatch() };
        double before = model.loss(batch, LossConvention.PAD)[0]; // builds the evaluation graph now
        Trainer trainer = new Trainer(model, Optimizer.adam(1e-2), LearningRateSchedule.constant(), LossConvention.PAD);
        for (int i = 0; i < 5; i++) {
            trainer.step(batch);
        }
        double after = model.loss(batch, LossConvention.PAD)[0];
        double fresh = model.separateEvaluationGraph()
                .output(model.encode(batch, null, 0, LossConvention.PAD), LanguageModel.SEED_LOSS)
                .get(LanguageModel.SEED_LOSS).getDouble(0);
        assertThat(after).isNotEqualTo(before).isCloseTo(fresh, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void layerNormMatchesItsDefinitionForTheFusedAndTheComposedForm() {
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 6, 8)
                .muli(3);
        for (double eps : new double[] { 1e-5, 6e-3 }) {
            for (long[] seeds : new long[][] { { 1 }, { 1, 2 } }) {
                org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
                GraphBlocks g = new GraphBlocks(sd, seeds, false);
                org.nd4j.linalg.api.ndarray.INDArray input = seeds.length == 1 ? x : org.nd4j.linalg.factory.Nd4j.concat(0, x, x);
                org.nd4j.autodiff.samediff.SDVariable out = g.layerNorm(sd.constant(input), "ln", 8, eps);
                float[] actual = out.eval().slice(0).dup('c').data().asFloat();
                float[] rows = x.dup('c').data().asFloat();
                for (int r = 0; r < 6; r++) {
                    double mean = 0;
                    double variance = 0;
                    for (int i = 0; i < 8; i++) {
                        mean += rows[r * 8 + i] / 8.0;
                    }
                    for (int i = 0; i < 8; i++) {
                        variance += Math.pow(rows[r * 8 + i] - mean, 2) / 8.0;
                    }
                    for (int i = 0; i < 8; i++) {
                        double expected = (rows[r * 8 + i] - mean) / Math.sqrt(variance + eps);
                        assertThat((double) actual[r * 8 + i]).as("eps %s seeds %d", eps, seeds.length)
                                .isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-4));
                    }
                }
            }
        }
    }
}
