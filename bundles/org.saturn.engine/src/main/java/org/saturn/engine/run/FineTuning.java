package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.saturn.core.lang.Language;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.MetricPoint;
import org.saturn.core.store.MetricsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.Reparametrisation;
import org.saturn.engine.train.HessianTrace;
import org.saturn.engine.train.LearningRateSchedule;
import org.saturn.engine.train.Optimizer;
import org.saturn.engine.train.SeedSlices;
import org.saturn.engine.train.Trainer;

/**
 * The fine-tuning stage of a run ({@code then NAME} in a study, keys {@code finetuning.*}; SCIENCE.md
 * §2.3): after pre-training, the pre-trained weights (the run's latest checkpoint, kept as
 * {@code checkpoints/pretrained}) are
 * <ol>
 * <li>reparametrised without changing the function ({@code finetuning.reparametrizeScale} c, see
 * {@link Reparametrisation}); the pre-training test loss after it is recorded
 * ({@code finetune.pretrain.loss}) to show the function is the same;</li>
 * <li>measured: Hutchinson's trace of the Hessian of the pre-training loss at these parameters
 * ({@code finetuning.hessianTraceSamples} probes on the first {@value #HESSIAN_WORDS} words of the
 * pre-training test set; metrics {@code hessian.trace}, {@code hessian.trace.stderr});</li>
 * <li>fine-tuned on the fine-tuning language: the protocol's optimiser with a constant
 * {@code finetuning.lr} and fresh moments, {@code finetuning.steps} steps of {@code finetuning.batch}
 * words drawn from a fixed set of {@code finetuning.examples} words (0: fresh words every step),
 * evaluated every {@code finetuning.evaluateEvery} steps: {@code finetune.loss} (test loss on the
 * fine-tuning language), {@code finetune.train.loss} and the rule metrics on the fine-tuning prompts
 * ({@code finetune.ood.R1}, ...), with the completions of every evaluation in the store.</li>
 * </ol>
 * Fine-tuning metrics and completions are written at steps after the last pre-training step
 * (pre-training step + fine-tuning step). Checkpoints follow the study's {@link CheckpointPolicy}
 * (interval in fine-tuning steps, by default {@code finetuning.evaluateEvery}) in folders of their
 * own ({@code finetune-latest}, {@code finetune-best}, {@code finetune-step-N}); the first is
 * written right after the measurement, so the Hessian trace is measured once. A stopped or killed
 * fine-tuning resumes from {@code finetune-latest} exactly: weights, Adam moments, update count and
 * training-loss counters are in the checkpoint, and batches and dropout depend on (seed, step) only.
 * Pre-training is never redone.
 */
public final class FineTuning {

    static final int HESSIAN_WORDS = 128;
    static final String PRETRAINED = "pretrained";
    /** The prefix of the fine-tuning's checkpoint folders. */
    static final String CHECKPOINTS = "finetune-";
    static final String LOSS = "finetune.loss";
    static final String TRAIN_LOSS = "finetune.train.loss";
    static final String PRETRAIN_LOSS = "finetune.pretrain.loss";
    static final String HESSIAN = "hessian.trace";
    static final String HESSIAN_ERROR = "hessian.trace.stderr";

    private final RunConfig config;
    private final RunSettings settings;
    private final RunLoop pretraining;
    private final Language target;
    private final RunInputs targetInputs;
    private final RunDirectory directory;
    private final Consumer<ProgressEvent> events;
    private final AtomicBoolean stop;

    public FineTuning(RunConfig config, RunInputs pretrainingInputs, RunInputs fineTuningInputs, RunDirectory directory,
            Consumer<ProgressEvent> events, AtomicBoolean stop) {
        this.config = config;
        this.settings = RunSettings.of(config);
        this.pretraining = new RunLoop(config, pretrainingInputs.language(), pretrainingInputs.prompts(), directory,
                events, stop);
        this.target = fineTuningInputs.language();
        this.targetInputs = fineTuningInputs;
        this.directory = directory;
        this.events = events;
        this.stop = stop;
        if (!target.alphabet().equals(pretrainingInputs.language().alphabet())) {
            throw new IllegalArgumentException("fine-tuning on " + config.get("finetuning.language") + " needs the "
                    + "pre-training alphabet " + pretrainingInputs.language().alphabet() + ", not " + target.alphabet());
        }
    }

    /** Whether the run has a fine-tuning stage. */
    public static boolean requested(RunConfig config) {
        return config.get("finetuning") != null;
    }

    /** Whether the run's pre-training is over (its pre-trained weights are kept for the fine-tuning). */
    public static boolean pretrained(RunDirectory directory) {
        return Checkpoint.step(directory.checkpoint(PRETRAINED)) >= 0;
    }

    /** Keeps the finished pre-training's latest checkpoint as the pre-trained weights (once). */
    static void keepPretrained(RunDirectory directory) {
        if (!pretrained(directory)) {
            Checkpoint.copy(directory.checkpoint(RunLoop.LATEST), directory.checkpoint(PRETRAINED));
        }
    }

    /** Fine-tunes the pre-trained run, or resumes its fine-tuning; returns FINISHED, or STOPPED on a stop request. */
    public RunStatus run() {
        long started = System.nanoTime();
        keepPretrained(directory);
        Checkpoint.Saved pretrainedState = Checkpoint.read(directory.checkpoint(PRETRAINED));
        long offset = pretrainedState.step();
        double optimal = org.saturn.core.optimal.OptimalLoss.of(target, RunLoop.core(settings.convention())).optimalLoss();
        int steps = integer("finetuning.steps", 1000);
        int batch = integer("finetuning.batch", settings.batch());
        int examples = integer("finetuning.examples", 0);
        int every = Math.max(1, integer("finetuning.evaluateEvery", 100));
        int probes = integer("finetuning.hessianTraceSamples", 0);
        double scale = number("finetuning.reparametrizeScale", 1.0);
        double lr = number("finetuning.lr", 1e-4);
        CheckpointPolicy checkpoints = CheckpointPolicy.of(settings, every);
        CompletionsWriter completions = new CompletionsWriter(target, directory);

        RunRecord record = directory.record().orElseGet(pretraining::newRecord);
        record.setStatus(RunStatus.RUNNING);
        record.setMessage("fine-tuning on " + config.get("finetuning.language"));
        record.setTotalSteps(offset + steps);
        directory.writeRecord(record);

        Optimizer base = settings.optimizer();
        Optimizer optimizer = new Optimizer(base.kind(), lr, base.weightDecay());
        LanguageModel model = new LanguageModel(settings.model(), target.vocabulary().size(), target.maxLength() + 2,
                config.seed());
        Trainer trainer = new Trainer(model, optimizer, LearningRateSchedule.constant(), settings.convention());

        Map<String, Double> counters = new LinkedHashMap<>();
        long resumeAt = Checkpoint.step(directory.checkpoint(CHECKPOINTS + RunLoop.LATEST));
        boolean resuming = resumeAt >= offset;
        int done = resuming ? Math.toIntExact(resumeAt - offset) : 0;
        if (resuming) {
            // reparametrised, measured and fine-tuned up to the checkpoint: go on from there
            Checkpoint.restore(model.trainingGraph(), directory.checkpoint(CHECKPOINTS + RunLoop.LATEST), counters);
            directory.truncateMetricsAfter(resumeAt);
            completions.removeAfter(resumeAt);
        } else {
            // (again) from the pre-trained weights: what an earlier start wrote at or after the offset goes
            directory.keepMetrics(p -> p.step() < offset || p.step() == offset && !fineTuningMetric(p.key()));
            completions.removeAfter(offset);
            Map<String, INDArray> weights = new LinkedHashMap<>();
            pretrainedState.arrays().forEach((key, array) -> {
                if (key.startsWith("var/")) {
                    weights.put(key, array); // weights only: fine-tuning starts with fresh optimiser moments
                }
            });
            SeedSlices.inject(model.trainingGraph(), 0, weights);
            Reparametrisation.rescale(model, scale);
        }
        record.setStep(offset + done);
        record.setCheckpointStep(resuming ? resumeAt : offset);
        directory.writeRecord(record);

        if (stop.get() && !resuming) {
            // asked to stop before it began (a seed-batched worker fine-tunes its runs one after the other)
            return stopped(record, offset, 0, steps, optimal, started);
        }
        int[][] pretrainTest = pretraining.testSet();
        try (MetricsLog metrics = directory.openMetrics()) {
            if (!resuming) {
                measure(model, pretrainTest, probes, offset, started, metrics);
                // the start checkpoint: a resume never measures again
                checkpoints.saveLatest(directory, CHECKPOINTS,
                        Checkpoint.state(model.trainingGraph(), offset, RunLoop.counters(0, 0)), false);
            }

            int[][] fixed = examples > 0 ? sample(new SplittableRandom(RunLoop.mix(config.seed(), 0, 0xF1E)), examples)
                    : null;
            int[][] test = sample(new SplittableRandom(0x7E57_5E7L), RunLoop.TEST_WORDS);
            double trainSum = counters.getOrDefault(RunLoop.TRAIN_LOSS_SUM, 0.0);
            int trainCount = counters.getOrDefault(RunLoop.TRAIN_LOSS_COUNT, 0.0).intValue();
            double bestLoss = bestLoss(offset);
            for (int step = done + 1; step <= steps; step++) {
                if (stop.get()) {
                    saveLatest(checkpoints, model, offset + step - 1, trainSum, trainCount, record,
                            checkpoints.latestDue(step - 1));
                    return stopped(record, offset, step - 1, steps, optimal, started);
                }
                // batches and dropout depend on (seed, step) only: a resumed fine-tuning draws what it would have
                Nd4j.getRandom().setSeed(RunLoop.mix(config.seed(), step, 0xD81));
                SplittableRandom random = new SplittableRandom(RunLoop.mix(config.seed(), step, 0xF1B));
                int[][] words = new int[batch][];
                for (int i = 0; i < batch; i++) {
                    words[i] = fixed != null ? fixed[random.nextInt(fixed.length)] : sample(random, 1)[0];
                }
                trainSum += trainer.step(new int[][][] { words })[0];
                trainCount++;
                long at = offset + step;
                if (step % every != 0 && step != steps) {
                    if (checkpoints.latestDue(step)) {
                        saveLatest(checkpoints, model, at, trainSum, trainCount, record, true);
                        record.setStep(at);
                        directory.writeRecord(record);
                    }
                    continue;
                }
                double trainLoss = trainSum / trainCount;
                trainSum = 0;
                trainCount = 0;
                double testLoss = model.loss(new int[][][] { test }, settings.convention())[0];
                List<List<CompletionsWriter.SetCompletions>> decoded = new ArrayList<>();
                Map<String, Double> values = CompletionScores.score(model, target, targetInputs.prompts(), settings,
                        new long[] { RunLoop.samplingSeed(config) }, "finetune.", decoded).get(0);
                double seconds = RunLoop.seconds(started);
                metrics.append(at, seconds, TRAIN_LOSS, trainLoss);
                metrics.append(at, seconds, LOSS, testLoss);
                for (Map.Entry<String, Double> value : values.entrySet()) {
                    metrics.append(at, seconds, value.getKey(), value.getValue());
                }
                metrics.sync();
                boolean latest = checkpoints.latestDue(step) || step == steps;
                // distributions make a file several times larger: only where a checkpoint is kept
                completions.write(at, decoded.get(0), latest ? model : null);
                if (testLoss < bestLoss) {
                    bestLoss = testLoss;
                    checkpoints.saveBest(directory, CHECKPOINTS,
                            Checkpoint.state(model.trainingGraph(), at, RunLoop.counters(0, 0)));
                }
                if (latest) {
                    saveLatest(checkpoints, model, at, 0, 0, record, checkpoints.latestDue(step));
                }
                record.setStep(at);
                summariseFineTuning(record, offset);
                directory.writeRecord(record);
                events.accept(pretraining.event(ProgressEvent.EVALUATED, at, offset + steps, trainLoss, testLoss,
                        optimal, started, "fine-tuning"));
            }
        }
        record.setStatus(RunStatus.FINISHED);
        record.setStep(offset + steps);
        record.setMessage("fine-tuning on " + config.get("finetuning.language") + ": fine-tuned " + steps
                + " steps (scale " + scale + ")");
        summariseFineTuning(record, offset);
        directory.writeRecord(record);
        events.accept(pretraining.event(ProgressEvent.FINISHED, offset + steps, offset + steps, null, null, optimal,
                started, "fine-tuned"));
        return RunStatus.FINISHED;
    }

    /** Marks the run STOPPED after {@code done} fine-tuning steps (its checkpoint is written). */
    private RunStatus stopped(RunRecord record, long offset, int done, int steps, double optimal, long started) {
        long at = offset + done;
        record.setStatus(RunStatus.STOPPED);
        record.setStep(at);
        record.setMessage("stopped at fine-tuning step " + done + " of " + steps + " (step " + at
                + "); run again to resume");
        summariseFineTuning(record, offset);
        directory.writeRecord(record);
        events.accept(pretraining.event(ProgressEvent.STOPPED, at, offset + steps, null, null, optimal, started,
                "resumable"));
        return RunStatus.STOPPED;
    }

    /** The pre-training test loss after the reparametrisation and the Hessian trace, at the last pre-training step. */
    private void measure(LanguageModel model, int[][] pretrainTest, int probes, long offset, long started,
            MetricsLog metrics) {
        metrics.append(offset, RunLoop.seconds(started), PRETRAIN_LOSS,
                model.loss(new int[][][] { pretrainTest }, settings.convention())[0]);
        if (probes > 0) {
            int[][] words = java.util.Arrays.copyOf(pretrainTest, Math.min(HESSIAN_WORDS, pretrainTest.length));
            HessianTrace.Estimate trace = HessianTrace.estimate(model, new int[][][] { words }, settings.convention(),
                    probes, HessianTrace.EPSILON, 0x4E55);
            metrics.append(offset, RunLoop.seconds(started), HESSIAN, trace.trace()[0]);
            if (probes > 1) {
                metrics.append(offset, RunLoop.seconds(started), HESSIAN_ERROR, trace.standardError()[0]);
            }
        }
        metrics.sync();
    }

    /** The fine-tuning checkpoint to resume from (and, with keep all at a scheduled step, its kept copy). */
    private void saveLatest(CheckpointPolicy checkpoints, LanguageModel model, long at, double trainSum, int trainCount,
            RunRecord record, boolean scheduled) {
        checkpoints.saveLatest(directory, CHECKPOINTS,
                Checkpoint.state(model.trainingGraph(), at, RunLoop.counters(trainSum, trainCount)), scheduled);
        record.setCheckpointStep(at);
    }

    /** The lowest fine-tuning test loss evaluated so far (after a resume: in the kept metrics). */
    private double bestLoss(long offset) {
        return directory.metrics().stream().filter(p -> p.step() > offset && p.key().equals(LOSS))
                .mapToDouble(MetricPoint::value).min().orElse(Double.POSITIVE_INFINITY);
    }

    private static boolean fineTuningMetric(String key) {
        return key.startsWith("finetune.") || key.startsWith("hessian.");
    }

    /** Summaries (last, min, max; atBest = last) of the fine-tuning metrics, beside the pre-training ones. */
    private void summariseFineTuning(RunRecord record, long offset) {
        Map<String, List<Double>> series = new java.util.LinkedHashMap<>();
        for (MetricPoint point : directory.metrics()) {
            if (point.step() >= offset && fineTuningMetric(point.key())) {
                series.computeIfAbsent(point.key(), k -> new java.util.ArrayList<>()).add(point.value());
            }
        }
        record.getSummaries().removeIf(s -> series.containsKey(s.getMetric()));
        series.forEach((metric, values) -> {
            MetricSummary entry = ResultsFactory.eINSTANCE.createMetricSummary();
            entry.setMetric(metric);
            double last = values.get(values.size() - 1);
            entry.setLast(last);
            entry.setAtBest(last);
            entry.setMax(values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).max()
                    .orElse(Double.NaN));
            entry.setMin(values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).min()
                    .orElse(Double.NaN));
            record.getSummaries().add(entry);
        });
    }

    private int[][] sample(SplittableRandom random, int count) {
        int length = target.maxLength() + 2;
        int[][] words = new int[count][];
        for (int i = 0; i < count; i++) {
            int[] tokens = target.vocabulary().encode(target.generator().sample(random), true);
            if (tokens.length > length) {
                throw new IllegalStateException("a fine-tuning word is longer than max length " + target.maxLength());
            }
            words[i] = java.util.Arrays.copyOf(tokens, length);
        }
        return words;
    }

    private int integer(String key, int fallback) {
        return (int) number(key, fallback);
    }

    private double number(String key, double fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("run " + config.id() + ": '" + key + "' must be a number, not " + value);
        }
        return n.doubleValue();
    }
}
