package org.saturn.engine.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.engine.run.ProgressDisplay;
import org.saturn.engine.run.ProgressEvent;
import org.saturn.engine.run.SpecPlan;
import org.saturn.engine.run.WorkerPool;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code saturn run SPEC}: trains every run of the spec's studies that is not finished yet, each
 * in its own worker process, into the run store; finished runs are skipped, interrupted ones
 * resume from their checkpoints. Ctrl-C stops the workers cleanly (resumable).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train a spec's studies into a run store (skips finished runs, resumes interrupted ones).")
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "the .saturn file")
    Path spec;

    @Option(names = "--study", paramLabel = "S", description = "only this study")
    String study;

    @Option(names = "--only", split = ",", paramLabel = "k=v", description = "only runs matching every key=value "
            + "(id, model, regime, seed or any parameter of saturn plan --json)")
    List<String> only = new ArrayList<>();

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N", description = "runs trained at once (default 1; "
            + "one per core is fastest)")
    int workers;

    @Option(names = "--backend", defaultValue = "cpu", paramLabel = "cpu|cuda")
    String backend;

    @Option(names = "--store", paramLabel = "DIR", description = "the run store (default: runs/ next to the spec)")
    Path store;

    @Option(names = "--dry-run", description = "list what would run, train nothing")
    boolean dryRun;

    @Option(names = "--progress", defaultValue = "text", paramLabel = "text|json",
            description = "text: a live line per active run; json: one JSON event per line (for tools)")
    String progress;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = command.commandLine().getErr();
        WorkerCommand.checkBackend(backend);
        SpecPlan plan = SpecPlan.load(SpecSupport.checker(), spec, study);
        if (!only.isEmpty()) {
            plan = plan.only(only);
        }
        Path storeFolder = store != null ? store : spec.toAbsolutePath().getParent().resolve("runs");
        RunStore runStore = RunStore.create(storeFolder);
        PrintStream out = System.out;
        List<WorkerPool.Job> jobs = new ArrayList<>();
        int skipped = 0;
        for (RunConfig run : plan.configs()) {
            RunDirectory directory = runStore.run(run.study(), run.id());
            RunRecord record = directory.record().orElse(null);
            if (record != null && record.getStatus() == RunStatus.FINISHED) {
                skipped++;
                continue;
            }
            if (dryRun) {
                out.printf("%-12s %-20s %-10s %-14s seed %-3d %s%n", run.id(), run.study(), run.model(), run.regime(),
                        run.seed(), record == null ? "new" : "resumes from step " + record.getCheckpointStep());
                continue;
            }
            jobs.add(new WorkerPool.Job(identity(run), WorkerCommand.javaCommand(spec, run.id(), storeFolder, backend),
                    directory.path().resolve("worker.log")));
        }
        err.printf("saturn run: %d runs in %s; %d already finished, %d to train%s%n", plan.runs().size(), storeFolder,
                skipped, dryRun ? plan.runs().size() - skipped : jobs.size(), dryRun ? " (dry run)" : "");
        err.flush();
        if (dryRun || jobs.isEmpty()) {
            return 0;
        }
        AtomicInteger failed = new AtomicInteger();
        WorkerPool.Listener display = progress.equals("json") ? event -> {
            synchronized (out) {
                out.println(event.toJsonLine());
                out.flush();
            }
        } : new ProgressDisplay(out, System.console() != null);
        WorkerPool pool = new WorkerPool(workers, event -> {
            if (ProgressEvent.FAILED.equals(event.status())) {
                failed.incrementAndGet();
            }
            display.onEvent(event);
        });
        Thread stopper = new Thread(() -> {
            System.err.println("\nsaturn run: stopping the workers (they checkpoint; run the same command to resume)");
            pool.stop();
        }, "saturn-run-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        pool.runAll(jobs);
        if (!pool.stopping()) {
            Runtime.getRuntime().removeShutdownHook(stopper);
        }
        err.printf("saturn run: %d trained, %d failed; results in %s (saturn report %s)%n", jobs.size() - failed.get(),
                failed.get(), storeFolder, storeFolder);
        err.flush();
        return failed.get() == 0 ? 0 : 1;
    }

    private static ProgressEvent identity(RunConfig run) {
        return new ProgressEvent(run.study(), run.id(), run.model(), run.regime(), run.seed(), null, null, null, null,
                null, null, null, null, null);
    }
}
