package org.saturn.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.saturn.core.optimal.LossConvention;
import org.saturn.engine.model.Anbn;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.ModelSpec;
import org.saturn.engine.model.Reparametrisation;

/**
 * Relative flatness (Petzka et al. 2021) of the output layer: the closed form on softmax regression,
 * invariance under the function-preserving rescaling (where the raw trace changes), and the
 * tolerance-driven probe count.
 */
class RelativeFlatnessTest {

    static final int LENGTH = HessianTraceTest.LENGTH;

    /**
     * Softmax regression with one-hot inputs: row r (target weight w_r, probabilities p) adds
     * w_r (diag p − p pᵀ)_{ss'} to Tr H_{s,s'} (|x|² = 1), so κ = Σ_r w_r Σ_{s,s'} G_{ss'} (diag p − p pᵀ)_{ss'}
     * with G = WᵀW.
     */
    @Test
    void matchesTheClosedFormOfSoftmaxRegression() {
        LanguageModel model = new LanguageModel(ModelSpec.linear(), Anbn.VOCABULARY, LENGTH, 7);
        int[][] words = Anbn.batch(new Random(3), 6, 4, LENGTH);
        Trainer trainer = new Trainer(model, Optimizer.adam(0.05), LearningRateSchedule.constant(), LossConvention.PAD);
        for (int i = 0; i < 5; i++) {
            trainer.step(new int[][][] { words });
        }
        HessianTrace.Estimate estimate = HessianTrace.relativeFlatness(model, new int[][][] { words },
                LossConvention.PAD, new HessianTrace.Budget(400, 0), HessianTrace.EPSILON, 11);

        INDArray w = model.currentWeights().get(HessianTrace.OUTPUT_WEIGHT);
        int inputs = (int) w.size(1);
        int outputs = (int) w.size(2);
        double[][] gram = new double[outputs][outputs];
        for (int j = 0; j < inputs; j++) {
            for (int s = 0; s < outputs; s++) {
                for (int t = 0; t < outputs; t++) {
                    gram[s][t] += w.getDouble(0, j, s) * w.getDouble(0, j, t);
                }
            }
        }
        double exact = 0;
        float[][][][] logits = model.logits(new int[][][] { words });
        int positions = LENGTH - 1;
        double weight = 1.0 / (words.length * positions);
        for (int n = 0; n < words.length; n++) {
            for (int t = 0; t < positions; t++) {
                double[] p = softmax(logits[0][n][t]);
                for (int s = 0; s < outputs; s++) {
                    for (int u = 0; u < outputs; u++) {
                        exact += weight * gram[s][u] * ((s == u ? p[s] : 0) - p[s] * p[u]);
                    }
                }
            }
        }
        double error = estimate.standardError()[0];
        assertThat(exact).isPositive();
        assertThat(error).isPositive().isLessThan(0.1 * exact);
        assertThat(estimate.trace()[0]).isCloseTo(exact, within(4 * error));
        assertThat(estimate.probes()).isEqualTo(400);
    }

    @Test
    void theRescalingChangesTheTraceButNotTheRelativeFlatness() {
        ModelSpec spec = ModelSpec.transformer(1, 8, 2, 16, 0, ModelSpec.Norm.POST, 1e-5,
                ModelSpec.Positions.SINUSOIDAL);
        int[][] words = Anbn.batch(new Random(4), 6, 4, LENGTH);
        LanguageModel original = trained(spec, words);
        LanguageModel rescaled = trained(spec, words);
        Reparametrisation.rescale(rescaled, 4);
        HessianTrace.Budget budget = new HessianTrace.Budget(60, 0);

        HessianTrace.Estimate trace1 = HessianTrace.estimate(original, new int[][][] { words }, LossConvention.PAD,
                budget, HessianTrace.EPSILON, 5);
        HessianTrace.Estimate trace4 = HessianTrace.estimate(rescaled, new int[][][] { words }, LossConvention.PAD,
                budget, HessianTrace.EPSILON, 5);
        HessianTrace.Estimate flat1 = HessianTrace.relativeFlatness(original, new int[][][] { words },
                LossConvention.PAD, budget, HessianTrace.EPSILON, 5);
        HessianTrace.Estimate flat4 = HessianTrace.relativeFlatness(rescaled, new int[][][] { words },
                LossConvention.PAD, budget, HessianTrace.EPSILON, 5);

        double traceError = Math.hypot(trace1.standardError()[0], trace4.standardError()[0]);
        assertThat(Math.abs(trace4.trace()[0] - trace1.trace()[0])).isGreaterThan(4 * traceError);
        // same probes, same output weights, the same features up to float rounding: the same number
        assertThat(flat4.trace()[0]).isCloseTo(flat1.trace()[0], within(1e-3 * Math.abs(flat1.trace()[0])));
    }

    @Test
    void aToleranceStopsOnceTheStandardErrorIsWithinIt() {
        LanguageModel model = trained(ModelSpec.lstm(1, 4, 6, 0), Anbn.batch(new Random(6), 6, 4, LENGTH));
        int[][] words = Anbn.batch(new Random(7), 6, 4, LENGTH);
        HessianTrace.Estimate estimate = HessianTrace.estimate(model, new int[][][] { words }, LossConvention.PAD,
                new HessianTrace.Budget(200, 0.2), HessianTrace.EPSILON, 3);
        assertThat(estimate.probes()).isBetween(HessianTrace.MIN_PROBES, 200);
        if (estimate.probes() < 200) {
            assertThat(estimate.standardError()[0]).isLessThanOrEqualTo(0.2 * Math.abs(estimate.trace()[0]));
        }
        // a budget below the minimum is spent whole, with no tolerance it always is
        assertThat(HessianTrace.estimate(model, new int[][][] { words }, LossConvention.PAD,
                new HessianTrace.Budget(3, 0.2), HessianTrace.EPSILON, 3).probes()).isEqualTo(3);
        assertThat(HessianTrace.estimate(model, new int[][][] { words }, LossConvention.PAD,
                new HessianTrace.Budget(12, 0), HessianTrace.EPSILON, 3).probes()).isEqualTo(12);
    }

    private static LanguageModel trained(ModelSpec spec, int[][] words) {
        LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 3);
        Trainer trainer = new Trainer(model, Optimizer.adam(0.02), LearningRateSchedule.constant(), LossConvention.PAD);
        for (int i = 0; i < 10; i++) {
            trainer.step(new int[][][] { words });
        }
        return model;
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
