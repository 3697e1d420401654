package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.saturn.engine.model.Anbn;
import org.saturn.engine.model.LanguageModel;
import org.saturn.core.optimal.LossConvention;
import org.saturn.engine.model.ModelSpec;
import org.saturn.engine.train.GraphOptimiserState;
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
        return trainer(ModelSpec.transformer(1, 8, 2, 16, 0.0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.LEARNED));
    }

    private static Trainer trainer(ModelSpec spec) {
        return new Trainer(new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 5), Optimizer.adamW(1e-2, 0.01),
                LearningRateSchedule.inverseSqrt(3), LossConvention.PAD);
    }

    /** Data and dropout depend on the step only, as in the run loop: that is what makes resuming exact. */
    private static double step(Trainer trainer, int step) {
        Nd4j.getRandom().setSeed(1000L + step);
        int[][][] batch = { Anbn.batch(new Random(step), 8, 4, LENGTH) };
        return trainer.step(batch)[0];
    }

    @Test
    void aRestoredTrainerContinuesExactlyLikeTheUninterruptedOne() {
        resumesExactly(trainer(), () -> trainer());
    }

    @Test
    void aRestoredMambaTrainerContinuesExactlyLikeTheUninterruptedOne() {
        ModelSpec mamba = ModelSpec.mamba(2, 8, 4, 3, 2);
        resumesExactly(trainer(mamba), () -> trainer(mamba));
    }

    @Test
    void aRestoredXlstmTrainerContinuesExactlyLikeTheUninterruptedOne() {
        ModelSpec xlstm = ModelSpec.xlstm(2, 8, 2, 2);
        resumesExactly(trainer(xlstm), () -> trainer(xlstm));
    }

    private void resumesExactly(Trainer uninterrupted, java.util.function.Supplier<Trainer> fresh) {
        double[] expected = new double[8];
        for (int s = 0; s < 8; s++) {
            expected[s] = step(uninterrupted, s);
            if (s == 3) {
                Checkpoint.save(uninterrupted.model().trainingGraph(), 4, folder);
            }
        }

        Trainer resumed = fresh.get();
        assertThat(Checkpoint.step(folder)).isEqualTo(4);
        assertThat(Checkpoint.restore(resumed.model().trainingGraph(), folder)).isEqualTo(4);
        for (int s = 4; s < 8; s++) {
            assertThat(step(resumed, s)).as("loss at step %d", s).isEqualTo(expected[s]);
        }
        assertThat(resumed.model().parameters(0)).containsExactly(uninterrupted.model().parameters(0));
    }

    /**
     * The file format, written out by hand: format 2 (what runs write today, with the loop's counters)
     * and format 1 (no counters; seed-batched runs and pre-trained weights until now) both restore.
     */
    @Test
    void checkpointsInFormatOneAndTwoStayReadable() throws Exception {
        Trainer trained = trainer();
        for (int s = 0; s < 3; s++) {
            step(trained, s);
        }
        SameDiff graph = trained.model().trainingGraph();
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (SDVariable variable : graph.variables()) {
            if (variable.getVariableType() == VariableType.VARIABLE) {
                arrays.put("var/" + variable.name(), variable.getArr());
            }
        }
        GraphOptimiserState.of(graph).forEach((name, state) -> state.forEach((key, array) -> arrays.put(
                "opt/" + name + "/" + key, array)));
        int iteration = graph.getTrainingConfig().getIterationCount();
        assertThat(iteration).isEqualTo(3);
        for (int format : new int[] { 1, 2 }) {
            Path file = Files.createDirectories(folder.resolve("format" + format));
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file.resolve("state.bin")))) {
                out.writeInt(format);
                out.writeLong(3);
                out.writeInt(iteration);
                out.writeInt(arrays.size());
                for (Map.Entry<String, INDArray> entry : arrays.entrySet()) {
                    out.writeUTF(entry.getKey());
                    Nd4j.write(entry.getValue(), out);
                }
                if (format == 2) {
                    out.writeInt(1);
                    out.writeUTF("trainLoss.sum");
                    out.writeDouble(1.25);
                }
            }
        }
        float[] parameters = trained.model().parameters(0);
        double next = step(trained, 3);

        for (int format : new int[] { 1, 2 }) {
            Trainer resumed = trainer();
            Map<String, Double> counters = new LinkedHashMap<>();
            assertThat(Checkpoint.restore(resumed.model().trainingGraph(), folder.resolve("format" + format), counters))
                    .isEqualTo(3);
            assertThat(counters).isEqualTo(format == 2 ? Map.of("trainLoss.sum", 1.25) : Map.of());
            assertThat(resumed.model().parameters(0)).containsExactly(parameters);
            assertThat(step(resumed, 3)).as("format %d", format).isEqualTo(next);
        }
    }

    @Test
    void noCheckpointIsStepMinusOne() {
        assertThat(Checkpoint.step(folder.resolve("none"))).isEqualTo(-1);
    }
}
