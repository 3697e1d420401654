package org.saturn.engine.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.nd4j.linalg.factory.Nd4j;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.Vocabulary;
import org.saturn.core.lang.Word;
import org.saturn.core.metrics.RunSummary;
import org.saturn.core.optimal.OodPolicy;
import org.saturn.core.optimal.OptimalLoss;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.MetricsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.LossConvention;
import org.saturn.engine.train.Trainer;

/**
 * Trains one run to its end (steps, early stopping or saturation) against its folder in the run
 * store, resuming from its latest checkpoint when there is one. Training data, regime data and
 * dropout depend only on (seed, step), so a resumed run continues exactly where it stopped.
 */
public final class RunLoop {

    /** Test-set size: words sampled once per run with a fixed stream, the same for every seed. */
    static final int TEST_WORDS = 512;
    static final String TEST_LOSS = "test.loss";
    static final String TRAIN_LOSS = "train.loss";
    static final String OPTIMAL_LOSS = "optimal.loss";
    static final String GAP = "gap.percent";
    static final String LATEST = "latest";
    static final String BEST = "best";
    static final String TRAIN_LOSS_SUM = "trainLoss.sum";
    static final String TRAIN_LOSS_COUNT = "trainLoss.count";

    private final RunConfig config;
    private final RunSettings settings;
    private final Language language;
    private final PromptSet prompts;
    private final RunDirectory directory;
    private final Consumer<ProgressEvent> events;
    private final AtomicBoolean stop;
    private final Vocabulary vocabulary;
    private final int sequenceLength;

    public RunLoop(RunConfig config, Language language, PromptSet prompts, RunDirectory directory,
            Consumer<ProgressEvent> events, AtomicBoolean stop) {
        this.config = config;
        this.settings = RunSettings.of(config);
        this.language = language;
        this.prompts = prompts;
        this.directory = directory;
        this.events = events;
        this.stop = stop;
        this.vocabulary = language.vocabulary();
        this.sequenceLength = language.maxLength() + 2;
    }

    /** Runs to the end or to a stop request; returns the final status. */
    public RunStatus run() {
        long started = System.nanoTime();
        double optimal = OptimalLoss.of(language, core(settings.convention())).optimalLoss();
        LanguageModel model = new LanguageModel(settings.model(), vocabulary.size(), sequenceLength, config.seed());
        Trainer trainer = new Trainer(model, settings.optimizer(), settings.schedule(), settings.convention());
        int[][] testSet = testSet();
        List<int[]> regimeSequences = new ArrayList<>();
        List<Integer> regimeStarts = new ArrayList<>();
        regimeSequences(regimeSequences, regimeStarts);

        RunRecord record = directory.record().orElseGet(this::newRecord);
        CheckpointPolicy checkpoints = CheckpointPolicy.of(settings);
        CompletionsWriter completions = new CompletionsWriter(language, directory);
        Map<String, Double> counters = new LinkedHashMap<>();
        long step = 0;
        if (Checkpoint.step(directory.checkpoint(LATEST)) > 0) {
            step = Checkpoint.restore(model.trainingGraph(), directory.checkpoint(LATEST), counters);
        }
        // the store must equal an uninterrupted run's: drop what was written after the checkpoint
        directory.truncateMetricsAfter(step > 0 ? step : -1);
        completions.removeAfter(step > 0 ? step : -1);
        Evaluations history = Evaluations.from(directory.metrics());
        record.setStatus(RunStatus.RUNNING);
        record.setOptimalLoss(optimal);
        record.setTotalSteps(settings.steps());
        record.setStep(step);
        record.setCheckpointStep(step > 0 ? step : -1);
        record.setBestStep(history.bestStep());
        directory.writeRecord(record);
        events.accept(event(ProgressEvent.STARTED, step, null, null, optimal, started, null));

        // the mean training loss of an evaluation covers the steps since the previous one, also across a resume
        double trainLossSum = counters.getOrDefault(TRAIN_LOSS_SUM, 0.0);
        int trainLossCount = counters.getOrDefault(TRAIN_LOSS_COUNT, 0.0).intValue();
        try (MetricsLog metrics = directory.openMetrics()) {
            if (step == 0) {
                metrics.append(0, seconds(started), OPTIMAL_LOSS, optimal);
            }
            while (step < settings.steps()) {
                if (stop.get()) {
                    saveLatest(model, step, trainLossSum, trainLossCount, checkpoints, record);
                    finish(record, RunStatus.STOPPED, step, history, "stopped at step " + step + "; run again to resume");
                    events.accept(event(ProgressEvent.STOPPED, step, null, null, optimal, started, "resumable"));
                    return RunStatus.STOPPED;
                }
                Nd4j.getRandom().setSeed(mix(config.seed(), step, 0xD80));
                double loss = regimeSequences.isEmpty()
                        ? trainer.step(new int[][][] { batch(step) })[0]
                        : regimeStep(trainer, step, regimeSequences, regimeStarts);
                trainLossSum += loss;
                trainLossCount++;
                step++;
                boolean evaluation = step % settings.evaluateEvery() == 0 || step == settings.steps();
                if (!evaluation) {
                    if (checkpoints.latestDue(step)) {
                        saveLatest(model, step, trainLossSum, trainLossCount, checkpoints, record);
                        record.setStep(step);
                        directory.writeRecord(record);
                    }
                    continue;
                }
                double trainLoss = trainLossSum / trainLossCount;
                trainLossSum = 0;
                trainLossCount = 0;
                double testLoss = model.loss(new int[][][] { testSet }, settings.convention())[0];
                List<CompletionsWriter.SetCompletions> decoded = new ArrayList<>();
                Map<String, Double> values = evaluate(model, decoded);
                metrics.append(step, seconds(started), TRAIN_LOSS, trainLoss);
                metrics.append(step, seconds(started), TEST_LOSS, testLoss);
                metrics.append(step, seconds(started), GAP, 100 * (testLoss - optimal) / optimal);
                for (Map.Entry<String, Double> value : values.entrySet()) {
                    metrics.append(step, seconds(started), value.getKey(), value.getValue());
                }
                metrics.sync();
                boolean best = history.add(step, testLoss, values);
                String reason = history.stopReason(settings, optimal);
                boolean latest = checkpoints.latestDue(step) || reason != null || step == settings.steps();
                // distributions make a file several times larger: only where a checkpoint is kept
                completions.write(step, decoded, latest ? model : null);
                if (best) {
                    record.setBestStep(step);
                    checkpoints.saveBest(directory, "", Checkpoint.state(model.trainingGraph(), step, counters(0, 0)));
                }
                if (latest) {
                    saveLatest(model, step, 0, 0, checkpoints, record);
                }
                record.setStep(step);
                summarise(record, history);
                directory.writeRecord(record);
                events.accept(event(ProgressEvent.EVALUATED, step, trainLoss, testLoss, optimal, started,
                        values.get("ood." + language.rule(0).name())));
                if (reason != null) {
                    finish(record, RunStatus.FINISHED, step, history, reason);
                    events.accept(event(ProgressEvent.FINISHED, step, trainLoss, testLoss, optimal, started, reason));
                    return RunStatus.FINISHED;
                }
            }
        }
        finish(record, RunStatus.FINISHED, step, history, "trained " + settings.steps() + " steps");
        Evaluations.Evaluation last = history.last();
        events.accept(event(ProgressEvent.FINISHED, step, null, last == null ? null : last.testLoss(), optimal, started,
                null));
        return RunStatus.FINISHED;
    }

    /** The checkpoint a run resumes from (and, with keep all, its kept copy). */
    private void saveLatest(LanguageModel model, long step, double trainLossSum, int trainLossCount,
            CheckpointPolicy checkpoints, RunRecord record) {
        checkpoints.saveLatest(directory, "",
                Checkpoint.state(model.trainingGraph(), step, counters(trainLossSum, trainLossCount)),
                checkpoints.latestDue(step));
        record.setCheckpointStep(step);
    }

    /** The loop's counters a checkpoint keeps: the training losses summed since the last evaluation. */
    static Map<String, Double> counters(double trainLossSum, int trainLossCount) {
        Map<String, Double> counters = new LinkedHashMap<>();
        counters.put(TRAIN_LOSS_SUM, trainLossSum);
        counters.put(TRAIN_LOSS_COUNT, (double) trainLossCount);
        return counters;
    }

    /**
     * Ends the run's pre-training. With a fine-tuning stage next the record stays RUNNING (the run is
     * finished only after its fine-tuning) and the pre-trained weights are kept first, so that a
     * worker killed at any point afterwards resumes with the fine-tuning.
     */
    void finish(RunRecord record, RunStatus status, long step, Evaluations history, String message) {
        boolean fineTuningNext = status == RunStatus.FINISHED && FineTuning.requested(config);
        if (fineTuningNext) {
            FineTuning.keepPretrained(directory);
        }
        record.setStatus(fineTuningNext ? RunStatus.RUNNING : status);
        record.setStep(step);
        record.setMessage(fineTuningNext ? "pre-trained (" + message + "); fine-tuning next" : message);
        summarise(record, history);
        directory.writeRecord(record);
    }

    /**
     * Greedy (or sampled) completions of the ID, OOD and SOS-only prompts, scored by the core
     * metrics; the completions themselves go into {@code decoded}.
     */
    private Map<String, Double> evaluate(LanguageModel model, List<CompletionsWriter.SetCompletions> decoded) {
        List<List<CompletionsWriter.SetCompletions>> perSeed = new ArrayList<>();
        Map<String, Double> values = CompletionScores.score(model, language, prompts, settings,
                new long[] { samplingSeed(config) }, "", perSeed).get(0);
        decoded.addAll(perSeed.get(0));
        return values;
    }

    /** The seed of a run's sampled decoding (the same at every evaluation). */
    static long samplingSeed(RunConfig config) {
        return mix(config.seed(), 0, 0x5A3);
    }

    /** The step's training batch: depends on (seed, step) only. */
    int[][] batch(long step) {
        SplittableRandom random = new SplittableRandom(mix(config.seed(), step, 0xBA7));
        int[][] batch = new int[settings.batch()][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = pad(vocabulary.encode(language.generator().sample(random), true));
        }
        return batch;
    }

    /** One update on the step's batch plus a batch of completed OOD prompts (their completions only). */
    private double regimeStep(Trainer trainer, long step, List<int[]> sequences, List<Integer> starts) {
        RegimeBatch regime = regimeBatch(step, sequences, starts);
        return trainer.step(new int[][][] { batch(step) }, new int[][][] { regime.sequences() },
                new int[][] { regime.from() }, settings.regimeWeight())[0];
    }

    /** A step's completed OOD prompts and where each one's completion starts. */
    record RegimeBatch(int[][] sequences, int[] from) {
    }

    /** The step's regime batch: depends on (seed, step) only. */
    RegimeBatch regimeBatch(long step, List<int[]> sequences, List<Integer> starts) {
        SplittableRandom random = new SplittableRandom(mix(config.seed(), step, 0x9E6));
        int[][] regime = new int[settings.batch()][];
        int[] from = new int[regime.length];
        for (int i = 0; i < regime.length; i++) {
            int pick = random.nextInt(sequences.size());
            regime[i] = sequences.get(pick);
            from[i] = starts.get(pick);
        }
        return new RegimeBatch(regime, from);
    }

    /**
     * The regime's extra data: every OOD prompt completed so that R1 is violated (adversarial) or
     * holds (oracle), then EOS, with the position where the completion starts (only the completion
     * is trained: the prompt's prefixes may have positive probability). Max-likelihood has none.
     */
    void regimeSequences(List<int[]> sequences, List<Integer> starts) {
        OodPolicy policy = switch (settings.regime()) {
            case "adversarial" -> OodPolicy.violateR1();
            case "oracle" -> OodPolicy.satisfyR1();
            default -> null;
        };
        if (policy == null) {
            return;
        }
        for (Prompt prompt : prompts.outOfDistribution()) {
            Word completion = policy.completion(language, prompt.prefix()).orElse(Word.EMPTY);
            Word full = prompt.prefix().concat(completion);
            if (full.length() <= language.maxLength()) {
                sequences.add(pad(vocabulary.encode(full, true)));
                starts.add(prompt.prefix().length() + 1); // target index of the first completion token
            }
        }
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("regime " + settings.regime() + " needs OOD prompts, and "
                    + config.get("prompts") + " has none that can be completed within max length " + language.maxLength());
        }
    }

    int[][] testSet() {
        SplittableRandom random = new SplittableRandom(0x7E57_5E7L);
        int[][] words = new int[TEST_WORDS][];
        for (int i = 0; i < words.length; i++) {
            words[i] = pad(vocabulary.encode(language.generator().sample(random), true));
        }
        return words;
    }

    private int[] pad(int[] tokens) {
        if (tokens.length > sequenceLength) {
            throw new IllegalStateException("a word of length " + (tokens.length - 2) + " exceeds max length "
                    + language.maxLength());
        }
        return java.util.Arrays.copyOf(tokens, sequenceLength); // PAD = 0
    }

    RunRecord newRecord() {
        return newRecord(config);
    }

    /** The record of a run that has none yet; a queued run (saturn slurm) starts from the same one. */
    public static RunRecord newRecord(RunConfig config) {
        RunSettings settings = RunSettings.of(config);
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setRunId(config.id());
        record.setStudy(config.study());
        record.setModel(config.model());
        record.setRegime(settings.regime());
        record.setSeed(config.seed());
        record.setGroup(Groups.key(config));
        record.setLossConvention(settings.convention() == LossConvention.PAD_INCLUDED ? "pad" : "nopad");
        record.setTotalSteps(settings.steps());
        record.setStartedAt(Instant.now().toString());
        config.parameters().forEach((key, value) -> {
            if (!key.endsWith(".definition")) {
                Parameter parameter = ResultsFactory.eINSTANCE.createParameter();
                parameter.setKey(key);
                parameter.setValue(String.valueOf(value));
                record.getParameters().add(parameter);
            }
        });
        return record;
    }

    static void summarise(RunRecord record, Evaluations history) {
        record.setUpdatedAt(Instant.now().toString());
        record.getSummaries().clear();
        for (String metric : history.metrics()) {
            List<RunSummary.Evaluation> series = history.series(metric);
            if (series.isEmpty()) {
                continue;
            }
            RunSummary summary = RunSummary.of(series);
            MetricSummary entry = ResultsFactory.eINSTANCE.createMetricSummary();
            entry.setMetric(metric);
            entry.setAtBest(summary.atMinTestLoss());
            entry.setMax(summary.max());
            entry.setLast(summary.last());
            entry.setMin(series.stream().mapToDouble(RunSummary.Evaluation::value).filter(v -> !Double.isNaN(v)).min()
                    .orElse(Double.NaN));
            record.getSummaries().add(entry);
        }
    }

    ProgressEvent event(String status, long step, Double trainLoss, Double testLoss, double optimal,
            long started, Object extra) {
        return event(status, step, settings.steps(), trainLoss, testLoss, optimal, started, extra);
    }

    /** As above, out of {@code totalSteps} (a fine-tuning's end is after the pre-training's). */
    ProgressEvent event(String status, long step, long totalSteps, Double trainLoss, Double testLoss, double optimal,
            long started, Object extra) {
        Double oodR1 = extra instanceof Double d && !d.isNaN() ? d : null;
        String message = extra instanceof String s ? s : null;
        return new ProgressEvent(config.study(), config.id(), config.model(), settings.regime(), config.seed(), status,
                step, totalSteps, trainLoss, testLoss, optimal, oodR1, seconds(started), message);
    }

    static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    static org.saturn.core.optimal.LossConvention core(LossConvention convention) {
        return convention == LossConvention.PAD_INCLUDED ? org.saturn.core.optimal.LossConvention.PAD
                : org.saturn.core.optimal.LossConvention.NOPAD;
    }

    /** A well-mixed 64-bit seed from (seed, step, stream). */
    static long mix(long seed, long step, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
