package org.saturn.engine.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.engine.run.Backends;
import org.saturn.engine.run.EnvironmentRecord;
import org.saturn.engine.run.FineTuning;
import org.saturn.engine.run.ProgressEvent;
import org.saturn.engine.run.RunInputs;
import org.saturn.engine.run.RunLoop;
import org.saturn.engine.run.SpecPlan;
import org.saturn.engine.run.StopSignals;
import org.saturn.engine.run.WorkerPool;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code saturn worker SPEC --run ID --store DIR}: trains one run of a spec into the store and
 * reports progress as JSON lines. {@code saturn run}, the workbench and Slurm job arrays all start
 * this same command. SIGTERM or SIGINT stops it at the next step with a checkpoint and a STOPPED
 * record (resumable); it then exits with 128 + the signal's number (143, 130) and one line.
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

    /** The command that starts this worker in a JVM of its own: the one launcher of saturn run and saturn slurm. */
    public static List<String> javaCommand(Path spec, String runId, Path store, String backend) {
        return WorkerPool.javaCommand(List.of("-Xmx2g"), SaturnCli.class.getName(), List.of("worker",
                spec.toAbsolutePath().toString(), "--run", runId, "--store", store.toAbsolutePath().toString(),
                "--backend", backend));
    }

    /** A clear message for a backend the worker cannot use (checked before any worker starts). */
    public static void checkBackend(String backend) {
        String problem = Backends.problem(backend);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintStream events = System.out;
        AtomicBoolean stop = new AtomicBoolean();
        try (StopSignals signals = StopSignals.install(() -> stop.set(true))) {
            if (runIds.size() > 1) {
                return SeedBatchWorker.train(spec, runIds, store, backend, stop, signals);
            }
            return train(runIds.get(0), events, stop, signals);
        }
    }

    private int train(String runId, PrintStream events, AtomicBoolean stop, StopSignals signals) throws IOException {
        checkBackend(backend);
        SpecPlan plan = SpecPlan.load(SpecSupport.checker(), spec, null);
        RunConfig config = plan.byId(runId);
        RunDirectory directory = RunStore.create(store).run(config.study(), config.id());
        try (RunLock lock = directory.lock()) {
            if (directory.record().map(r -> r.getStatus() == RunStatus.FINISHED).orElse(false)) {
                events.println(skipped(config, "already finished").toJsonLine());
                return 0;
            }
            directory.writeText(RunDirectory.SPEC, Files.readString(spec, StandardCharsets.UTF_8));
            directory.writeText(RunDirectory.CONFIG, config.toJson() + "\n");
            directory.writeText(RunDirectory.ENVIRONMENT,
                    EnvironmentRecord.describe(spec.toAbsolutePath().getParent(), backend));
            RunStatus status;
            try {
                RunInputs inputs = RunInputs.of(plan.runs().get(config), config);
                java.util.function.Consumer<ProgressEvent> progress = event -> {
                    events.println(event.toJsonLine());
                    events.flush();
                };
                status = FineTuning.pretrained(directory) ? RunStatus.FINISHED
                        : new RunLoop(config, inputs.language(), inputs.prompts(), directory, progress, stop).run();
                if (status == RunStatus.FINISHED && FineTuning.requested(config)) {
                    status = new FineTuning(config, inputs, RunInputs.fineTuning(plan.runs().get(config), config).orElseThrow(),
                            directory, progress, stop).run();
                }
            } catch (RuntimeException e) {
                directory.record().ifPresent(record -> {
                    record.setStatus(RunStatus.FAILED);
                    record.setMessage(String.valueOf(e.getMessage()));
                    directory.writeRecord(record);
                });
                throw e;
            }
            if (status == RunStatus.STOPPED) {
                long step = directory.record().map(r -> r.getCheckpointStep()).orElse(0L);
                System.err.println("saturn worker: stopped by SIG" + signals.received() + " at step " + step
                        + " (checkpoint written); run it again to resume");
                return signals.exitCode();
            }
            return 0;
        } catch (RuntimeException e) {
            if (!(e instanceof StoreException || e instanceof IllegalArgumentException)) {
                e.printStackTrace(); // into the worker's log file, for the developer
            }
            events.println(skipped(config, e.getMessage()).withStatus(ProgressEvent.FAILED, e.getMessage()).toJsonLine());
            System.err.println("saturn worker: " + e.getMessage());
            return 1;
        }
    }

    private static ProgressEvent skipped(RunConfig config, String message) {
        return new ProgressEvent(config.study(), config.id(), config.model(), config.regime(), config.seed(),
                ProgressEvent.SKIPPED, null, null, null, null, null, null, null, message);
    }
}
