package org.saturn.engine.model;

import org.saturn.core.optimal.LossConvention;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.saturn.engine.train.LearningRateSchedule;
import org.saturn.engine.train.Optimizer;
import org.saturn.engine.train.Trainer;

class ReparametrisationTest {

    static final int LENGTH = 10;

    @Test
    void rescaledModelsComputeTheSameFunctionWithOtherParametersAndFineTuneDifferently() {
        ModelSpec[] specs = {
                ModelSpec.transformer(2, 8, 2, 16, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.SINUSOIDAL),
                ModelSpec.transformer(1, 8, 2, 16, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.LEARNED),
                ModelSpec.lstm(2, 4, 6, 0) };
        int[][][] words = { Anbn.batch(new Random(8), 5, 4, LENGTH), Anbn.batch(new Random(9), 5, 4, LENGTH) };
        for (ModelSpec spec : specs) {
            LanguageModel original = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 3, 4);
            LanguageModel rescaled = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 3, 4);
            Reparametrisation.rescale(rescaled, 4);

            float[] p = original.parameters(1);
            float[] q = rescaled.parameters(1);
            double moved = 0;
            for (int i = 0; i < p.length; i++) {
                moved = Math.max(moved, Math.abs(p[i] - q[i]));
            }
            assertThat(moved).as(spec.kind() + ": parameters changed").isGreaterThan(0.1);

            float[][][][] before = original.logits(words);
            float[][][][] after = rescaled.logits(words);
            double largest = 0;
            for (int s = 0; s < 2; s++) {
                for (int n = 0; n < words[s].length; n++) {
                    for (int t = 0; t < LENGTH - 1; t++) {
                        for (int v = 0; v < Anbn.VOCABULARY; v++) {
                            largest = Math.max(largest, Math.abs(before[s][n][t][v] - after[s][n][t][v]));
                        }
                    }
                }
            }
            // float32 rounding of the rescaled products only
            assertThat(largest).as(spec.kind() + ": same logits").isLessThan(1e-5);

            // fine-tuning then proceeds from the rescaled parameters, on its own trajectory
            double[] start = original.loss(words, LossConvention.PAD);
            double[] tunedOriginal = fineTune(original, words);
            double[] tunedRescaled = fineTune(rescaled, words);
            for (int s = 0; s < 2; s++) {
                assertThat(tunedRescaled[s]).as(spec.kind() + ": fine-tuning lowers the loss").isLessThan(start[s]);
                assertThat(tunedRescaled[s]).as(spec.kind() + ": another trajectory")
                        .isNotCloseTo(tunedOriginal[s], within(1e-5));
            }
        }
    }

    private static double[] fineTune(LanguageModel model, int[][][] words) {
        Trainer trainer = new Trainer(model, Optimizer.adamW(1e-2, 0.01), LearningRateSchedule.constant(),
                LossConvention.PAD);
        for (int i = 0; i < 10; i++) {
            trainer.step(words);
        }
        return model.loss(words, LossConvention.PAD);
    }

    @Test
    void theLinearBaselineOnlyAllowsScaleOne() {
        LanguageModel linear = new LanguageModel(ModelSpec.linear(), Anbn.VOCABULARY, LENGTH, 1);
        Reparametrisation.rescale(linear, 1);
        assertThatThrownBy(() -> Reparametrisation.rescale(linear, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linear baseline");
        assertThatThrownBy(() -> Reparametrisation.rescale(linear, -1)).hasMessageContaining("positive");
    }

    @Test
    void xlstmOnlyAllowsScaleOne() {
        LanguageModel xlstm = new LanguageModel(ModelSpec.xlstm(2, 8, 2, 2), Anbn.VOCABULARY, LENGTH, 1);
        Reparametrisation.rescale(xlstm, 1);
        assertThatThrownBy(() -> Reparametrisation.rescale(xlstm, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the reparametrisation is not available for xLSTM models (only scale 1)");
    }
}
