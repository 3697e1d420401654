package org.saturn.engine.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.engine.run.EnvironmentRecord;
import org.saturn.engine.run.StopSignals;
import org.saturn.engine.run.FineTuning;
import org.saturn.engine.run.ProgressEvent;
import org.saturn.engine.run.RunInputs;
import org.saturn.engine.run.SeedBatchedRunLoop;
import org.saturn.engine.run.SpecPlan;

/**
 * {@code saturn worker SPEC --run A --run B ...}: the runs of one group (equal but for the seed)
 * trained as one seed-batched model, each into its own run folder, with one JSON-line event stream
 * for all of them. Locks every run first; runs already finished are left out. SIGTERM stops all of
 * them at the next step with a checkpoint each (resumable, batched or not).
 */
final class SeedBatchWorker {

    private SeedBatchWorker() {
    }

    static int train(Path spec, List<String> runIds, Path store, String backend, AtomicBoolean stop,
            StopSignals signals) throws java.io.IOException {
        PrintStream events = System.out;
        WorkerCommand.checkBackend(backend);
        SpecPlan plan = SpecPlan.load(SpecSupport.checker(), spec, null);
        RunStore runStore = RunStore.create(store);
        List<RunConfig> configs = new ArrayList<>();
        List<RunDirectory> directories = new ArrayList<>();
        List<RunLock> locks = new ArrayList<>();
        RunConfig current = plan.byId(runIds.get(0));
        try {
            for (String id : runIds) {
                current = plan.byId(id);
                RunDirectory directory = runStore.run(current.study(), current.id());
                locks.add(directory.lock());
                if (directory.record().map(r -> r.getStatus() == RunStatus.FINISHED).orElse(false)) {
                    events.println(event(current, ProgressEvent.SKIPPED, "already finished").toJsonLine());
                    continue;
                }
                configs.add(current);
                directories.add(directory);
            }
            if (configs.isEmpty()) {
                return 0;
            }
            String specText = Files.readString(spec, StandardCharsets.UTF_8);
            String environment = EnvironmentRecord.describe(spec.toAbsolutePath().getParent(), backend);
            for (int i = 0; i < configs.size(); i++) {
                directories.get(i).writeText(RunDirectory.SPEC, specText);
                directories.get(i).writeText(RunDirectory.CONFIG, configs.get(i).toJson() + "\n");
                directories.get(i).writeText(RunDirectory.ENVIRONMENT, environment);
            }
            try {
                RunInputs inputs = RunInputs.of(plan.runs().get(configs.get(0)), configs.get(0));
                java.util.function.Consumer<ProgressEvent> progress = event -> {
                    synchronized (events) {
                        events.println(event.toJsonLine());
                        events.flush();
                    }
                };
                // runs already in their fine-tuning stage never go back to pre-training
                List<RunConfig> pretrain = new ArrayList<>();
                List<RunDirectory> pretrainDirectories = new ArrayList<>();
                for (int i = 0; i < configs.size(); i++) {
                    if (!FineTuning.pretrained(directories.get(i))) {
                        pretrain.add(configs.get(i));
                        pretrainDirectories.add(directories.get(i));
                    }
                }
                if (!pretrain.isEmpty()) {
                    new SeedBatchedRunLoop(pretrain, inputs.language(), inputs.prompts(), pretrainDirectories, progress,
                            stop).run();
                }
                // fine-tuning: each seed alone (short; its reparametrisation and Hessian are per seed); after a
                // stop request each one that has not begun is marked stopped, each one under way checkpoints
                for (int i = 0; i < configs.size(); i++) {
                    RunConfig config = configs.get(i);
                    RunDirectory directory = directories.get(i);
                    if (FineTuning.requested(config) && FineTuning.pretrained(directory)) {
                        new FineTuning(config, inputs, RunInputs.fineTuning(plan.runs().get(config), config).orElseThrow(),
                                directory, progress, stop).run();
                    }
                }
                if (stop.get()) {
                    System.err.println("saturn worker: stopped by SIG" + signals.received() + " (a checkpoint written for each "
                            + "run); run it again to resume");
                    return signals.exitCode();
                }
                return 0;
            } catch (RuntimeException e) {
                for (RunDirectory directory : directories) {
                    directory.record().filter(r -> r.getStatus() != RunStatus.FINISHED).ifPresent(record -> {
                        record.setStatus(RunStatus.FAILED);
                        record.setMessage(String.valueOf(e.getMessage()));
                        directory.writeRecord(record);
                    });
                }
                throw e;
            }
        } catch (RuntimeException e) {
            if (!(e instanceof StoreException || e instanceof IllegalArgumentException)) {
                e.printStackTrace(); // into the worker's log file, for the developer
            }
            for (RunConfig config : configs.isEmpty() ? List.of(current) : configs) {
                events.println(event(config, ProgressEvent.FAILED, e.getMessage()).toJsonLine());
            }
            System.err.println("saturn worker: " + e.getMessage());
            return 1;
        } finally {
            for (RunLock lock : locks) {
                lock.close();
            }
        }
    }

    private static ProgressEvent event(RunConfig config, String status, String message) {
        return new ProgressEvent(config.study(), config.id(), config.model(), config.regime(), config.seed(), status,
                null, null, null, null, null, null, null, message);
    }
}
