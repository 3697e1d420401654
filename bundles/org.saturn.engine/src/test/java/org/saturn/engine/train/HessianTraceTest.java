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

    /**
     * Hutch++ on softmax regression: its exact part and residual probes add up to the closed-form
     * trace (within its standard error, or the finite differences' 1e-3 where the sketch took nearly
     * the whole, small, Hessian).
     */
    @Test
    void hutchPlusPlusMatchesTheClosedFormTraceOfSoftmaxRegression() {
        LanguageModel model = new LanguageModel(ModelSpec.linear(), Anbn.VOCABULARY, LENGTH, 7);
        int[][] words = Anbn.batch(new Random(3), 6, 4, LENGTH);
        Trainer trainer = new Trainer(model, Optimizer.adam(0.05), LearningRateSchedule.constant(),
                LossConvention.PAD);
        for (int i = 0; i < 5; i++) {
            trainer.step(new int[][][] { words });
        }
        float[] before = model.parameters(0);
        HessianTrace.Budget budget = HessianTrace.Budget.hutchPlusPlus(60, 0);
        assertThat(budget.sketch()).isEqualTo(20);
        HessianTrace.Estimate estimate = HessianTrace.estimate(model, new int[][][] { words }, LossConvention.PAD,
                budget, HessianTrace.EPSILON, 11);
        double exact = 0;
        float[][][][] logits = model.logits(new int[][][] { words });
        double weight = 1.0 / (words.length * (LENGTH - 1));
        for (int n = 0; n < words.length; n++) {
            for (int t = 0; t < LENGTH - 1; t++) {
                for (double pj : softmax(logits[0][n][t])) {
                    exact += weight * 2 * pj * (1 - pj);
                }
            }
        }
        assertThat(estimate.probes()).isEqualTo(60);
        assertThat(estimate.trace()[0]).isCloseTo(exact,
                within(Math.max(4 * estimate.standardError()[0], 1e-3 * exact)));
        assertThat(model.parameters(0)).containsExactly(before);
    }

    /**
     * On a trained Transformer Hutch++ agrees with a long plain Hutchinson estimate (both unbiased)
     * and, for the same number of Hessian-vector products, has a smaller standard error.
     */
    @Test
    void hutchPlusPlusAgreesWithHutchinsonAndHasTheSmallerStandardError() {
        ModelSpec spec = ModelSpec.transformer(1, 8, 2, 16, 0, ModelSpec.Norm.PRE, 1e-5,
                ModelSpec.Positions.SINUSOIDAL);
        LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 3);
        int[][] words = Anbn.batch(new Random(4), 8, 4, LENGTH);
        Trainer trainer = new Trainer(model, Optimizer.adam(0.02), LearningRateSchedule.constant(),
                LossConvention.PAD);
        for (int i = 0; i < 40; i++) {
            trainer.step(new int[][][] { words });
        }
        HessianTrace.Estimate plain = HessianTrace.estimate(model, new int[][][] { words }, LossConvention.PAD,
                new HessianTrace.Budget(90, 0), HessianTrace.EPSILON, 5);
        HessianTrace.Estimate plusPlus = HessianTrace.estimate(model, new int[][][] { words }, LossConvention.PAD,
                HessianTrace.Budget.hutchPlusPlus(90, 0), HessianTrace.EPSILON, 6);
        assertThat(plusPlus.probes()).isEqualTo(90);
        assertThat(plusPlus.standardError()[0]).isPositive().isLessThan(plain.standardError()[0]);
        assertThat(plusPlus.trace()[0]).isCloseTo(plain.trace()[0],
                within(4 * Math.hypot(plain.standardError()[0], plusPlus.standardError()[0])));
    }

    @Test
    void hutchPlusPlusGivesBatchedSeedsTheEstimatesTheyGetAlone() {
        ModelSpec lstm = ModelSpec.lstm(1, 4, 6, 0);
        int[][] a = Anbn.batch(new Random(4), 4, 4, LENGTH);
        int[][] b = Anbn.batch(new Random(5), 4, 4, LENGTH);
        HessianTrace.Budget budget = HessianTrace.Budget.hutchPlusPlus(36, 0);
        HessianTrace.Estimate both = HessianTrace.estimate(new LanguageModel(lstm, Anbn.VOCABULARY, LENGTH, 1, 2),
                new int[][][] { a, b }, LossConvention.NOPAD, budget, HessianTrace.EPSILON, 9);
        HessianTrace.Estimate second = HessianTrace.estimate(new LanguageModel(lstm, Anbn.VOCABULARY, LENGTH, 2),
                new int[][][] { b }, LossConvention.NOPAD, budget, HessianTrace.EPSILON, 9);
        assertThat(both.trace()[1]).isEqualTo(second.trace()[0]);
        assertThat(both.standardError()[1]).isEqualTo(second.standardError()[0]);
    }

    /**
     * Given its sketch the estimate is unbiased, so two sketch sizes agree within their standard
     * errors. (Sketch vectors stretched to a Rademacher vector's length stepped far along the sharpest
     * directions, and the finite differences' bias then grew with the sketch.)
     */
    @Test
    void hutchPlusPlusDoesNotDependOnItsSketchSize() {
        ModelSpec spec = ModelSpec.transformer(2, 16, 2, 32, 0, ModelSpec.Norm.PRE, 1e-5,
                ModelSpec.Positions.SINUSOIDAL);
        LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 3);
        int[][] words = Anbn.batch(new Random(4), 8, 4, LENGTH);
        Trainer trainer = new Trainer(model, Optimizer.adam(0.02), LearningRateSchedule.constant(),
                LossConvention.PAD);
        for (int i = 0; i < 60; i++) {
            trainer.step(new int[][][] { words });
        }
        HessianTrace.Estimate small = HessianTrace.estimate(model, new int[][][] { words }, LossConvention.PAD,
                new HessianTrace.Budget(50, 0, 10), HessianTrace.EPSILON, 5);
        HessianTrace.Estimate large = HessianTrace.estimate(model, new int[][][] { words }, LossConvention.PAD,
                new HessianTrace.Budget(110, 0, 40), HessianTrace.EPSILON, 6);
        assertThat(large.trace()[0]).isCloseTo(small.trace()[0],
                within(4 * Math.hypot(small.standardError()[0], large.standardError()[0])));
    }

    /** A tolerance stops the residual probes of Hutch++ once the standard error is within it. */
    @Test
    void hutchPlusPlusStopsAtTheTolerance() {
        ModelSpec spec = ModelSpec.lstm(1, 4, 6, 0);
        LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 3);
        int[][] words = Anbn.batch(new Random(6), 6, 4, LENGTH);
        HessianTrace.Estimate estimate = HessianTrace.estimate(model, new int[][][] { words }, LossConvention.PAD,
                HessianTrace.Budget.hutchPlusPlus(300, 0.05), HessianTrace.EPSILON, 3);
        assertThat(estimate.probes()).isBetween(2 * 100 + HessianTrace.MIN_PROBES, 300);
        if (estimate.probes() < 300) {
            assertThat(estimate.standardError()[0]).isLessThanOrEqualTo(0.05 * Math.abs(estimate.trace()[0]));
        }
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
