package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.saturn.engine.model.Anbn;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.LossConvention;
import org.saturn.engine.model.ModelSpec;
import org.saturn.engine.train.LearningRateSchedule;
import org.saturn.engine.train.Optimizer;
import org.saturn.engine.train.Trainer;

class CheckpointTest {

    private static final int LENGTH = 12;

    @TempDir
    Path folder;

    // no dropout here: SameDiff draws dropout masks from per-op RNG states that Nd4j.getRandom()
    // does not reset, so dropout's exact resumption is the run loop's business (masks it controls)
    private static Trainer trainer() {
        ModelSpec spec = ModelSpec.transformer(1, 8, 2, 16, 0.0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.LEARNED);
        return new Trainer(new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 5), Optimizer.adamW(1e-2, 0.01),
                LearningRateSchedule.inverseSqrt(3), LossConvention.PAD_INCLUDED);
    }

    /** Data and dropout depend on the step only, as in the run loop: that is what makes resuming exact. */
    private static double step(Trainer trainer, int step) {
        Nd4j.getRandom().setSeed(1000L + step);
        int[][][] batch = { Anbn.batch(new Random(step), 8, 4, LENGTH) };
        return trainer.step(batch)[0];
    }

    @Test
    void aRestoredTrainerContinuesExactlyLikeTheUninterruptedOne() {
        Trainer uninterrupted = trainer();
        double[] expected = new double[8];
        for (int s = 0; s < 8; s++) {
            expected[s] = step(uninterrupted, s);
            if (s == 3) {
                Checkpoint.save(uninterrupted.model().trainingGraph(), 4, folder);
            }
        }

        Trainer resumed = trainer();
        assertThat(Checkpoint.step(folder)).isEqualTo(4);
        assertThat(Checkpoint.restore(resumed.model().trainingGraph(), folder)).isEqualTo(4);
        for (int s = 4; s < 8; s++) {
            assertThat(step(resumed, s)).as("loss at step %d", s).isEqualTo(expected[s]);
        }
        assertThat(resumed.model().parameters(0)).containsExactly(uninterrupted.model().parameters(0));
    }

    @Test
    void noCheckpointIsStepMinusOne() {
        assertThat(Checkpoint.step(folder.resolve("none"))).isEqualTo(-1);
    }
}
