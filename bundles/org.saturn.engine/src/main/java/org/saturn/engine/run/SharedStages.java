package org.saturn.engine.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.CompletionsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.RunStore;
import org.saturn.dsl.compiler.ConfigDefinitions;

/**
 * Pre-training shared by the runs that differ only in their fine-tuning (case study 3: one
 * pre-trained model, several reparametrisations or fine-tunings). The pre-training stage is a run
 * of its own, configured by every key but the fine-tuning's ({@link #pretraining}); its id is
 * that configuration's id, so runs that read the same pre-training keys share it whatever their
 * fine-tuning. It trains once in {@code <store>/<study>/.stages/<id>/} under its own lock (another
 * worker that needs it waits for that lock), and each run sharing it then copies its metrics,
 * completions, record and checkpoints: from there the run is exactly a run that pre-trained
 * itself, and fine-tunes and resumes as one.
 *
 * <p>A run that already has a checkpoint of its own (trained before stages were shared, or cut
 * short while copying) goes on alone from it: nothing trained is thrown away.
 */
public final class SharedStages {

    /** How long a worker waits between two looks at a stage another worker trains. */
    private static final long WAIT_MILLIS = 500;

    private SharedStages() {
    }

    /** The configuration of a run's pre-training stage: every key but the fine-tuning's. */
    public static RunConfig pretraining(RunConfig config) {
        Map<String, Object> parameters = new TreeMap<>(config.parameters());
        parameters.keySet().removeIf(key -> key.equals("finetuning") || key.startsWith("finetuning."));
        return new RunConfig(config.study(), config.model(), parameters);
    }

    /** Whether the run's pre-training is a shared stage (the run has a later stage). */
    public static boolean shared(RunConfig config) {
        return Stage.fineTuningRequested(config);
    }

    /** The pre-training stages of the runs, by stage id: how many runs share each (for saturn plan). */
    public static Map<String, List<RunConfig>> stages(List<RunConfig> runs) {
        Map<String, List<RunConfig>> stages = new LinkedHashMap<>();
        runs.stream().filter(SharedStages::shared)
                .forEach(run -> stages.computeIfAbsent(run.study() + "/" + pretraining(run).id(),
                        k -> new ArrayList<>()).add(run));
        return stages;
    }

    /**
     * The workers' batches in an order that keeps cores busy: batches that need the same pre-training
     * stages (a set of stage ids) are spread out round-robin, so the first batches a worker pool starts
     * train different stages at once instead of one waiting on the other's stage lock; within each set
     * the planned order stays. Batches without a shared stage keep their place in their own rounds.
     * A pool with more workers than distinct stage sets still has a worker wait at first: its runs
     * cannot fine-tune before their stage is trained, and nothing else is left to train.
     */
    public static List<List<RunConfig>> order(List<List<RunConfig>> batches) {
        Map<Object, List<List<RunConfig>>> bySets = new LinkedHashMap<>();
        for (List<RunConfig> batch : batches) {
            java.util.Set<String> stages = new java.util.TreeSet<>();
            batch.stream().filter(SharedStages::shared).forEach(run -> stages.add(pretraining(run).id()));
            // a batch that shares nothing is a set of its own
            Object key = stages.isEmpty() ? new Object() : stages;
            bySets.computeIfAbsent(key, k -> new ArrayList<>()).add(batch);
        }
        List<List<RunConfig>> ordered = new ArrayList<>();
        for (int round = 0; ordered.size() < batches.size(); round++) {
            for (List<List<RunConfig>> same : bySets.values()) {
                if (round < same.size()) {
                    ordered.add(same.get(round));
                }
            }
        }
        return ordered;
    }

    /**
     * Brings every member that shares its pre-training to the end of it: trains the stages not yet
     * finished (the members' stages as one seed-batched group), waiting for those another worker
     * holds, then copies each finished stage into its runs. Members not pre-trained afterwards (a
     * stop request) get a STOPPED record.
     */
    static void pretrain(List<TrainingLoop.Member> members, RunStore store, ConfigDefinitions definitions,
            Consumer<ProgressEvent> events, AtomicBoolean stop) {
        Map<RunDirectory, List<TrainingLoop.Member>> sharing = new LinkedHashMap<>();
        Map<RunDirectory, RunConfig> stageConfigs = new LinkedHashMap<>();
        for (TrainingLoop.Member member : members) {
            if (sharesPretraining(member)) {
                RunConfig stageConfig = pretraining(member.config());
                RunDirectory stage = store.stage(stageConfig.study(), stageConfig.id());
                stageConfigs.put(stage, stageConfig);
                sharing.computeIfAbsent(stage, k -> new ArrayList<>()).add(member);
            }
        }
        if (sharing.isEmpty()) {
            return;
        }
        List<RunLock> locks = lockAll(new ArrayList<>(sharing.keySet()), stop);
        if (locks == null) {
            sharing.values().forEach(waiting -> waiting.forEach(member -> markStopped(member,
                    "stopped while waiting for its shared pre-training; run again to resume")));
            return;
        }
        try {
            List<TrainingLoop.Member> pending = new ArrayList<>();
            stageConfigs.forEach((stage, config) -> {
                if (!finished(stage)) {
                    PlannedRun.write(stage, config, null);
                    pending.add(new TrainingLoop.Member(config, stage));
                }
            });
            if (!pending.isEmpty()) {
                RunConfig first = pending.get(0).config();
                Stage pretraining = Stage.plan(first, definitions.inputs(first), java.util.Optional.empty()).get(0);
                new TrainingLoop(pending, pretraining, relay(sharing, events), stop).run();
            }
            sharing.forEach((stage, runs) -> runs.forEach(member -> {
                if (finished(stage)) {
                    adopt(stage, member);
                } else {
                    markStopped(member, "stopped during its shared pre-training " + stage.runId()
                            + "; run again to resume");
                }
            }));
        } finally {
            locks.forEach(RunLock::close);
        }
    }

    /**
     * Whether the member's pre-training is still to come from a shared stage: it has a later stage,
     * is not pre-trained, and has no weights of its own (its own pre-training, begun before stages
     * were shared, goes on alone).
     */
    static boolean sharesPretraining(TrainingLoop.Member member) {
        return shared(member.config()) && !Stage.pretrained(member.directory())
                && Checkpoint.step(member.directory().checkpoint(TrainingLoop.LATEST)) < 0;
    }

    private static boolean finished(RunDirectory stage) {
        return stage.record().map(r -> r.getStatus() == RunStatus.FINISHED).orElse(false);
    }

    /**
     * Locks every stage, in a fixed order; while another worker holds one, lets go of all and waits
     * (two workers needing the same stages never hold half each). Null when stopped meanwhile.
     */
    private static List<RunLock> lockAll(List<RunDirectory> stages, AtomicBoolean stop) {
        stages.sort((a, b) -> a.runId().compareTo(b.runId()));
        while (true) {
            List<RunLock> locks = new ArrayList<>();
            try {
                for (RunDirectory stage : stages) {
                    locks.add(stage.lock());
                }
                return locks;
            } catch (RunLock.HeldException held) {
                locks.forEach(RunLock::close);
                if (stop.get()) {
                    return null;
                }
                try {
                    Thread.sleep(WAIT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }

    /** The stage's progress, reported as the progress of each run that shares it. */
    private static Consumer<ProgressEvent> relay(Map<RunDirectory, List<TrainingLoop.Member>> sharing,
            Consumer<ProgressEvent> events) {
        Map<String, List<RunConfig>> runsOfStage = new LinkedHashMap<>();
        sharing.forEach((stage, runs) -> runsOfStage.put(stage.runId(),
                runs.stream().map(TrainingLoop.Member::config).toList()));
        return event -> runsOfStage.getOrDefault(event.runId(), List.of()).forEach(run -> events.accept(
                new ProgressEvent(run.study(), run.id(), run.model(), run.regime(), run.seed(), event.status(),
                        event.step(), event.totalSteps(), event.trainLoss(), event.testLoss(), event.optimalLoss(),
                        event.oodR1(), event.elapsedSeconds(), event.message())));
    }

    /**
     * Copies the finished stage into the run: series and completions, then its record (the stage's,
     * under the run's identity and parameters, RUNNING with fine-tuning next), then its checkpoints,
     * and last the pre-trained weights that mark the run's pre-training as over.
     */
    static void adopt(RunDirectory stage, TrainingLoop.Member member) {
        RunDirectory run = member.directory();
        copy(stage.path().resolve(RunDirectory.METRICS), run.path().resolve(RunDirectory.METRICS));
        copyTree(stage.path().resolve(CompletionsLog.FOLDER), run.path().resolve(CompletionsLog.FOLDER));
        RunRecord shared = stage.record().orElseThrow();
        RunRecord own = RunRecords.newRecord(member.config());
        RunRecord record = EcoreUtil.copy(shared);
        record.setRunId(own.getRunId());
        record.setStudy(own.getStudy());
        record.setModel(own.getModel());
        record.setRegime(own.getRegime());
        record.setSeed(own.getSeed());
        record.setGroup(own.getGroup());
        record.getParameters().clear();
        record.getParameters().addAll(own.getParameters());
        record.setStatus(RunStatus.RUNNING);
        record.setMessage("pre-trained (" + shared.getMessage() + "; shared stage " + stage.runId()
                + "); fine-tuning next");
        run.writeRecord(record);
        copyTree(stage.path().resolve("checkpoints"), run.path().resolve("checkpoints"));
        Stage.keepPretrained(run);
    }

    private static void markStopped(TrainingLoop.Member member, String message) {
        RunRecord record = member.directory().record().orElseGet(() -> RunRecords.newRecord(member.config()));
        record.setStatus(RunStatus.STOPPED);
        record.setMessage(message);
        member.directory().writeRecord(record);
    }

    private static void copy(Path from, Path to) {
        try {
            if (Files.isRegularFile(from)) {
                Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
