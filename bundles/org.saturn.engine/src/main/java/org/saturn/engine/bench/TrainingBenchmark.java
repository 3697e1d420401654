package org.saturn.engine.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.saturn.engine.model.LanguageModel;
import org.saturn.core.optimal.LossConvention;
import org.saturn.engine.model.ModelSpec;
import org.saturn.engine.model.Tokens;
import org.saturn.engine.train.LearningRateSchedule;
import org.saturn.engine.train.Optimizer;
import org.saturn.engine.train.Trainer;

/**
 * Training throughput of the benchmark models (issue 5): Transformer (2 layers, 4 heads, ff 4d,
 * pre-LN), LSTM (2 layers), Mamba (2 layers, d_state 16, d_conv 4, expand 2) and xLSTM (an mLSTM and an
 * sLSTM block, 4 heads), batch 32, 41 positions, AdamW; tokens counted with padding, for all
 * seeds together; warm-up steps excluded. {@code benchmarks/torch_peer.py} runs the same in PyTorch.
 */
public final class TrainingBenchmark {

    public static final int BATCH = 32;
    public static final int SEQUENCE_LENGTH = 42; // 41 positions
    public static final int VOCABULARY = 5;

    /** One measured configuration. */
    /**
     * @param tokensPerSecond    over wall-clock time
     * @param tokensPerCpuSecond over the CPU time of the training thread (with one OpenMP thread all
     *                           kernels run on it): the figure to compare on a machine shared with other jobs
     */
    public record Result(String model, int width, int seeds, double tokensPerSecond, double tokensPerCpuSecond,
            double millisecondsPerStep, String training) {
    }

    /** The table: every model at widths 64 and 128, one seed and 8 batched seeds. */
    public static List<Case> standardCases() {
        List<Case> cases = new ArrayList<>();
        for (int seeds : new int[] { 1, 8 }) {
            for (String model : new String[] { "transformer", "lstm", "mamba", "xlstm" }) {
                for (int width : new int[] { 64, 128 }) {
                    cases.add(new Case(model, width, seeds));
                }
            }
        }
        return cases;
    }

    public record Case(String model, int width, int seeds) {
        public ModelSpec spec() {
            return switch (model) {
                case "transformer" -> ModelSpec.transformer(2, width, 4, 4 * width, 0, ModelSpec.Norm.PRE, 1e-5,
                        ModelSpec.Positions.SINUSOIDAL);
                case "lstm" -> ModelSpec.lstm(2, width, width, 0);
                case "mamba" -> ModelSpec.mamba(2, width, 16, 4, 2);
                case "xlstm" -> ModelSpec.xlstm(2, width, 4, 2);
                default -> throw new IllegalArgumentException(
                        "unknown model " + model + " (transformer, lstm, mamba, xlstm)");
            };
        }
    }

    public static Result run(Case c, int warmupSteps, int steps) {
        return run(c, warmupSteps, steps, null);
    }

    /** As {@link #run(Case, int, int)}, timing every op into {@code profile} when it is not null. */
    public static Result run(Case c, int warmupSteps, int steps, OpProfile profile) {
        long[] seeds = new long[c.seeds()];
        for (int s = 0; s < seeds.length; s++) {
            seeds[s] = 1000 + s;
        }
        LanguageModel model = new LanguageModel(c.spec(), VOCABULARY, SEQUENCE_LENGTH, seeds);
        Trainer trainer = new Trainer(model, Optimizer.adamW(1e-3, 0.01), LearningRateSchedule.constant(),
                LossConvention.PAD);
        Random random = new Random(7);
        int[][][][] batches = new int[4][][][];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = new int[c.seeds()][][];
            for (int s = 0; s < c.seeds(); s++) {
                batches[i][s] = anbnBatch(random);
            }
        }
        for (int i = 0; i < warmupSteps; i++) {
            trainer.step(batches[i % batches.length]);
        }
        if (profile != null) {
            model.trainingGraph().addListeners(profile);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            trainer.step(batches[i % batches.length]);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double tokens = (double) steps * c.seeds() * BATCH * (SEQUENCE_LENGTH - 1);
        return new Result(c.model(), c.width(), c.seeds(), tokens / seconds, tokens / cpuSeconds, 1000 * seconds / steps,
                trainer.onCpuKernels() ? "cpu" : "graph");
    }

    /** a^n b^n words, n uniform in 1..20, padded to 42 tokens. */
    static int[][] anbnBatch(Random random) {
        int[][] batch = new int[BATCH][SEQUENCE_LENGTH];
        for (int[] sequence : batch) {
            int n = 1 + random.nextInt((SEQUENCE_LENGTH - 2) / 2);
            int i = 0;
            sequence[i++] = Tokens.SOS;
            for (int k = 0; k < n; k++) {
                sequence[i++] = 3;
            }
            for (int k = 0; k < n; k++) {
                sequence[i++] = 4;
            }
            sequence[i] = Tokens.EOS;
        }
        return batch;
    }
}
