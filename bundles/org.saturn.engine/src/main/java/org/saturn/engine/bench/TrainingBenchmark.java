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

    /**
     * One benchmark configuration. {@code layers}, {@code heads} (Transformer, xLSTM), {@code feedForward}
     * (Transformer) and {@code positions} default to the table (2, 4, 4 x width, 41); other values
     * measure another shape, e.g. the reduced case study 1's Transformer (width 32, ff 64, 17 positions).
     */
    public record Case(String model, int width, int seeds, int layers, int heads, int feedForward, int positions) {

        public Case(String model, int width, int seeds) {
            this(model, width, seeds, 2, 4, 4 * width, SEQUENCE_LENGTH - 1);
        }

        public ModelSpec spec() {
            return switch (model) {
                case "transformer" -> ModelSpec.transformer(layers, width, heads, feedForward, 0, ModelSpec.Norm.PRE,
                        1e-5, ModelSpec.Positions.SINUSOIDAL);
                case "lstm" -> ModelSpec.lstm(layers, width, width, 0);
                case "mamba" -> ModelSpec.mamba(layers, width, 16, 4, 2);
                case "xlstm" -> ModelSpec.xlstm(layers, width, heads, 2);
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
        LanguageModel model = new LanguageModel(c.spec(), VOCABULARY, c.positions() + 1, seeds);
        Trainer trainer = new Trainer(model, Optimizer.adamW(1e-3, 0.01), LearningRateSchedule.constant(),
                LossConvention.PAD);
        Random random = new Random(7);
        int[][][][] batches = new int[4][][][];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = new int[c.seeds()][][];
            for (int s = 0; s < c.seeds(); s++) {
                batches[i][s] = anbnBatch(random, c.positions() + 1);
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
        double tokens = (double) steps * c.seeds() * BATCH * c.positions();
        return new Result(c.model(), c.width(), c.seeds(), tokens / seconds, tokens / cpuSeconds, 1000 * seconds / steps,
                trainer.onCpuKernels() ? "cpu" : "graph");
    }

    /** a^n b^n words, n uniform in 1..(length - 2) / 2 (1..20 at the standard 42 tokens), padded to {@code length} tokens. */
    static int[][] anbnBatch(Random random, int length) {
        int[][] batch = new int[BATCH][length];
        for (int[] sequence : batch) {
            int n = 1 + random.nextInt(Math.max(1, (length - 2) / 2));
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
