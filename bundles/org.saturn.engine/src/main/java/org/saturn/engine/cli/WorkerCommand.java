package org.saturn.engine.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.engine.run.EnvironmentRecord;
import org.saturn.engine.run.FineTuning;
import org.saturn.engine.run.ProgressEvent;
import org.saturn.engine.run.RunInputs;
import org.saturn.engine.run.RunLoop;
import org.saturn.engine.run.SpecPlan;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code saturn worker SPEC --run ID --store DIR}: trains one run of a spec into the store and
 * reports progress as JSON lines. {@code saturn run}, the workbench and Slurm job arrays all start
 * this same command. SIGTERM stops it at the next step with a checkpoint (resumable).
 */
@Command(name = "worker", hidden = true, mixinStandardHelpOptions = true,
        description = "Train one run of a spec into a run store (started by saturn run, the workbench and Slurm).")
public final class WorkerCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC")
    Path spec;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "the run's id (see saturn plan); "
            + "repeated: runs differing only in seed, trained as one seed-batched model")
    java.util.List<String> runIds;

    @Option(names = "--store", required = true, paramLabel = "DIR")
    Path store;

    @Option(names = "--backend", defaultValue = "cpu")
    String backend;

    @Override
    public Integer call() throws IOException {
        if (runIds.size() > 1) {
            return SeedBatchWorker.train(spec, runIds, store, backend);
        }
        String runId = runIds.get(0);
        PrintStream events = System.out;
        SpecPlan plan = SpecPlan.load(SpecSupport.checker(), spec, null);
        RunConfig config = plan.byId(runId);
        RunDirectory directory = RunStore.create(store).run(config.study(), config.id());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await(60, TimeUnit.SECONDS); // let the loop checkpoint before the JVM goes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "saturn-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (RunLock lock = directory.lock()) {
            if (directory.record().map(r -> r.getStatus() == RunStatus.FINISHED).orElse(false)) {
                events.println(skipped(config, "already finished").toJsonLine());
                return 0;
            }
            directory.writeText(RunDirectory.SPEC, Files.readString(spec, StandardCharsets.UTF_8));
            directory.writeText(RunDirectory.CONFIG, config.toJson() + "\n");
            directory.writeText(RunDirectory.ENVIRONMENT,
                    EnvironmentRecord.describe(spec.toAbsolutePath().getParent(), backend));
            try {
                RunInputs inputs = RunInputs.of(plan.runs().get(config), config);
                java.util.function.Consumer<ProgressEvent> progress = event -> {
                    events.println(event.toJsonLine());
                    events.flush();
                };
                RunStatus status = FineTuning.pretrained(directory) ? RunStatus.FINISHED
                        : new RunLoop(config, inputs.language(), inputs.prompts(), directory, progress, stop).run();
                if (status == RunStatus.FINISHED && FineTuning.requested(config)) {
                    new FineTuning(config, inputs, RunInputs.fineTuning(plan.runs().get(config), config).orElseThrow(),
                            directory, progress, stop).run();
                }
                return 0;
            } catch (RuntimeException e) {
                directory.record().ifPresent(record -> {
                    record.setStatus(RunStatus.FAILED);
                    record.setMessage(String.valueOf(e.getMessage()));
                    directory.writeRecord(record);
                });
                throw e;
            }
        } catch (RuntimeException e) {
            if (!(e instanceof StoreException || e instanceof IllegalArgumentException)) {
                e.printStackTrace(); // into the worker's log file, for the developer
            }
            events.println(skipped(config, e.getMessage()).withStatus(ProgressEvent.FAILED, e.getMessage()).toJsonLine());
            System.err.println("saturn worker: " + e.getMessage());
            return 1;
        } finally {
            done.countDown();
        }
    }

    private static ProgressEvent skipped(RunConfig config, String message) {
        return new ProgressEvent(config.study(), config.id(), config.model(), config.regime(), config.seed(),
                ProgressEvent.SKIPPED, null, null, null, null, null, null, null, message);
    }
}
