package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.saturn.core.lang.Language;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.optimal.OptimalLoss;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.MetricsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.Reparametrisation;
import org.saturn.engine.train.HessianTrace;
import org.saturn.engine.train.RegimeAveraging;
import org.saturn.engine.train.SeedSlices;
import org.saturn.engine.train.Trainer;

/**
 * Trains one {@link Stage} of 1..N runs to its end (steps, early stopping or saturation), each run
 * against its own folder in the run store, resuming from the runs' latest checkpoints. N > 1 runs
 * (a group: equal but for the seed) train as one seed-batched model, and each gets exactly what it
 * gets alone: the same batches (they depend on (seed, step) only, see {@link RunData}), the same
 * updates (the batched objective is the sum of per-seed means; LayerNorm and the LSTM run per-seed
 * ops), its own metrics, record, events and one-seed checkpoints.
 * <p>
 * Per-seed stopping: a run that early-stops or saturates finishes at that evaluation with the
 * results it would have alone; its slot is then dropped from the model (the others' weights and
 * Adam state are carried over to a smaller graph). Resuming: every run's latest checkpoint must be
 * at the same step (the dispatcher groups runs so); each seed is restored from its own run's one.
 * <p>
 * Not batched when training goes through SameDiff (CUDA) with dropout: ND4J draws every dropout
 * mask from one global generator, so a batched graph cannot give each seed the masks it draws alone.
 * The CPU kernels draw each seed's masks from (seed, update) and batch dropout runs exactly.
 * <p>
 * A fine-tuning stage writes its metrics and completions at steps after the last pre-training step
 * (pre-training step + fine-tuning step) and its checkpoints into folders of its own
 * ({@code finetune-latest}, ...); its start (weights, reparametrisation, measurement) is followed by a
 * checkpoint, so a resume never measures again, and pre-training is never redone.
 */
public final class TrainingLoop {

    static final String LATEST = "latest";
    static final String BEST = "best";
    static final String TRAIN_LOSS_SUM = "trainLoss.sum";
    static final String TRAIN_LOSS_COUNT = "trainLoss.count";

    /** One run the loop trains: its configuration and its folder. */
    public record Member(RunConfig config, RunDirectory directory) {
    }

    /** A member and where it stands. */
    private static final class Progress {
        final RunConfig config;
        final RunDirectory directory;
        RunRecord record;
        Evaluations history;
        MetricsLog metrics;
        CompletionsWriter completions;
        RunStatus status;
        double trainLossSum;
        int trainLossCount;

        Progress(Member member) {
            this.config = member.config();
            this.directory = member.directory();
        }
    }

    private final List<Progress> members = new ArrayList<>();
    private final Stage stage;
    private final RunSettings settings;
    private final Language language;
    private final Consumer<ProgressEvent> events;
    private final AtomicBoolean stop;
    private long started;
    private double optimal;
    private long offset;
    private PhaseTimes times;

    public TrainingLoop(List<Member> members, Stage stage, Consumer<ProgressEvent> events, AtomicBoolean stop) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a training loop needs at least one run");
        }
        this.settings = RunSettings.of(members.get(0).config());
        this.stage = stage;
        this.language = stage.inputs().language();
        this.events = events;
        this.stop = stop;
        if (members.size() > 1) {
            checkBatchable(members.stream().map(Member::config).toList());
        }
        members.forEach(member -> this.members.add(new Progress(member)));
    }

    /** One run trained alone (N = 1). */
    public TrainingLoop(RunConfig config, RunDirectory directory, Stage stage, Consumer<ProgressEvent> events,
            AtomicBoolean stop) {
        this(List.of(new Member(config, directory)), stage, events, stop);
    }

    private void checkBatchable(List<RunConfig> configs) {
        String group = Groups.key(configs.get(0));
        Set<Long> seeds = new HashSet<>();
        for (RunConfig config : configs) {
            if (!Groups.key(config).equals(group)) {
                throw new IllegalArgumentException("runs " + configs.get(0).id() + " and " + config.id()
                        + " differ in more than their seed: they cannot train as one batched model");
            }
            if (!seeds.add(config.seed())) {
                throw new IllegalArgumentException("seed " + config.seed() + " appears twice in one batched group");
            }
        }
        String reason = SeedBatching.whyNot(settings);
        if (reason != null) {
            throw new IllegalArgumentException("runs of group " + group + " cannot train seed-batched: " + reason);
        }
    }

    /** Trains every run to the stage's end or to a stop request; returns each run's final status, in order. */
    public List<RunStatus> run() {
        started = System.nanoTime();
        times = new PhaseTimes();
        optimal = times.time(PhaseTimes.Phase.SETUP, () -> OptimalLoss.of(language, settings.convention()).optimalLoss());
        offset = offset();
        long resumeAt = resumeStep();
        // a fine-tuning's start checkpoint (at the offset) is already a resume point: it was measured
        boolean resuming = resumeAt > offset || stage.start() != null && resumeAt == offset;
        long done = resuming ? resumeAt - offset : 0;
        List<Progress> live = new ArrayList<>(members);
        LanguageModel built = times.time(PhaseTimes.Phase.SETUP, () -> newModel(live));
        LanguageModel model = built;
        Trainer trainer = times.time(PhaseTimes.Phase.SETUP, () -> newTrainer(built));
        if (resuming) {
            times.time(PhaseTimes.Phase.SETUP, () -> restore(built, live));
        }
        for (Progress member : members) {
            begin(member, resuming, resumeAt, done);
        }
        if (stop.get() && !resuming && stage.start() != null) {
            // asked to stop before the start (a worker fine-tunes its runs one after the other): it runs on the resume
            members.forEach(member -> stopped(member, 0));
            return statuses();
        }
        try {
            for (Progress member : members) {
                member.metrics = member.directory.openMetrics();
            }
            if (!resuming) {
                LanguageModel starting = model;
                times.time(PhaseTimes.Phase.MEASURING, () -> start(starting, live));
            }
            while (done < stage.steps() && !live.isEmpty()) {
                if (stop.get()) {
                    for (int slot = 0; slot < live.size(); slot++) {
                        Progress member = live.get(slot);
                        saveLatest(model, slot, member, done, stage.checkpoints().latestDue(done));
                        stopped(member, done);
                    }
                    return statuses();
                }
                long step = done + stage.firstStep();
                // SameDiff's dropout generator (the CPU kernels draw each seed's masks themselves)
                Nd4j.getRandom().setSeed(stage.batches().dropoutSeed(live.get(0).config.seed(), step));
                Trainer training = trainer;
                double[] losses = times.time(PhaseTimes.Phase.TRAINING, () -> trainStep(training, live, step));
                for (int slot = 0; slot < live.size(); slot++) {
                    live.get(slot).trainLossSum += losses[slot];
                    live.get(slot).trainLossCount++;
                }
                done++;
                if (done % stage.evaluateEvery() != 0 && done != stage.steps()) {
                    if (stage.checkpoints().latestDue(done)) {
                        for (int slot = 0; slot < live.size(); slot++) {
                            Progress member = live.get(slot);
                            int seed = slot;
                            LanguageModel saved = model;
                            long at = done;
                            times.time(PhaseTimes.Phase.CHECKPOINTING, () -> saveLatest(saved, seed, member, at, true));
                            member.record.setStep(offset + done);
                            member.directory.writeRecord(member.record);
                        }
                    }
                } else {
                    List<Progress> stopped = evaluate(model, live, done);
                    if (!stopped.isEmpty()) {
                        live.removeAll(stopped);
                        if (!live.isEmpty()) {
                            trainer = shrink(model, live);
                            model = trainer.model();
                        }
                    }
                }
            }
            if (stage.fineTuning() && stage.start().measuresFineTuned() && !live.isEmpty()) {
                // the fine-tuned weights on the fine-tuning loss, written at the last step before the run finishes
                LanguageModel trained = model;
                Flatness fineTuned = times.time(PhaseTimes.Phase.MEASURING,
                        () -> measure(trained, live.size(), stage.data().testSet()));
                for (int slot = 0; slot < live.size(); slot++) {
                    fineTuned.append(live.get(slot).metrics, offset + done, RunRecords.seconds(started), slot,
                            MetricKeys.FINE_TUNING);
                    live.get(slot).metrics.sync();
                }
            }
            for (Progress member : live) {
                Evaluations.Evaluation last = member.history.last();
                finish(member, stage.finishedMessage(), null, stage.fineTuning() || last == null ? null
                        : last.testLoss(), stage.fineTuning() ? "fine-tuned" : null);
            }
            return statuses();
        } finally {
            for (Progress member : members) {
                if (member.metrics != null) {
                    member.metrics.close();
                }
                times.write(member.directory, stage.fineTuning() ? "fineTuning" : "pretraining", members.size(),
                        resuming);
            }
        }
    }

    /** The step this stage starts after; every run must agree. */
    private long offset() {
        long first = stage.offset(members.get(0).directory);
        for (Progress member : members) {
            long own = stage.offset(member.directory);
            if (own != first) {
                throw new IllegalArgumentException("run " + member.config.id() + " was pre-trained for " + own
                        + " steps and run " + members.get(0).config.id() + " for " + first
                        + ": runs of one batched group must start a stage at the same step");
            }
        }
        return first;
    }

    /** The step every run resumes from: their latest checkpoints must agree (-1 when none has one). */
    private long resumeStep() {
        long step = Checkpoint.step(latest(members.get(0).directory));
        for (Progress member : members) {
            long own = Checkpoint.step(latest(member.directory));
            if (own != step) {
                throw new IllegalArgumentException("run " + member.config.id() + " has its checkpoint at step " + own
                        + " and run " + members.get(0).config.id() + " at step " + step
                        + ": runs of one batched group must resume from the same step");
            }
        }
        return step;
    }

    private java.nio.file.Path latest(RunDirectory directory) {
        return directory.checkpoint(stage.checkpointPrefix() + LATEST);
    }

    /** Restores every seed from its run's latest checkpoint, with the loop counters. */
    private void restore(LanguageModel model, List<Progress> live) {
        int iteration = -1;
        for (int slot = 0; slot < live.size(); slot++) {
            Progress member = live.get(slot);
            Checkpoint.Saved saved = SeedCheckpoints.restore(model.trainingGraph(), slot, latest(member.directory));
            if (iteration >= 0 && saved.iteration() != iteration) {
                throw new IllegalStateException("the checkpoints of one batched group disagree on the update count");
            }
            iteration = saved.iteration();
            member.trainLossSum = saved.counters().getOrDefault(TRAIN_LOSS_SUM, 0.0);
            member.trainLossCount = saved.counters().getOrDefault(TRAIN_LOSS_COUNT, 0.0).intValue();
        }
        SeedSlices.setIteration(model.trainingGraph(), iteration);
    }

    /**
     * The run's record and store at the stage's beginning: what was written after the point it
     * resumes from goes (the store must equal an uninterrupted run's).
     */
    private void begin(Progress member, boolean resuming, long resumeAt, long done) {
        RunDirectory directory = member.directory;
        member.record = directory.record().orElseGet(() -> RunRecords.newRecord(member.config));
        member.completions = new CompletionsWriter(language, directory);
        if (resuming) {
            directory.truncateMetricsAfter(resumeAt);
            if (stage.fineTuning()) {
                // a worker stopped while measuring the fine-tuned weights left a part: they are measured again
                directory.keepMetrics(p -> !p.key().startsWith(MetricKeys.FINE_TUNED_HESSIAN));
            }
            member.completions.removeAfter(resumeAt);
        } else if (stage.fineTuning()) {
            // (again) from the pre-trained weights: what an earlier start wrote at or after the offset goes
            directory.keepMetrics(p -> p.step() < offset || p.step() == offset && !MetricKeys.fineTuning(p.key()));
            member.completions.removeAfter(offset);
        } else {
            directory.truncateMetricsAfter(-1);
            member.completions.removeAfter(-1);
        }
        member.history = Evaluations.from(directory.metrics(), stage);
        RunRecord record = member.record;
        record.setStatus(RunStatus.RUNNING);
        record.setTotalSteps(offset + stage.steps());
        record.setStep(offset + done);
        record.setCheckpointStep(resuming ? resumeAt : stage.fineTuning() ? offset : -1);
        if (stage.fineTuning()) {
            record.setMessage("fine-tuning on " + stage.start().target());
        } else {
            record.setOptimalLoss(optimal);
            record.setBestStep(member.history.bestStep());
        }
        directory.writeRecord(record);
        if (!stage.fineTuning()) {
            events.accept(event(member, ProgressEvent.STARTED, offset + done, null, null, null));
        }
    }

    /**
     * What happens before the stage's first update: pre-training records the optimal loss; fine-tuning
     * takes the pre-trained weights (fresh optimiser moments), reparametrises them, measures them and
     * writes its start checkpoint.
     */
    private void start(LanguageModel model, List<Progress> live) {
        if (stage.start() == null) {
            for (Progress member : live) {
                member.metrics.append(0, RunRecords.seconds(started), MetricKeys.OPTIMAL_LOSS, optimal);
            }
            return;
        }
        Stage.Start start = stage.start();
        for (int slot = 0; slot < live.size(); slot++) {
            Map<String, INDArray> weights = new LinkedHashMap<>();
            Checkpoint.read(live.get(slot).directory.checkpoint(start.weights())).arrays().forEach((key, array) -> {
                if (key.startsWith("var/")) {
                    weights.put(key, array);
                }
            });
            SeedSlices.inject(model.trainingGraph(), slot, weights);
        }
        Reparametrisation.rescale(model, start.scale());
        int[][] pretrainTest = start.pretraining().testSet();
        int[][][] perSeed = Trainer.forEverySeed(live.size(), pretrainTest);
        double[] pretrainLoss = model.loss(perSeed, settings.convention());
        Flatness flatness = start.measuresPretrained() ? measure(model, live.size(), pretrainTest) : null;
        for (int slot = 0; slot < live.size(); slot++) {
            Progress member = live.get(slot);
            member.metrics.append(offset, RunRecords.seconds(started), MetricKeys.FINE_TUNING_PRETRAIN_LOSS,
                    pretrainLoss[slot]);
            if (flatness != null) {
                flatness.append(member.metrics, offset, RunRecords.seconds(started), slot, "");
            }
            member.metrics.sync();
            // the start checkpoint: a resume never measures again
            stage.checkpoints().saveLatest(member.directory, stage.checkpointPrefix(),
                    SeedCheckpoints.state(model.trainingGraph(), slot, offset, counters(0, 0)), false);
        }
    }

    /** Hutchinson's trace of the loss Hessian and the output layer's relative flatness, per seed. */
    private record Flatness(HessianTrace.Estimate trace, HessianTrace.Estimate relative, int budget) {

        /** The measurements of one seed at {@code step}, under keys {@code prefix + hessian.*}. */
        void append(MetricsLog metrics, long step, double seconds, int slot, String prefix) {
            metrics.append(step, seconds, prefix + MetricKeys.HESSIAN_TRACE, trace.trace()[slot]);
            if (budget > 1) {
                metrics.append(step, seconds, prefix + MetricKeys.HESSIAN_TRACE_STDERR, trace.standardError()[slot]);
            }
            metrics.append(step, seconds, prefix + MetricKeys.HESSIAN_TRACE_PROBES, trace.probes());
            metrics.append(step, seconds, prefix + MetricKeys.RELATIVE_FLATNESS, relative.trace()[slot]);
            if (budget > 1) {
                metrics.append(step, seconds, prefix + MetricKeys.RELATIVE_FLATNESS_STDERR,
                        relative.standardError()[slot]);
            }
            metrics.append(step, seconds, prefix + MetricKeys.RELATIVE_FLATNESS_PROBES, relative.probes());
        }
    }

    /**
     * Flatness of the model's seeds on the first {@value RunData#HESSIAN_WORDS} of {@code testSet}
     * (every seed on the same words), within the start's budget and tolerance.
     */
    private Flatness measure(LanguageModel model, int seeds, int[][] testSet) {
        Stage.Start start = stage.start();
        int[][] words = Arrays.copyOf(testSet, Math.min(RunData.HESSIAN_WORDS, testSet.length));
        HessianTrace.Budget budget = HessianTrace.Budget.hutchPlusPlus(start.hessianProbes(), start.hessianTolerance());
        HessianTrace.Estimate trace = HessianTrace.estimate(model, Trainer.forEverySeed(seeds, words),
                settings.convention(), budget, HessianTrace.EPSILON, 0x4E55);
        HessianTrace.Estimate relative = HessianTrace.relativeFlatness(model, Trainer.forEverySeed(seeds, words),
                settings.convention(), budget, HessianTrace.EPSILON, 0x4E56);
        return new Flatness(trace, relative, start.hessianProbes());
    }

    private LanguageModel newModel(List<Progress> live) {
        long[] seeds = live.stream().mapToLong(m -> m.config.seed()).toArray();
        return new LanguageModel(settings.model(), language.vocabulary().size(), language.maxLength() + 2, seeds);
    }

    private Trainer newTrainer(LanguageModel model) {
        return new Trainer(model, stage.optimizer(), stage.schedule(), settings.convention());
    }

    /**
     * A graph of the seeds still training, with their weights, Adam moments and the update count
     * carried over from the old one: the same state, so they go on as before.
     */
    private Trainer shrink(LanguageModel old, List<Progress> live) {
        long[] oldSeeds = old.seeds();
        LanguageModel smaller = newModel(live);
        Trainer trainer = newTrainer(smaller);
        for (int slot = 0; slot < live.size(); slot++) {
            int oldSlot = indexOf(oldSeeds, live.get(slot).config.seed());
            SeedSlices.inject(smaller.trainingGraph(), slot, SeedSlices.extract(old.trainingGraph(), oldSlot));
        }
        SeedSlices.setIteration(smaller.trainingGraph(), SeedSlices.iteration(old.trainingGraph()));
        return trainer;
    }

    private static int indexOf(long[] values, long value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new IllegalStateException("seed " + value + " is not in the model");
    }

    private double[] trainStep(Trainer trainer, List<Progress> live, long step) {
        int seeds = live.size();
        int[][][] batches = new int[seeds][][];
        for (int slot = 0; slot < seeds; slot++) {
            batches[slot] = stage.batches().batch(live.get(slot).config.seed(), step);
        }
        if (stage.regime() == null) {
            return trainer.step(batches);
        }
        int[][][] regime = new int[seeds][][];
        int[][] from = new int[seeds][];
        RegimeAveraging averaging = null;
        for (int slot = 0; slot < seeds; slot++) {
            RunData.RegimeBatch own = stage.regime().batch(live.get(slot).config.seed(), step);
            regime[slot] = own.sequences();
            from[slot] = own.from();
            averaging = own.averaging();
        }
        return trainer.step(batches, regime, from, averaging, stage.regimeWeight());
    }

    /** One evaluation of every live run after {@code done} updates; returns the runs that stop here. */
    private List<Progress> evaluate(LanguageModel model, List<Progress> live, long done) {
        long at = offset + done;
        double[] testLoss = times.time(PhaseTimes.Phase.EVALUATION, () -> model.loss(
                Trainer.forEverySeed(live.size(), stage.data().testSet()), settings.convention()));
        int[][] validationSet = stage.fineTuning() ? null : stage.data().validationSet();
        double[] validationLoss = validationSet == null ? null : times.time(PhaseTimes.Phase.EVALUATION,
                () -> model.loss(Trainer.forEverySeed(live.size(), validationSet), settings.convention()));
        List<List<CompletionsWriter.SetCompletions>> decoded = new ArrayList<>();
        long[] samplingSeeds = live.stream().mapToLong(m -> RunData.samplingSeed(m.config.seed())).toArray();
        List<Map<String, Double>> values = times.time(PhaseTimes.Phase.DECODING, () -> CompletionScores.score(model,
                language, stage.inputs().prompts(), settings, samplingSeeds, stage.metricPrefix(), decoded));
        List<Progress> stopped = new ArrayList<>();
        for (int slot = 0; slot < live.size(); slot++) {
            Progress member = live.get(slot);
            double trainLoss = member.trainLossSum / member.trainLossCount;
            member.trainLossSum = 0;
            member.trainLossCount = 0;
            double seconds = RunRecords.seconds(started);
            member.metrics.append(at, seconds, stage.trainLossKey(), trainLoss);
            member.metrics.append(at, seconds, stage.testLossKey(), testLoss[slot]);
            if (validationLoss != null) {
                member.metrics.append(at, seconds, MetricKeys.VALIDATION_LOSS, validationLoss[slot]);
            }
            if (!stage.fineTuning()) {
                member.metrics.append(at, seconds, MetricKeys.GAP_PERCENT, 100 * (testLoss[slot] - optimal) / optimal);
            }
            for (Map.Entry<String, Double> value : values.get(slot).entrySet()) {
                member.metrics.append(at, seconds, value.getKey(), value.getValue());
            }
            member.metrics.sync();
            Map<String, Double> evaluated = values.get(slot);
            if (!stage.fineTuning()) {
                // in the record's summaries too (a study may declare trainLoss); fine-tuning summarises its series
                evaluated = new LinkedHashMap<>(evaluated);
                evaluated.put(stage.trainLossKey(), trainLoss);
            }
            boolean best = member.history.add(at, testLoss[slot], evaluated);
            // fine-tuning runs its steps: no early stopping
            String reason = stage.fineTuning() ? null : member.history.stopReason(settings, optimal);
            boolean latest = stage.checkpoints().latestDue(done) || reason != null || done == stage.steps();
            // distributions make a file several times larger: only where a checkpoint is kept
            int seed = slot;
            times.time(PhaseTimes.Phase.CHECKPOINTING, () -> {
                member.completions.write(at, decoded.get(seed), latest ? model : null, seed);
                if (best) {
                    if (!stage.fineTuning()) {
                        member.record.setBestStep(at);
                    }
                    stage.checkpoints().saveBest(member.directory, stage.checkpointPrefix(),
                            SeedCheckpoints.state(model.trainingGraph(), seed, at, counters(0, 0)));
                }
                if (latest) {
                    saveLatest(model, seed, member, done, stage.checkpoints().latestDue(done));
                }
            });
            member.record.setStep(at);
            summarise(member);
            member.directory.writeRecord(member.record);
            events.accept(event(member, ProgressEvent.EVALUATED, at, trainLoss, testLoss[slot],
                    stage.fineTuning() ? "fine-tuning"
                            : values.get(slot).get(MetricKeys.outOfDistribution(language.rule(0).name()))));
            if (reason != null) {
                finish(member, reason, trainLoss, testLoss[slot], reason);
                stopped.add(member);
            }
        }
        return stopped;
    }

    /** The checkpoint a run resumes from, with its loop counters (and, with keep all at a scheduled step, its kept copy). */
    private void saveLatest(LanguageModel model, int slot, Progress member, long done, boolean scheduled) {
        long at = offset + done;
        stage.checkpoints().saveLatest(member.directory, stage.checkpointPrefix(), SeedCheckpoints.state(
                model.trainingGraph(), slot, at, counters(member.trainLossSum, member.trainLossCount)), scheduled);
        member.record.setCheckpointStep(at);
    }

    /** The loop's counters a checkpoint keeps: the training losses summed since the last evaluation. */
    static Map<String, Double> counters(double trainLossSum, int trainLossCount) {
        Map<String, Double> counters = new LinkedHashMap<>();
        counters.put(TRAIN_LOSS_SUM, trainLossSum);
        counters.put(TRAIN_LOSS_COUNT, (double) trainLossCount);
        return counters;
    }

    /** Marks the run STOPPED after {@code done} updates of the stage (its checkpoint is written). */
    private void stopped(Progress member, long done) {
        long at = offset + done;
        end(member, RunStatus.STOPPED, at, stage.stoppedMessage(done, at));
        events.accept(event(member, ProgressEvent.STOPPED, at, null, null, "resumable"));
    }

    /**
     * Ends the run's stage. With a stage next the record stays RUNNING (the run is finished only
     * after its last stage) and this stage's weights are kept first, so that a worker killed at any
     * point afterwards resumes with the next stage.
     */
    private void finish(Progress member, String message, Double trainLoss, Double testLoss, String eventMessage) {
        long at = member.record.getStep();
        if (stage.followed()) {
            Stage.keepPretrained(member.directory);
        }
        end(member, stage.followed() ? RunStatus.RUNNING : RunStatus.FINISHED, at,
                stage.followed() ? "pre-trained (" + message + "); fine-tuning next" : message);
        member.status = RunStatus.FINISHED;
        events.accept(event(member, ProgressEvent.FINISHED, at, trainLoss, testLoss, eventMessage));
    }

    private void end(Progress member, RunStatus status, long at, String message) {
        member.status = status;
        member.record.setStatus(status);
        member.record.setStep(at);
        member.record.setMessage(message);
        summarise(member);
        member.directory.writeRecord(member.record);
    }

    private void summarise(Progress member) {
        if (stage.fineTuning()) {
            RunRecords.summariseFineTuning(member.record, member.directory.metrics(), offset);
        } else {
            RunRecords.summarise(member.record, member.history);
        }
    }

    private ProgressEvent event(Progress member, String status, long at, Double trainLoss, Double testLoss,
            Object extra) {
        return RunRecords.event(member.config, status, at, offset + stage.steps(), trainLoss, testLoss, optimal,
                started, extra);
    }

    private List<RunStatus> statuses() {
        return members.stream().map(m -> m.status == null ? RunStatus.STOPPED : m.status).toList();
    }
}
