package org.saturn.engine.run;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

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
 * ({@code finetune.ood.R1}, ...).</li>
 * </ol>
 * Fine-tuning metrics are written at steps after the last pre-training step (pre-training step +
 * fine-tuning step). An interrupted fine-tuning starts again from the pre-trained weights (it is
 * short; pre-training is never redone).
 */
public final class FineTuning {

    static final int HESSIAN_WORDS = 128;
    static final String PRETRAINED = "pretrained";
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

    /** Whether the run's pre-training is over (its fine-tuning has begun at least once). */
    public static boolean pretrained(RunDirectory directory) {
        return Checkpoint.step(directory.checkpoint(PRETRAINED)) >= 0;
    }

    /** Fine-tunes the pre-trained run; returns FINISHED, or STOPPED on a stop request. */
    public RunStatus run() {
        long started = System.nanoTime();
        if (!pretrained(directory)) {
            SeedCheckpoints.write(SeedCheckpoints.read(directory.checkpoint("latest")), directory.checkpoint(PRETRAINED));
        }
        SeedCheckpoints.Saved pretrainedState = SeedCheckpoints.read(directory.checkpoint(PRETRAINED));
        long offset = pretrainedState.step();
        double optimal = org.saturn.core.optimal.OptimalLoss.of(target, RunLoop.core(settings.convention())).optimalLoss();
        directory.truncateMetricsAfter(offset);
        int steps = integer("finetuning.steps", 1000);
        int batch = integer("finetuning.batch", settings.batch());
        int examples = integer("finetuning.examples", 0);
        int every = Math.max(1, integer("finetuning.evaluateEvery", 100));
        int probes = integer("finetuning.hessianTraceSamples", 0);
        double scale = number("finetuning.reparametrizeScale", 1.0);
        double lr = number("finetuning.lr", 1e-4);

        RunRecord record = directory.record().orElseGet(pretraining::newRecord);
        record.setStatus(RunStatus.RUNNING);
        record.setMessage("fine-tuning on " + config.get("finetuning.language"));
        directory.writeRecord(record);

        Optimizer base = settings.optimizer();
        Optimizer optimizer = new Optimizer(base.kind(), lr, base.weightDecay());
        LanguageModel model = new LanguageModel(settings.model(), target.vocabulary().size(), target.maxLength() + 2,
                config.seed());
        Trainer trainer = new Trainer(model, optimizer, LearningRateSchedule.constant(), settings.convention());
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> weights = new java.util.LinkedHashMap<>();
        pretrainedState.arrays().forEach((key, array) -> {
            if (key.startsWith("var/")) {
                weights.put(key, array); // weights only: fine-tuning starts with fresh optimiser moments
            }
        });
        SeedSlices.inject(model.trainingGraph(), 0, weights);
        Reparametrisation.rescale(model, scale);

        int[][] pretrainTest = pretraining.testSet();
        try (MetricsLog metrics = directory.openMetrics()) {
            double seconds = RunLoop.seconds(started);
            metrics.append(offset, seconds, PRETRAIN_LOSS,
                    model.loss(new int[][][] { pretrainTest }, settings.convention())[0]);
            if (probes > 0) {
                int[][] words = java.util.Arrays.copyOf(pretrainTest, Math.min(HESSIAN_WORDS, pretrainTest.length));
                HessianTrace.Estimate trace = HessianTrace.estimate(model, new int[][][] { words },
                        settings.convention(), probes, HessianTrace.EPSILON, 0x4E55);
                metrics.append(offset, RunLoop.seconds(started), HESSIAN, trace.trace()[0]);
                if (probes > 1) {
                    metrics.append(offset, RunLoop.seconds(started), HESSIAN_ERROR, trace.standardError()[0]);
                }
            }
            metrics.sync();

            int[][] fixed = examples > 0 ? sample(new SplittableRandom(RunLoop.mix(config.seed(), 0, 0xF1E)), examples)
                    : null;
            int[][] test = sample(new SplittableRandom(0x7E57_5E7L), RunLoop.TEST_WORDS);
            double trainSum = 0;
            int trainCount = 0;
            for (int step = 1; step <= steps; step++) {
                if (stop.get()) {
                    record.setStatus(RunStatus.STOPPED);
                    record.setMessage("stopped while fine-tuning; run again to fine-tune again from the pre-trained weights");
                    directory.writeRecord(record);
                    events.accept(pretraining.event(ProgressEvent.STOPPED, offset, null, null, optimal, started,
                            "resumable"));
                    return RunStatus.STOPPED;
                }
                Nd4j.getRandom().setSeed(RunLoop.mix(config.seed(), step, 0xD81));
                SplittableRandom random = new SplittableRandom(RunLoop.mix(config.seed(), step, 0xF1B));
                int[][] words = new int[batch][];
                for (int i = 0; i < batch; i++) {
                    words[i] = fixed != null ? fixed[random.nextInt(fixed.length)] : sample(random, 1)[0];
                }
                trainSum += trainer.step(new int[][][] { words })[0];
                trainCount++;
                if (step % every == 0 || step == steps) {
                    double testLoss = model.loss(new int[][][] { test }, settings.convention())[0];
                    Map<String, Double> values = CompletionScores.score(model, target, targetInputs.prompts(), settings,
                            new long[] { RunLoop.mix(config.seed(), 0, 0x5A3) }, "finetune.").get(0);
                    long at = offset + step;
                    seconds = RunLoop.seconds(started);
                    metrics.append(at, seconds, TRAIN_LOSS, trainSum / trainCount);
                    metrics.append(at, seconds, LOSS, testLoss);
                    for (Map.Entry<String, Double> value : values.entrySet()) {
                        metrics.append(at, seconds, value.getKey(), value.getValue());
                    }
                    metrics.sync();
                    trainSum = 0;
                    trainCount = 0;
                    events.accept(pretraining.event(ProgressEvent.EVALUATED, at, null, testLoss, optimal, started,
                            "fine-tuning"));
                }
            }
        }
        record.setStatus(RunStatus.FINISHED);
        record.setMessage(record.getMessage() + ": fine-tuned " + steps + " steps (scale " + scale + ")");
        summariseFineTuning(record, offset);
        directory.writeRecord(record);
        events.accept(pretraining.event(ProgressEvent.FINISHED, offset + steps, null, null, optimal, started,
                "fine-tuned"));
        return RunStatus.FINISHED;
    }

    /** Summaries (last, min, max; atBest = last) of the fine-tuning metrics, beside the pre-training ones. */
    private void summariseFineTuning(RunRecord record, long offset) {
        Map<String, List<Double>> series = new java.util.LinkedHashMap<>();
        for (MetricPoint point : directory.metrics()) {
            if (point.step() >= offset && (point.key().startsWith("finetune.") || point.key().startsWith("hessian."))) {
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
