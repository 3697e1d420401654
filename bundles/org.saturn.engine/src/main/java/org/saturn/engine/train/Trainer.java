package org.saturn.engine.train;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.ListenerVariables;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;
import org.saturn.engine.cpu.CpuBatch;
import org.saturn.engine.model.LanguageModel;
import org.saturn.core.optimal.LossConvention;

/**
 * Trains a {@link LanguageModel} (S seeds at once) one batch per call. The per-seed loss comes from
 * the very forward pass that computes the gradients (a listener copies it as it is produced): no
 * second forward, and {@code fit()}'s own loss report is unusable in ND4J 1.0.0-M2.1.
 * Deterministic given the seeds on CPU.
 */
public final class Trainer {

    /** {@code -Dsaturn.training=graph}: train through SameDiff even where the CPU kernels apply (comparisons). */
    public static final String TRAINING_PROPERTY = CpuTrainingStep.PROPERTY;

    private final LanguageModel model;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final LossConvention convention;
    private final SeedLossCapture capture = new SeedLossCapture();
    private final CpuTrainingStep cpuStep;
    private int updates;

    public Trainer(LanguageModel model, Optimizer optimizer, LearningRateSchedule schedule, LossConvention convention) {
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.convention = convention;
        // dropout draws from ND4J's global generator
        Nd4j.getRandom().setSeed(model.seeds()[0]);
        SameDiff graph = model.trainingGraph();
        TrainingConfig.Builder config = new TrainingConfig.Builder()
                .updater(updater())
                .dataSetFeatureMapping(LanguageModel.INPUT)
                .dataSetLabelMapping(LanguageModel.TARGET);
        if (optimizer.kind() == Optimizer.Kind.ADAMW && optimizer.weightDecay() > 0) {
            // applied after the Adam step and scaled by the scheduled lr: decoupled weight decay
            config.regularization(new WeightDecay(optimizer.weightDecay(), true));
        }
        graph.setTrainingConfig(config.build());
        this.cpuStep = CpuTrainingStep.forModel(model, optimizer, schedule);
    }

    /**
     * Whether models of this spec train on the CPU kernels here (CPU build): then dropout masks come
     * from (seed, update), so dropout runs resume exactly and train seed-batched exactly.
     */
    public static boolean trainsOnCpuKernels(org.saturn.engine.model.ModelSpec spec) {
        return CpuTrainingStep.applies(spec);
    }

    /** Whether steps run on the CPU kernels ({@code org.saturn.engine.cpu}) rather than through SameDiff. */
    public boolean onCpuKernels() {
        return cpuStep != null;
    }

    private IUpdater updater() {
        ISchedule rate = new ScheduledRate(optimizer.learningRate(), schedule);
        return optimizer.kind() == Optimizer.Kind.SGD ? new Sgd(rate) : new Adam(rate);
    }

    public LanguageModel model() {
        return model;
    }

    public LossConvention convention() {
        return convention;
    }

    /** Updates done so far. */
    public int updates() {
        return updates;
    }

    /** The learning rate of update k (1-based). */
    public double learningRate(int update) {
        return optimizer.learningRate() * schedule.factor(update);
    }

    /** One update of every seed, seed s on {@code batches[s]}; returns each seed's mean loss before the update. */
    public double[] step(int[][][] batches) {
        return step(batches, null, 0);
    }

    /**
     * One update minimising, per seed, mean-loss(batch) + regimeWeight x mean-loss(regimeBatch)
     * (the adversarial and oracle regimes); returns that objective per seed, before the update.
     */
    public double[] step(int[][][] batches, int[][][] regimeBatches, double regimeWeight) {
        return step(batches, regimeBatches, null, regimeWeight);
    }

    /**
     * As {@link #step(int[][][], int[][][], double)}, counting in regime sequence i of seed s only
     * the targets from position {@code regimeFrom[s][i]} on (the completion after an OOD prompt).
     */
    public double[] step(int[][][] batches, int[][][] regimeBatches, int[][] regimeFrom, double regimeWeight) {
        return step(batches, regimeBatches, regimeFrom, RegimeAveraging.SEQUENCE, regimeWeight);
    }

    /**
     * As {@link #step(int[][][], int[][][], int[][], double)}, averaging the regime loss as
     * {@code averaging} says: {@link RegimeAveraging#COMPLETION} over the completions' own target
     * tokens (up to EOS) whatever this trainer's PAD convention.
     */
    public double[] step(int[][][] batches, int[][][] regimeBatches, int[][] regimeFrom, RegimeAveraging averaging,
            double regimeWeight) {
        CpuBatch[] encoded = model.batches(batches, regimeBatches, regimeFrom, regimeWeight, convention);
        if (regimeBatches != null && averaging == RegimeAveraging.COMPLETION && convention == LossConvention.PAD) {
            // without PAD targets the regime rows count exactly the completion and its EOS; the
            // batch's own rows keep this trainer's convention
            CpuBatch[] completionOnly = model.batches(batches, regimeBatches, regimeFrom, regimeWeight,
                    LossConvention.NOPAD);
            for (int s = 0; s < encoded.length; s++) {
                int batchRows = batches[s].length * encoded[s].positions();
                System.arraycopy(completionOnly[s].weights(), batchRows, encoded[s].weights(), batchRows,
                        encoded[s].rows() - batchRows);
            }
        }
        if (cpuStep != null) {
            double[] losses = cpuStep.step(encoded);
            updates++;
            return losses;
        }
        Map<String, INDArray> data = model.oneHot(encoded);
        capture.seedLoss = null;
        MultiDataSet batch = new MultiDataSet(data.get(LanguageModel.INPUT), data.get(LanguageModel.TARGET));
        if (updates == 0) {
            // the first fit() derives the gradient graph and prints a line per op to System.out,
            // which would corrupt machine-readable output (saturn bench --json, JSON-lines progress)
            PrintStream out = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                model.trainingGraph().fit(batch, capture);
            } finally {
                System.setOut(out);
            }
        } else {
            model.trainingGraph().fit(batch, capture);
        }
        updates++;
        if (capture.seedLoss == null) {
            throw new IllegalStateException("the training step produced no loss");
        }
        return capture.seedLoss;
    }

    /** Each seed's mean loss on its batch under this trainer's convention (no dropout, no update). */
    public double[] loss(int[][][] batches) {
        return model.loss(batches, convention);
    }

    /** Same batch for every seed (tests, benchmarks). */
    public static int[][][] forEverySeed(int seeds, int[][] batch) {
        int[][][] out = new int[seeds][][];
        java.util.Arrays.fill(out, batch);
        return out;
    }

    private static final class SeedLossCapture extends BaseListener {
        double[] seedLoss;

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public ListenerVariables requiredVariables(SameDiff sd) {
            return ListenerVariables.builder().trainingVariables(LanguageModel.SEED_LOSS).build();
        }

        @Override
        public void opExecution(SameDiff sd, At at, org.nd4j.linalg.dataset.api.MultiDataSet batch, SameDiffOp op,
                OpContext context, INDArray[] outputs) {
            java.util.List<String> names = op.getOutputsOfOp();
            for (int i = 0; i < names.size(); i++) {
                if (LanguageModel.SEED_LOSS.equals(names.get(i))) {
                    seedLoss = outputs[i].toDoubleVector();
                }
            }
        }
    }

    /** ND4J's view of a {@link LearningRateSchedule}: ND4J counts iterations from 0. */
    private record ScheduledRate(double base, LearningRateSchedule schedule) implements ISchedule {
        @Override
        public double valueAt(int iteration, int epoch) {
            return base * schedule.factor(iteration + 1);
        }

        @Override
        public ISchedule clone() {
            return this;
        }
    }
}
