package org.saturn.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.saturn.engine.model.Anbn;
import org.saturn.engine.model.LanguageModel;
import org.saturn.core.optimal.LossConvention;
import org.saturn.engine.model.ModelSpec;

/** Training on the CPU kernels does what SameDiff's fit does: same losses, same updates, same optimiser state. */
class CpuTrainingStepTest {

    static final int LENGTH = 12;

    @Test
    void adamWStepsOnTheCpuFollowSameDiffFit() {
        ModelSpec spec = ModelSpec.transformer(2, 8, 2, 16, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.LEARNED);
        compare(spec, () -> Optimizer.adamW(1e-2, 0.1), LearningRateSchedule.inverseSqrt(3));
    }

    @Test
    void postNormAdamAndSgdFollowSameDiffFit() {
        ModelSpec spec = ModelSpec.transformer(1, 10, 5, 24, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.SINUSOIDAL);
        compare(spec, () -> Optimizer.adam(3e-3), LearningRateSchedule.cosine(2, 10, 0.1));
        compare(spec, () -> Optimizer.sgd(0.3), LearningRateSchedule.constant());
        compare(ModelSpec.linear(), () -> Optimizer.adamW(1e-2, 0.01), LearningRateSchedule.constant());
    }

    @Test
    void mambaStepsOnTheCpuFollowSameDiffFit() {
        compare(ModelSpec.mamba(2, 8, 4, 3, 2), () -> Optimizer.adamW(1e-2, 0.01), LearningRateSchedule.constant());
    }

    @Test
    void xlstmStepsOnTheCpuFollowSameDiffFit() {
        compare(ModelSpec.xlstm(2, 8, 2, 2), () -> Optimizer.adamW(1e-2, 0.01), LearningRateSchedule.constant());
    }

    private static void compare(ModelSpec spec, Supplier<Optimizer> optimizer, LearningRateSchedule schedule) {
        LanguageModel onCpu = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 21, 22);
        LanguageModel onGraph = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 21, 22);
        Trainer cpu = new Trainer(onCpu, optimizer.get(), schedule, LossConvention.NOPAD);
        Trainer graph;
        System.setProperty(CpuTrainingStep.PROPERTY, "graph");
        try {
            graph = new Trainer(onGraph, optimizer.get(), schedule, LossConvention.NOPAD);
        } finally {
            System.clearProperty(CpuTrainingStep.PROPERTY);
        }
        assertThat(cpu.onCpuKernels()).isTrue();
        assertThat(graph.onCpuKernels()).isFalse();
        Random random = new Random(4);
        for (int step = 0; step < 5; step++) {
            int[][][] batches = { Anbn.batch(random, 6, 5, LENGTH), Anbn.batch(random, 6, 5, LENGTH) };
            int[][][] regime = { Anbn.batch(random, 2, 5, LENGTH), Anbn.batch(random, 2, 5, LENGTH) };
            int[][] from = { { 3, 5 }, { 4, 2 } };
            double[] expected = graph.step(batches, regime, from, 0.7);
            double[] actual = cpu.step(batches, regime, from, 0.7);
            for (int s = 0; s < 2; s++) {
                assertThat(actual[s]).as("loss of seed %d at step %d", s, step).isCloseTo(expected[s],
                        within(2e-5 * Math.abs(expected[s])));
            }
        }
        for (int s = 0; s < 2; s++) {
            float[] a = onCpu.parameters(s);
            float[] b = onGraph.parameters(s);
            double worst = 0;
            int close = 0;
            for (int i = 0; i < a.length; i++) {
                double difference = Math.abs(a[i] - b[i]);
                worst = Math.max(worst, difference);
                close += difference < 1e-5 ? 1 : 0;
            }
            // five steps of size ~lr moved the weights by ~1e-2; two float implementations agree far
            // closer, except where a gradient is ~0 and Adam's m / sqrt(v) turns rounding into a sign
            assertThat(worst).as("largest parameter difference, seed %d", s).isLessThan(1e-3);
            assertThat(close).as("parameters within 1e-5, seed %d", s).isGreaterThan((int) (0.98 * a.length));
        }
        assertThat(onCpu.trainingGraph().getTrainingConfig().getIterationCount()).isEqualTo(5);
    }
}
