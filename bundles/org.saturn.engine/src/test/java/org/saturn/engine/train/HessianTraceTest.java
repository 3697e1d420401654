package org.saturn.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.saturn.engine.model.Anbn;
import org.saturn.engine.model.LanguageModel;
import org.saturn.core.optimal.LossConvention;
import org.saturn.engine.model.ModelSpec;

class HessianTraceTest {

    static final int LENGTH = 10;

    /**
     * The linear baseline is softmax regression, whose Hessian is known in closed form: row r with
     * one-hot input x, target weight w_r and probabilities p adds w_r (x xᵀ ⊗ (diag p − p pᵀ)) for
     * the weights and w_r (diag p − p pᵀ) for the bias, so tr H = Σ_r w_r (|x|² + 1) Σ_j p_j (1 − p_j).
     */
    @Test
    void hutchinsonMatchesTheClosedFormTraceOfSoftmaxRegression() {
        LanguageModel model = new LanguageModel(ModelSpec.linear(), Anbn.VOCABULARY, LENGTH, 7);
        int[][] words = Anbn.batch(new Random(3), 6, 4, LENGTH);
        Trainer trainer = new Trainer(model, Optimizer.adam(0.05), LearningRateSchedule.constant(),
                LossConvention.PAD);
        for (int i = 0; i < 5; i++) {
            trainer.step(new int[][][] { words }); // away from the initialisation
        }
        float[] before = model.parameters(0);
        HessianTrace.Estimate estimate = HessianTrace.estimate(model, new int[][][] { words },
                LossConvention.PAD, 400, HessianTrace.EPSILON, 11);

        double exact = 0;
        float[][][][] logits = model.logits(new int[][][] { words });
        int positions = LENGTH - 1;
        double weight = 1.0 / (words.length * positions); // PAD included: every position counts
        for (int n = 0; n < words.length; n++) {
            for (int t = 0; t < positions; t++) {
                double[] p = softmax(logits[0][n][t]);
                double curvature = 0;
                for (double pj : p) {
                    curvature += pj * (1 - pj);
                }
                exact += weight * (1 + 1) * curvature;
            }
        }
        double error = estimate.standardError()[0];
        assertThat(exact).isGreaterThan(0.1);
        assertThat(error).isGreaterThan(0).isLessThan(0.1 * exact);
        assertThat(estimate.trace()[0]).isCloseTo(exact, within(4 * error));
        // the weights are back exactly
        assertThat(model.parameters(0)).containsExactly(before);
    }

    @Test
    void batchedSeedsGetTheEstimatesTheyGetAlone() {
        ModelSpec lstm = ModelSpec.lstm(1, 4, 6, 0);
        int[][] a = Anbn.batch(new Random(4), 4, 4, LENGTH);
        int[][] b = Anbn.batch(new Random(5), 4, 4, LENGTH);
        HessianTrace.Estimate both = HessianTrace.estimate(new LanguageModel(lstm, Anbn.VOCABULARY, LENGTH, 1, 2),
                new int[][][] { a, b }, LossConvention.NOPAD, 3, HessianTrace.EPSILON, 9);
        HessianTrace.Estimate second = HessianTrace.estimate(new LanguageModel(lstm, Anbn.VOCABULARY, LENGTH, 2),
                new int[][][] { b }, LossConvention.NOPAD, 3, HessianTrace.EPSILON, 9);
        assertThat(both.trace()[1]).isEqualTo(second.trace()[0]);
        assertThat(both.standardError()[1]).isEqualTo(second.standardError()[0]);
        assertThat(both.trace()[0]).isNotEqualTo(both.trace()[1]);
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            total += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        return p;
    }
}
