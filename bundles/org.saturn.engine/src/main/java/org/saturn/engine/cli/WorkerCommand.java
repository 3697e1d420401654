package org.saturn.engine.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.dsl.compiler.ConfigDefinitions;
import org.saturn.engine.run.Backends;
import org.saturn.engine.run.MemoryEstimate;
import org.saturn.engine.run.PlannedRun;
import org.saturn.engine.run.ProgressEvent;
import org.saturn.engine.run.ResourceExhausted;
import org.saturn.engine.run.RunRecords;
import org.saturn.engine.run.SpecPlan;
import org.saturn.engine.run.StopSignals;
import org.saturn.engine.run.Worker;
import org.saturn.engine.run.WorkerPool;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code saturn worker --store DIR --run STUDY/ID}: trains a planned run (the {@code config.json} in
 * its folder, written by {@code saturn run} or {@code saturn slurm}) into the store and reports
 * progress as JSON lines. Several {@code --run}s: runs differing only in seed, trained as one
 * seed-batched model. {@code saturn worker SPEC --run ID ...} plans the runs from the spec first.
 * SIGTERM or SIGINT stops it at the next step with a checkpoint and a STOPPED record (resumable); it
 * then exits with 128 + the signal's number (143, 130) and one line.
 */
@Command(name = "worker", hidden = true, mixinStandardHelpOptions = true,
        description = "Train planned runs into a run store (started by saturn run, the workbench and Slurm).")
public final class WorkerCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC",
            description = "plan the runs from this spec first (else their config.json in the store)")
    Path spec;

    @Option(names = "--run", required = true, paramLabel = "STUDY/ID", description = "the run (ID alone with SPEC; "
            + "see saturn plan); repeated: runs differing only in seed, trained as one seed-batched model")
    List<String> runIds;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--store", required = true, paramLabel = "DIR")
    Path store;

    @Option(names = "--backend", defaultValue = "cpu")
    String backend;

    /**
     * The command that starts a worker on planned runs in a JVM of its own (saturn run, saturn slurm),
     * with the heap and off-heap caps of {@code memory}.
     */
    public static List<String> javaCommand(List<String> runs, Path store, String backend, MemoryEstimate memory) {
        List<String> arguments = new ArrayList<>(List.of("worker"));
        runs.forEach(run -> arguments.addAll(List.of("--run", run)));
        arguments.addAll(List.of("--store", store.toAbsolutePath().toString(), "--backend", backend));
        return WorkerPool.javaCommand(memory.jvmOptions(), SaturnCli.class.getName(), arguments);
    }

    /** How a worker names a planned run: {@code STUDY/ID}. */
    public static String runName(RunConfig config) {
        return config.study() + "/" + config.id();
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
        org.saturn.engine.run.PhaseTimes.workerStarted();
        PrintStream out = System.out;
        Consumer<ProgressEvent> events = event -> {
            synchronized (out) {
                out.println(event.toJsonLine());
                out.flush();
            }
        };
        AtomicBoolean stop = new AtomicBoolean();
        List<RunConfig> configs = new ArrayList<>();
        try (StopSignals signals = StopSignals.install(() -> stop.set(true))) {
            try {
                checkBackend(backend);
                RunStore runStore = RunStore.create(store);
                Path sourceFolder;
                if (spec != null) {
                    SpecPlan plan = SpecPlan.load(SpecSupport.checker(), spec, null);
                    String specText = Files.readString(spec, StandardCharsets.UTF_8);
                    plan.declare(runStore);
                    for (String id : runIds) {
                        RunConfig config = plan.byId(id);
                        configs.add(config);
                        PlannedRun.writeUnlessBusy(runStore.run(config.study(), config.id()), config, specText);
                    }
                    sourceFolder = spec.toAbsolutePath().getParent();
                } else {
                    for (String run : runIds) {
                        configs.add(PlannedRun.read(planned(runStore, run)));
                    }
                    sourceFolder = store.toAbsolutePath().getParent();
                }
                Worker.Outcome outcome = Worker.train(configs, runStore,
                        new ConfigDefinitions(SpecSupport.checker().injector()), backend, sourceFolder, events, stop);
                if (outcome == Worker.Outcome.STOPPED) {
                    command.commandLine().getErr().println("saturn worker: stopped by SIG" + signals.received() + (configs.size() == 1
                            ? " at step " + runStore.run(configs.get(0).study(), configs.get(0).id()).record()
                                    .map(r -> r.getCheckpointStep()).orElse(0L) + " (checkpoint written)"
                            : " (a checkpoint written for each run)") + "; run it again to resume");
                    return signals.exitCode();
                }
                return 0;
            } catch (RuntimeException | Error thrown) {
                // out of memory outside the training (planning, reading the config): the same message
                OutOfMemoryError memory = ResourceExhausted.memoryError(thrown);
                if (memory == null && thrown instanceof Error error) {
                    throw error;
                }
                RuntimeException e = thrown instanceof RuntimeException runtime ? runtime : null;
                if (memory != null && !(thrown instanceof ResourceExhausted)) {
                    ResourceExhausted outOfMemory = ResourceExhausted.outOfMemory(memory, configs);
                    Worker.recordOutOfMemory(configs, RunStore.create(store), outOfMemory);
                    e = outOfMemory;
                }
                if (!(e instanceof StoreException || e instanceof IllegalArgumentException
                        || e instanceof SpecPlan.SpecPlanException || e instanceof ResourceExhausted)) {
                    e.printStackTrace(); // into the worker's log file, for the developer
                }
                String status = e instanceof ResourceExhausted r && r.resumable() ? ProgressEvent.STOPPED
                        : ProgressEvent.FAILED;
                for (RunConfig config : configs) {
                    events.accept(RunRecords.event(config, status, e.getMessage()));
                }
                PrintWriter err = command.commandLine().getErr();
                err.println("saturn worker: " + UserMessages.of(e, "worker"));
                err.flush();
                return 1;
            }
        }
    }

    /** The folder of a run named {@code STUDY/ID}. */
    private static RunDirectory planned(RunStore store, String run) {
        int slash = run.indexOf('/');
        if (slash <= 0 || slash == run.length() - 1 || run.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("--run takes STUDY/ID without a spec, not '" + run + "'");
        }
        return store.run(run.substring(0, slash), run.substring(slash + 1));
    }
}
