package org.saturn.engine.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.plan.RunInputs;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.RunStore;
import org.saturn.dsl.compiler.ConfigDefinitions;

/**
 * The one way runs are trained, whoever starts them ({@code saturn run}, {@code saturn worker},
 * Slurm tasks, the workbench): lock the runs, leave out finished ones, write each run's
 * environment, train the stages of their plan (one run alone, or a group equal but for the seed as
 * one seed-batched model), and mark the runs FAILED on an error. Everything comes from the runs'
 * {@link RunConfig}s.
 */
public final class Worker {

    /** How the worker ended: every run trained to its end, or stopped by a request (resumable). */
    public enum Outcome {
        DONE, STOPPED
    }

    private Worker() {
    }

    /**
     * Trains the runs into the store.
     *
     * @param sourceFolder where the git state of the runs' source is read (environment.json)
     * @throws RuntimeException after marking every unfinished run FAILED
     */
    public static Outcome train(List<RunConfig> configs, RunStore store, ConfigDefinitions definitions,
            String backend, Path sourceFolder, Consumer<ProgressEvent> events, AtomicBoolean stop) {
        List<RunLock> locks = new ArrayList<>();
        List<TrainingLoop.Member> members = new ArrayList<>();
        try {
            for (RunConfig config : configs) {
                RunDirectory directory = store.run(config.study(), config.id());
                try {
                    locks.add(directory.lock());
                } catch (RunLock.HeldException e) {
                    // another live process trains it: its result will be there, nothing failed
                    events.accept(RunRecords.event(config, ProgressEvent.HELD, e.getMessage()));
                    continue;
                }
                if (directory.record().map(r -> r.getStatus() == RunStatus.FINISHED).orElse(false)) {
                    events.accept(RunRecords.event(config, ProgressEvent.SKIPPED, "already finished"));
                    continue;
                }
                members.add(new TrainingLoop.Member(config, directory));
            }
            if (members.isEmpty()) {
                return Outcome.DONE;
            }
            String environment = EnvironmentRecord.describe(sourceFolder, backend);
            String patch = EnvironmentRecord.sourcePatch(sourceFolder);
            for (TrainingLoop.Member member : members) {
                member.directory().writeText(RunDirectory.ENVIRONMENT, environment);
                if (patch != null) {
                    member.directory().writeText(EnvironmentRecord.SOURCE_PATCH, patch);
                }
            }
            try {
                SharedStages.pretrain(members, store, definitions, events, stop);
                train(members, definitions, events, stop);
            } catch (RuntimeException | Error thrown) {
                // out of memory also arrives wrapped (a class initialiser's error, ND4J's allocation failures)
                OutOfMemoryError memory = ResourceExhausted.memoryError(thrown);
                if (memory == null && thrown instanceof Error error) {
                    throw error;
                }
                RuntimeException e = memory != null ? ResourceExhausted.outOfMemory(memory, configs)
                        : java.util.Objects.requireNonNullElse(ResourceExhausted.outOfDisk(thrown), (RuntimeException) thrown);
                // out of disk: STOPPED (its latest checkpoint is where it resumes); anything else FAILED
                RunStatus status = e instanceof ResourceExhausted r && r.resumable() ? RunStatus.STOPPED : RunStatus.FAILED;
                for (TrainingLoop.Member member : members) {
                    try {
                        // out of memory before its record was written: a FAILED record says what it needs
                        Optional<org.saturn.core.results.RunRecord> existing = member.directory().record();
                        if (existing.isEmpty() && memory != null) {
                            existing = Optional.of(RunRecords.newRecord(member.config()));
                        }
                        existing.filter(r -> r.getStatus() != RunStatus.FINISHED).ifPresent(record -> {
                            record.setStatus(status);
                            record.setMessage(String.valueOf(e.getMessage()));
                            member.directory().writeRecord(record);
                        });
                    } catch (RuntimeException unwritable) {
                        // no space for the record either: it stays RUNNING, which resumes just the same
                        e.addSuppressed(unwritable);
                    }
                }
                throw e;
            }
            boolean stopped = members.stream().anyMatch(member -> member.directory().record()
                    .map(r -> r.getStatus() == RunStatus.STOPPED).orElse(false));
            return stopped ? Outcome.STOPPED : Outcome.DONE;
        } finally {
            locks.forEach(RunLock::close);
        }
    }

    /**
     * Marks the runs FAILED with an out-of-memory message when the worker ran out of memory before it
     * trained them (reading their configs, starting the language tooling): each run it can lock that
     * is not finished gets a record saying so, a new one where it had none.
     */
    public static void recordOutOfMemory(List<RunConfig> configs, RunStore store, ResourceExhausted e) {
        for (RunConfig config : configs) {
            RunDirectory directory = store.run(config.study(), config.id());
            try (RunLock lock = directory.lock()) {
                org.saturn.core.results.RunRecord record = directory.record()
                        .orElseGet(() -> RunRecords.newRecord(config));
                if (record.getStatus() != RunStatus.FINISHED) {
                    record.setStatus(RunStatus.FAILED);
                    record.setMessage(e.getMessage());
                    directory.writeRecord(record);
                }
            } catch (RuntimeException notWritten) {
                // held by another process, or unwritable: its record is not this worker's to write
                e.addSuppressed(notWritten);
            }
        }
    }

    /**
     * The stages of the members' plan, in order. A run goes on to the fine-tuning once its
     * pre-training is kept; runs already in their fine-tuning never go back to pre-training.
     */
    private static void train(List<TrainingLoop.Member> members, ConfigDefinitions definitions,
            Consumer<ProgressEvent> events, AtomicBoolean stop) {
        RunConfig first = members.get(0).config();
        RunInputs inputs = definitions.inputs(first);
        Optional<RunInputs> fineTuning = definitions.fineTuningInputs(first);
        for (Stage stage : Stage.plan(first, inputs, fineTuning)) {
            if (!stage.fineTuning()) {
                // a run whose pre-training is a shared stage never pre-trains alone (stopped while it trained)
                List<TrainingLoop.Member> pending = members.stream().filter(m -> !Stage.pretrained(m.directory())
                        && !SharedStages.sharesPretraining(m)).toList();
                if (!pending.isEmpty()) {
                    new TrainingLoop(pending, stage, events, stop).run();
                }
                continue;
            }
            // each seed alone (short; its reparametrisation and Hessian are its own); after a stop request each
            // one that has not begun is marked stopped, each one under way checkpoints
            for (TrainingLoop.Member member : members) {
                if (Stage.pretrained(member.directory())) {
                    new TrainingLoop(List.of(member), stage, events, stop).run();
                }
            }
        }
    }
}
