package org.saturn.engine.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * {@code saturn worker --serve --store DIR}: a persistent worker that trains one job per line of
 * its standard input (saturn run starts one per {@code --workers}, not one per job).
 * SIGTERM or SIGINT stops it at the next step with a checkpoint and a STOPPED record (resumable); it
 * then exits with 128 + the signal's number (143, 130) and one line.
 */
@Command(name = "worker", hidden = true, mixinStandardHelpOptions = true,
        description = "Train planned runs into a run store (started by saturn run, the workbench and Slurm).")
public final class WorkerCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC",
            description = "plan the runs from this spec first (else their config.json in the store)")
    Path spec;

    @Option(names = "--run", paramLabel = "STUDY/ID", description = "the run (ID alone with SPEC; "
            + "see saturn plan); repeated: runs differing only in seed, trained as one seed-batched model")
    List<String> runIds;

    @Option(names = "--serve", description = "after the --run job (if any), train jobs read from standard input, "
            + "one line each (its runs' STUDY/IDs), until it closes: saturn run's workers, started once per command")
    boolean serve;

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
        return command(List.of(), runs, store, backend, memory);
    }

    /**
     * The command that starts a persistent worker ({@code --serve}) in a JVM of its own, with the heap and
     * off-heap caps of {@code memory}: it trains {@code firstRuns} (named on its command line, where the
     * workbench finds a worker's run), then the jobs saturn run feeds it through its standard input.
     */
    public static List<String> serveCommand(List<String> firstRuns, Path store, String backend, MemoryEstimate memory) {
        return command(List.of("--serve"), firstRuns, store, backend, memory);
    }

    private static List<String> command(List<String> mode, List<String> runs, Path store, String backend,
            MemoryEstimate memory) {
        List<String> arguments = new ArrayList<>(List.of("worker"));
        arguments.addAll(mode);
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
        if (serve) {
            return serve();
        }
        if (runIds == null || runIds.isEmpty()) {
            throw new IllegalArgumentException("saturn worker needs --run STUDY/ID (or --serve)");
        }
        org.saturn.engine.run.PhaseTimes.workerStarted();
        AtomicBoolean stop = new AtomicBoolean();
        try (StopSignals signals = StopSignals.install(() -> stop.set(true))) {
            return trainJob(runIds, spec, events(), stop, signals);
        }
    }

    /**
     * {@code --serve}: trains the {@code --run} job if there is one, then one job per line of standard input
     * (its runs' {@code STUDY/ID}s, separated by spaces) until it closes, ending each job with
     * {@link WorkerPool#JOB_END} on standard output and standard error. Stdin and stdout, not a queue file in the store: the pool already reads the worker's output, a
     * pipe ends with the dispatcher (no orphan worker polls a store nobody runs), and nothing is locked or
     * polled. After a stop request, and after a job that failed (out of memory may leave the JVM unsound), it
     * exits with that job's code instead of taking the next: a fresh worker takes it.
     */
    private int serve() throws IOException {
        if (spec != null) {
            throw new IllegalArgumentException("saturn worker --serve trains planned runs (STUDY/ID), not a spec's");
        }
        org.saturn.engine.run.PhaseTimes.workerStarted();
        PrintStream out = System.out;
        Consumer<ProgressEvent> events = events();
        AtomicBoolean stop = new AtomicBoolean();
        BufferedReader jobs = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (StopSignals signals = StopSignals.install(() -> stop.set(true))) {
            // the first job may come with the command (its --runs), so that a worker's command line names a run
            List<String> job = runIds == null || runIds.isEmpty() ? null : runIds;
            boolean first = true;
            while (!stop.get() && (job != null || (job = nextJob(jobs)) != null)) {
                if (!first) {
                    org.saturn.engine.run.PhaseTimes.jobStarted(System.currentTimeMillis());
                }
                first = false;
                int exit = trainJob(job, null, events, stop, signals);
                job = null;
                // the dispatcher switches this worker's log to the next job's at the mark on standard error
                PrintWriter err = command.commandLine().getErr();
                err.flush();
                System.err.flush();
                System.err.println(WorkerPool.JOB_END);
                System.err.flush();
                synchronized (out) {
                    out.println(WorkerPool.JOB_END + " " + exit);
                    out.flush();
                }
                if (exit != 0) {
                    return exit;
                }
            }
            return stop.get() ? signals.exitCode() : 0;
        }
    }

    /** The runs of the next job on standard input (a line of STUDY/IDs), or null when it closed. */
    private static List<String> nextJob(BufferedReader jobs) throws IOException {
        String line;
        while ((line = jobs.readLine()) != null) {
            if (!line.isBlank()) {
                return List.of(line.trim().split("\\s+"));
            }
        }
        return null;
    }

    /** Progress events as JSON lines on standard output, where saturn run's pool reads them. */
    private static Consumer<ProgressEvent> events() {
        PrintStream out = System.out;
        return event -> {
            synchronized (out) {
                out.println(event.toJsonLine());
                out.flush();
            }
        };
    }

    /**
     * Trains one job: the runs named (planned from {@code specFile} first where given, else their
     * config.json); 0 when done, the signal's exit code when stopped, 1 with one line when it failed.
     */
    private int trainJob(List<String> runs, Path specFile, Consumer<ProgressEvent> events, AtomicBoolean stop,
            StopSignals signals) throws IOException {
        List<RunConfig> configs = new ArrayList<>();
        try {
            checkBackend(backend);
            RunStore runStore = RunStore.create(store);
            Path sourceFolder;
            if (specFile != null) {
                SpecPlan plan = SpecPlan.load(SpecSupport.checker(), specFile, null);
                String specText = Files.readString(specFile, StandardCharsets.UTF_8);
                plan.declare(runStore);
                for (String id : runs) {
                    RunConfig config = plan.byId(id);
                    configs.add(config);
                    PlannedRun.writeUnlessBusy(runStore.run(config.study(), config.id()), config, specText);
                }
                sourceFolder = specFile.toAbsolutePath().getParent();
            } else {
                for (String run : runs) {
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

    /** The folder of a run named {@code STUDY/ID}. */
    private static RunDirectory planned(RunStore store, String run) {
        int slash = run.indexOf('/');
        if (slash <= 0 || slash == run.length() - 1 || run.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("--run takes STUDY/ID without a spec, not '" + run + "'");
        }
        return store.run(run.substring(0, slash), run.substring(slash + 1));
    }
}
