package org.saturn.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.saturn.core.optimal.LossConvention;
import org.saturn.engine.model.Anbn;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.ModelSpec;
import org.saturn.engine.train.LearningRateSchedule;
import org.saturn.engine.train.Optimizer;
import org.saturn.engine.train.Trainer;

/** The CPU kernels' evaluation loss and decoding against the SameDiff graphs', on every kind and option. */
class KernelDecodingTest {

    static final int LENGTH = DecoderTest.LENGTH;

    /** The kinds that evaluate and decode on the CPU kernels. */
    static List<ModelSpec> kinds() {
        List<ModelSpec> kinds = new java.util.ArrayList<>(DecoderTest.kinds().stream()
                .filter(spec -> org.saturn.engine.cpu.CpuNetworks.of(spec, Anbn.VOCABULARY, LENGTH - 1) != null).toList());
        // the papers' ICML model: a prompt's position signal is its row in the graph decoder's group
        // of equal-length prompts (not among DecoderTest's kinds: a full re-forward of all prompts
        // puts them in other rows)
        kinds.add(ModelSpec.transformer(2, 16, 2, 32, 0.1, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.BATCH_ROW)
                .withActivation(ModelSpec.Activation.RELU).withKeyPaddingMask(true));
        return kinds;
    }

    /** Three seed slots trained a little (distinct, non-uniform models). */
    private static LanguageModel trained(ModelSpec spec) {
        LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 1, 2, 3);
        Trainer trainer = new Trainer(model, Optimizer.adamW(1e-2, 0.01), LearningRateSchedule.constant(),
                LossConvention.NOPAD);
        Random random = new Random(9);
        for (int step = 0; step < 15; step++) {
            int[][][] batches = new int[3][][];
            for (int s = 0; s < 3; s++) {
                batches[s] = Anbn.batch(random, 8, 5, LENGTH);
            }
            trainer.step(batches);
        }
        return model;
    }

    /** Three sets as an evaluation has them: prompts of several lengths, PAD inside, SOS alone. */
    private static List<int[][]> sets() {
        int[][] all = DecoderTest.prompts();
        return List.of(new int[][] { all[1], all[3], all[6], all[5], all[1] },
                new int[][] { all[2], all[4], all[7], all[8] }, new int[][] { all[0] });
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void kernelLossEqualsTheGraphLoss(ModelSpec spec) {
        LanguageModel model = trained(spec);
        assertThat(model.inferences()).as("the CPU backend evaluates on the kernels").isNotNull();
        Random random = new Random(4);
        int[][][] test = new int[3][][];
        int[][] words = Anbn.batch(random, 40, 5, LENGTH);
        test[0] = words;
        test[1] = words;
        test[2] = Anbn.batch(random, 40, 5, LENGTH);
        for (LossConvention convention : LossConvention.values()) {
            double[] kernel = model.loss(test, convention);
            double[] graph = model.graphLoss(test, convention);
            for (int s = 0; s < 3; s++) {
                assertThat(kernel[s]).as("%s seed slot %d", convention, s).isCloseTo(graph[s], within(1e-5));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void kernelDecodingEqualsTheGraphDecoderTokenForToken(ModelSpec spec) {
        LanguageModel model = trained(spec);
        Decoder kernels = new Decoder(model);
        Decoder graph = new Decoder(model, false);
        assertThat(kernels.onKernels()).isTrue();
        assertThat(graph.onKernels()).isFalse();
        int[] budgets = { 8, 6, LENGTH - 1 };
        assertThat(kernels.greedy(sets(), budgets)).usingRecursiveComparison().isEqualTo(graph.greedy(sets(), budgets));
        long[] seeds = { 11, 12, 13 };
        for (double temperature : new double[] { 1.0, 2.5 }) {
            List<int[][][]> sampled = kernels.sample(sets(), budgets, temperature, seeds);
            assertThat(sampled).usingRecursiveComparison().isEqualTo(graph.sample(sets(), budgets, temperature, seeds));
            // the same as each set decoded alone, as before
            for (int x = 0; x < 3; x++) {
                assertThat(sampled.get(x)).isDeepEqualTo(graph.sample(sets().get(x), budgets[x], temperature, seeds));
            }
        }
    }
}
