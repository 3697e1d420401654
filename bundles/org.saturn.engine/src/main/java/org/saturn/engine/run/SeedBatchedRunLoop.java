package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.nd4j.linalg.factory.Nd4j;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.Vocabulary;
import org.saturn.core.optimal.OptimalLoss;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.prompts.PromptSet;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.MetricsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.train.SeedSlices;
import org.saturn.engine.train.Trainer;

/**
 * Trains the runs of one group (configurations that differ only in their seed) as one
 * seed-batched model, each run against its own folder exactly as {@link RunLoop} would train it
 * alone: the same batches (they depend on (seed, step) only), the same updates (the batched
 * objective is the sum of per-seed means, so each seed gets its own gradient; LayerNorm and the
 * LSTM run per-seed ops), its own metrics, record, events and one-seed checkpoints.
 * <p>
 * Per-seed stopping: a run that early-stops or saturates finishes at that evaluation with exactly
 * the results it would have alone; its slot is then dropped from the model (the others' weights and
 * Adam state are carried over to a smaller graph), so it costs nothing afterwards and the others go
 * on unchanged. Resuming: every run's latest checkpoint must be at the same step (the dispatcher
 * groups runs so); each seed is restored from its own run's checkpoint.
 * <p>
 * Not batched when training goes through SameDiff (CUDA) with dropout: ND4J draws every dropout
 * mask from one global generator, so a batched graph cannot give each seed the masks it draws alone.
 * The CPU kernels draw each seed's masks from (seed, update) and batch dropout runs exactly.
 */
public final class SeedBatchedRunLoop {

    private final List<Member> members = new ArrayList<>();
    private final RunSettings settings;
    private final Language language;
    private final PromptSet prompts;
    private final Consumer<ProgressEvent> events;
    private final AtomicBoolean stop;
    private final Vocabulary vocabulary;
    private final int sequenceLength;
    private final CheckpointPolicy checkpoints;

    /** One run of the group, and where it stands. */
    private static final class Member {
        final RunConfig config;
        final RunDirectory directory;
        final RunLoop alone;
        RunRecord record;
        Evaluations history;
        MetricsLog metrics;
        CompletionsWriter completions;
        RunStatus status;
        double trainLossSum;
        int trainLossCount;

        Member(RunConfig config, RunDirectory directory, RunLoop alone) {
            this.config = config;
            this.directory = directory;
            this.alone = alone;
        }
    }

    public SeedBatchedRunLoop(List<RunConfig> configs, Language language, PromptSet prompts,
            List<RunDirectory> directories, Consumer<ProgressEvent> events, AtomicBoolean stop) {
        if (configs.size() != directories.size() || configs.isEmpty()) {
            throw new IllegalArgumentException("one run directory per run, and at least one run");
        }
        this.settings = RunSettings.of(configs.get(0));
        this.checkpoints = CheckpointPolicy.of(settings);
        checkBatchable(configs);
        for (int i = 0; i < configs.size(); i++) {
            members.add(new Member(configs.get(i), directories.get(i),
                    new RunLoop(configs.get(i), language, prompts, directories.get(i), events, stop)));
        }
        this.language = language;
        this.prompts = prompts;
        this.events = events;
        this.stop = stop;
        this.vocabulary = language.vocabulary();
        this.sequenceLength = language.maxLength() + 2;
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

    /** Trains every run to its end or to a stop request; returns each run's final status, in order. */
    public List<RunStatus> run() {
        long started = System.nanoTime();
        double optimal = OptimalLoss.of(language, RunLoop.core(settings.convention())).optimalLoss();
        List<int[]> regimeSequences = new ArrayList<>();
        List<Integer> regimeStarts = new ArrayList<>();
        members.get(0).alone.regimeSequences(regimeSequences, regimeStarts);
        int[][] testSet = members.get(0).alone.testSet();

        long step = resumeStep();
        List<Member> live = new ArrayList<>(members);
        LanguageModel model = newModel(live);
        Trainer trainer = newTrainer(model);
        if (step > 0) {
            int iteration = -1;
            for (int slot = 0; slot < live.size(); slot++) {
                Member member = live.get(slot);
                Checkpoint.Saved saved = SeedCheckpoints.restore(model.trainingGraph(), slot,
                        member.directory.checkpoint(RunLoop.LATEST));
                if (iteration >= 0 && saved.iteration() != iteration) {
                    throw new IllegalStateException("the checkpoints of one batched group disagree on the update count");
                }
                iteration = saved.iteration();
                member.trainLossSum = saved.counters().getOrDefault(RunLoop.TRAIN_LOSS_SUM, 0.0);
                member.trainLossCount = saved.counters().getOrDefault(RunLoop.TRAIN_LOSS_COUNT, 0.0).intValue();
            }
            SeedSlices.setIteration(model.trainingGraph(), iteration);
        }
        for (Member member : members) {
            member.record = member.directory.record().orElseGet(member.alone::newRecord);
            member.directory.truncateMetricsAfter(step > 0 ? step : -1);
            member.completions = new CompletionsWriter(language, member.directory);
            member.completions.removeAfter(step > 0 ? step : -1);
            member.history = Evaluations.from(member.directory.metrics());
            member.record.setStatus(RunStatus.RUNNING);
            member.record.setOptimalLoss(optimal);
            member.record.setTotalSteps(settings.steps());
            member.record.setStep(step);
            member.record.setCheckpointStep(step > 0 ? step : -1);
            member.record.setBestStep(member.history.bestStep());
            member.directory.writeRecord(member.record);
            events.accept(member.alone.event(ProgressEvent.STARTED, step, null, null, optimal, started, null));
        }
        try {
            for (Member member : members) {
                member.metrics = member.directory.openMetrics();
                if (step == 0) {
                    member.metrics.append(0, RunLoop.seconds(started), RunLoop.OPTIMAL_LOSS, optimal);
                }
            }
            while (step < settings.steps() && !live.isEmpty()) {
                if (stop.get()) {
                    for (int slot = 0; slot < live.size(); slot++) {
                        Member member = live.get(slot);
                        saveLatest(model, slot, member, step);
                        member.alone.finish(member.record, RunStatus.STOPPED, step, member.history,
                                "stopped at step " + step + "; run again to resume");
                        member.status = RunStatus.STOPPED;
                        events.accept(member.alone.event(ProgressEvent.STOPPED, step, null, null, optimal, started,
                                "resumable"));
                    }
                    return statuses();
                }
                // what RunLoop seeds per step (dropout's generator); batched groups have no dropout
                Nd4j.getRandom().setSeed(RunLoop.mix(live.get(0).config.seed(), step, 0xD80));
                double[] losses = trainStep(trainer, live, step, regimeSequences, regimeStarts);
                for (int slot = 0; slot < live.size(); slot++) {
                    live.get(slot).trainLossSum += losses[slot];
                    live.get(slot).trainLossCount++;
                }
                step++;
                if (step % settings.evaluateEvery() != 0 && step != settings.steps()) {
                    if (checkpoints.latestDue(step)) {
                        for (int slot = 0; slot < live.size(); slot++) {
                            Member member = live.get(slot);
                            saveLatest(model, slot, member, step);
                            member.record.setStep(step);
                            member.directory.writeRecord(member.record);
                        }
                    }
                } else {
                    List<Member> stopped = evaluate(model, live, step, testSet, optimal, started);
                    if (!stopped.isEmpty()) {
                        live.removeAll(stopped);
                        if (!live.isEmpty()) {
                            trainer = shrink(model, live);
                            model = trainer.model();
                        }
                    }
                }
            }
            for (Member member : live) {
                member.alone.finish(member.record, RunStatus.FINISHED, step, member.history,
                        "trained " + settings.steps() + " steps");
                member.status = RunStatus.FINISHED;
                Evaluations.Evaluation last = member.history.last();
                events.accept(member.alone.event(ProgressEvent.FINISHED, step, null,
                        last == null ? null : last.testLoss(), optimal, started, null));
            }
            return statuses();
        } finally {
            for (Member member : members) {
                if (member.metrics != null) {
                    member.metrics.close();
                }
            }
        }
    }

    /** As RunLoop's: the checkpoint a run resumes from, with its loop counters (and, with keep all, its kept copy). */
    private void saveLatest(LanguageModel model, int slot, Member member, long step) {
        checkpoints.saveLatest(member.directory, "", SeedCheckpoints.state(model.trainingGraph(), slot, step,
                RunLoop.counters(member.trainLossSum, member.trainLossCount)), checkpoints.latestDue(step));
        member.record.setCheckpointStep(step);
    }

    private List<RunStatus> statuses() {
        return members.stream().map(m -> m.status == null ? RunStatus.STOPPED : m.status).toList();
    }

    /** The step every run resumes from: their latest checkpoints must agree (0 when none has one). */
    private long resumeStep() {
        long step = Checkpoint.step(members.get(0).directory.checkpoint(RunLoop.LATEST));
        for (Member member : members) {
            long own = Checkpoint.step(member.directory.checkpoint(RunLoop.LATEST));
            if (own != step) {
                throw new IllegalArgumentException("run " + member.config.id() + " has its checkpoint at step " + own
                        + " and run " + members.get(0).config.id() + " at step " + step
                        + ": runs of one batched group must resume from the same step");
            }
        }
        return Math.max(0, step);
    }

    private LanguageModel newModel(List<Member> live) {
        long[] seeds = live.stream().mapToLong(m -> m.config.seed()).toArray();
        return new LanguageModel(settings.model(), vocabulary.size(), sequenceLength, seeds);
    }

    private Trainer newTrainer(LanguageModel model) {
        return new Trainer(model, settings.optimizer(), settings.schedule(), settings.convention());
    }

    /**
     * A graph of the seeds still training, with their weights, Adam moments and the update count
     * carried over from the old one: the same state, so they go on as before.
     */
    private Trainer shrink(LanguageModel old, List<Member> live) {
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

    private double[] trainStep(Trainer trainer, List<Member> live, long step, List<int[]> regimeSequences,
            List<Integer> regimeStarts) {
        int seeds = live.size();
        int[][][] batches = new int[seeds][][];
        for (int slot = 0; slot < seeds; slot++) {
            batches[slot] = live.get(slot).alone.batch(step);
        }
        if (regimeSequences.isEmpty()) {
            return trainer.step(batches);
        }
        int[][][] regime = new int[seeds][][];
        int[][] from = new int[seeds][];
        for (int slot = 0; slot < seeds; slot++) {
            RunLoop.RegimeBatch own = live.get(slot).alone.regimeBatch(step, regimeSequences, regimeStarts);
            regime[slot] = own.sequences();
            from[slot] = own.from();
        }
        return trainer.step(batches, regime, from, settings.regimeWeight());
    }

    /** One evaluation of every live run, as RunLoop does it alone; returns the runs that stop here. */
    private List<Member> evaluate(LanguageModel model, List<Member> live, long step, int[][] testSet, double optimal,
            long started) {
        double[] testLoss = model.loss(Trainer.forEverySeed(live.size(), testSet), settings.convention());
        List<List<CompletionsWriter.SetCompletions>> decoded = new ArrayList<>();
        List<Map<String, Double>> values = decodeAndScore(model, live, decoded);
        List<Member> stopped = new ArrayList<>();
        for (int slot = 0; slot < live.size(); slot++) {
            Member member = live.get(slot);
            double trainLoss = member.trainLossSum / member.trainLossCount;
            member.trainLossSum = 0;
            member.trainLossCount = 0;
            double seconds = RunLoop.seconds(started);
            member.metrics.append(step, seconds, RunLoop.TRAIN_LOSS, trainLoss);
            member.metrics.append(step, seconds, RunLoop.TEST_LOSS, testLoss[slot]);
            member.metrics.append(step, seconds, RunLoop.GAP, 100 * (testLoss[slot] - optimal) / optimal);
            for (Map.Entry<String, Double> value : values.get(slot).entrySet()) {
                member.metrics.append(step, seconds, value.getKey(), value.getValue());
            }
            member.metrics.sync();
            boolean best = member.history.add(step, testLoss[slot], values.get(slot));
            String reason = member.history.stopReason(settings, optimal);
            // what RunLoop does alone: the same checkpoints, distributions where a checkpoint is kept
            boolean latest = checkpoints.latestDue(step) || reason != null || step == settings.steps();
            member.completions.write(step, decoded.get(slot), latest ? model : null, slot);
            if (best) {
                member.record.setBestStep(step);
                checkpoints.saveBest(member.directory, "",
                        SeedCheckpoints.state(model.trainingGraph(), slot, step, RunLoop.counters(0, 0)));
            }
            if (latest) {
                saveLatest(model, slot, member, step);
            }
            member.record.setStep(step);
            RunLoop.summarise(member.record, member.history);
            member.directory.writeRecord(member.record);
            events.accept(member.alone.event(ProgressEvent.EVALUATED, step, trainLoss, testLoss[slot], optimal, started,
                    values.get(slot).get("ood." + language.rule(0).name())));
            if (reason != null) {
                member.alone.finish(member.record, RunStatus.FINISHED, step, member.history, reason);
                member.status = RunStatus.FINISHED;
                events.accept(member.alone.event(ProgressEvent.FINISHED, step, trainLoss, testLoss[slot], optimal,
                        started, reason));
                stopped.add(member);
            }
        }
        return stopped;
    }

    /** The ID, OOD and SOS-only completions of every seed in one decoding pass, scored per seed. */
    private List<Map<String, Double>> decodeAndScore(LanguageModel model, List<Member> live,
            List<List<CompletionsWriter.SetCompletions>> decoded) {
        long[] samplingSeeds = live.stream().mapToLong(m -> RunLoop.samplingSeed(m.config)).toArray();
        return CompletionScores.score(model, language, prompts, settings, samplingSeeds, "", decoded);
    }
}
