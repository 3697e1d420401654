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
import org.saturn.core.store.RunLock;
import org.saturn.core.store.StoreException;
import org.saturn.core.store.RunStore;
import org.saturn.engine.run.MemoryEstimate;
import org.saturn.engine.run.PlannedRun;
import org.saturn.engine.run.ProgressDisplay;
import org.saturn.engine.run.ProgressEvent;
import org.saturn.engine.run.SeedBatching;
import org.saturn.engine.run.SharedStages;
import org.saturn.engine.run.SpecPlan;
import org.saturn.engine.run.StopSignals;
import org.saturn.engine.run.StoreRepair;
import org.saturn.engine.run.WorkerPool;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saturn run SPEC}: trains every run of the spec's studies that is not finished yet in
 * worker processes (started once each, then fed job after job), into the run store; finished runs
 * are skipped, interrupted ones resume from their checkpoints. SIGTERM or Ctrl-C stops the workers at their next step with a
 * checkpoint (resumable) and exits with 128 + the signal's number and one line.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train a spec's studies into a run store (skips finished runs, resumes interrupted ones).")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    SpecOptions.Run specOptions;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N", description = "runs trained at once (default 1; "
            + "one per core is fastest)")
    int workers;

    @Option(names = "--backend", defaultValue = "cpu", paramLabel = "cpu|cuda",
            description = "the ND4J backend (cuda needs a build with ./saturn build --cuda)")
    String backend;

    @Option(names = "--dry-run", description = "list what would run, train nothing")
    boolean dryRun;

    @Option(names = "--seed-batching", defaultValue = "auto", paramLabel = "auto|never",
            description = "auto: train the seeds of a group (runs equal but for the seed) as one batched model, "
                    + "with results equal to training them one by one, wherever that is exact (no dropout); "
                    + "never: every run alone (default ${DEFAULT-VALUE})")
    String seedBatching;

    @Option(names = "--progress", defaultValue = "text", paramLabel = "text|json",
            description = "text: a live line per active run; json: one JSON event per line (for tools)")
    String progress;

    @Option(names = "--memory", paramLabel = "SIZE", description = "each worker's memory (heap and off-heap, "
            + "e.g. 6G), instead of the estimate from its run (saturn plan shows it)")
    String memory;

    @Option(names = "--wait", description = "wait for runs another live process is training (polling their locks), "
            + "then report how they ended")
    boolean waitForHeld;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    /** How often --wait looks at the locks of runs other processes hold. */
    static final long WAIT_POLL_MILLIS = 2000;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = command.commandLine().getErr();
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, not " + workers);
        }
        WorkerCommand.checkBackend(backend);
        Long memoryOverride = memory == null ? null : MemoryEstimate.parseSize(memory, "--memory");
        Path spec = specOptions.spec();
        SpecPlan plan = specOptions.load();
        Path storeFolder = specOptions.storeFolder();
        RunStore runStore = RunStore.create(storeFolder);
        SeedBatching.Mode batching = SeedBatching.Mode.parse(seedBatching);
        PrintStream out = System.out;
        List<WorkerPool.Job> jobs = new ArrayList<>();
        List<RunConfig> pending = new ArrayList<>();
        java.util.Map<RunConfig, Long> resumeSteps = new java.util.HashMap<>();
        int skipped = 0;
        if (!dryRun) {
            // a damaged run is set aside (kept under .damaged/) and trains again; the others train as ever
            StoreRepair.setAsideDamaged(runStore, plan.configs(), "saturn run", line -> {
                err.println(line);
                err.flush();
            });
            plan.declare(runStore); // the studies' metric lines, for saturn report
        }
        List<String> held = new ArrayList<>();
        java.util.Map<RunConfig, String> heldRuns = new java.util.LinkedHashMap<>();
        for (RunConfig run : plan.configs()) {
            RunDirectory directory = runStore.run(run.study(), run.id());
            RunRecord record;
            try {
                record = directory.record().orElse(null);
            } catch (StoreException e) {
                if (!RunLock.held(directory.path())) {
                    throw e;
                }
                record = null; // another process trains it (and writes its record now)
            }
            if (record != null && record.getStatus() == RunStatus.FINISHED) {
                skipped++;
                continue;
            }
            String holder = dryRun ? null : RunLock.holderOf(directory.path());
            if (holder != null) {
                held.add(WorkerCommand.runName(run) + " running in " + holder);
                heldRuns.put(run, holder);
                continue;
            }
            if (dryRun) {
                out.printf("%-12s %-20s %-10s %-14s seed %-3d %s%n", run.id(), run.study(), run.model(), run.regime(),
                        run.seed(), record == null ? "new" : "resumes from step " + record.getCheckpointStep());
                continue;
            }
            pending.add(run);
            resumeSteps.put(run, record == null ? 0L : record.getCheckpointStep());
        }
        // the plan is the workers' contract: each reads its runs' config.json, not the spec
        String specText = pending.isEmpty() ? null : specOptions.specText();
        for (RunConfig run : pending) {
            PlannedRun.writeUnlessBusy(runStore.run(run.study(), run.id()), run, specText);
        }
        long physical = WorkerMemory.physicalBytes();
        long largest = 0;
        // workers started together train different shared stages where there are several (none waits on another)
        List<List<RunConfig>> batches = WorkerMemory.splitUnfitting(SharedStages.order(SeedBatching.plan(pending,
                resumeSteps::get, batching, workers)), memoryOverride, physical, line -> {
                    err.println("saturn run: " + line);
                    err.flush();
                });
        List<MemoryEstimate> sizes = new ArrayList<>();
        for (List<RunConfig> batch : batches) {
            MemoryEstimate estimate = MemoryEstimate.of(batch);
            MemoryEstimate given = memoryOverride == null ? estimate : MemoryEstimate.ofTotal(memoryOverride, estimate);
            WorkerMemory.checkFits(batch, given, memoryOverride != null, physical);
            largest = Math.max(largest, given.residentBytes());
            sizes.add(given);
        }
        // persistent workers: where workers sized for the largest job fit side by side, every worker gets that
        // size and takes any job (N JVMs for the whole command); else a worker takes the later jobs its size covers
        MemoryEstimate common = memoryOverride == null ? WorkerMemory.covering(sizes) : null;
        if (common != null
                && WorkerMemory.fitting(common.residentBytes(), physical) < Math.min(workers, batches.size())) {
            common = null;
        }
        for (int i = 0; i < batches.size(); i++) {
            List<RunConfig> batch = batches.get(i);
            MemoryEstimate size = common != null ? common : sizes.get(i);
            List<String> runNames = batch.stream().map(WorkerCommand::runName).toList();
            jobs.add(new WorkerPool.Job(batch.stream().map(RunCommand::identity).toList(),
                    WorkerCommand.serveCommand(runNames, storeFolder, backend, size),
                    runStore.run(batch.get(0).study(), batch.get(0).id()).path().resolve("worker.log"),
                    size.residentBytes(), new WorkerPool.Serving(String.join(" ", runNames), size.heapBytes(),
                            size.offHeapBytes())));
        }
        int fitting = WorkerMemory.fitting(largest, physical);
        if (!dryRun && jobs.size() > 1 && workers > 1 && fitting < Math.min(workers, jobs.size())) {
            err.printf("saturn run: %d workers of up to %s each do not fit in this machine's %s of memory; "
                    + "training at most %d at once (as memory allows)%n", Math.min(workers, jobs.size()),
                    MemoryEstimate.format(largest), MemoryEstimate.format(physical), fitting);
            err.flush();
        }
        err.printf("saturn run: %d runs in %s; %d already finished, %d to train%s%s%s%n", plan.runs().size(),
                storeFolder, skipped, dryRun ? plan.runs().size() - skipped : pending.size(), dryRun ? " (dry run)" : "",
                jobs.size() < pending.size() ? " in " + jobs.size() + " seed-batched workers" : "",
                held.isEmpty() ? "" : ", " + held.size() + " running in other processes");
        err.flush();
        if (dryRun || jobs.isEmpty()) {
            if (!held.isEmpty() && !dryRun) {
                int exit = reportHeld(heldRuns, runStore, err);
                err.printf("saturn run: 0 trained, %d held by other processes (%s), 0 failed; results in %s "
                        + "(saturn report %s)%n", held.size(), String.join(", ", held), storeFolder, storeFolder);
                err.flush();
                return exit;
            }
            return 0;
        }
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        List<String> heldByOthers = java.util.Collections.synchronizedList(new ArrayList<>(held));
        WorkerPool.Listener display = progress.equals("json") ? event -> {
            synchronized (out) {
                out.println(event.toJsonLine());
                out.flush();
            }
        } : new ProgressDisplay(out, System.console() != null);
        WorkerPool pool = new WorkerPool(workers, physical, event -> {
            if (ProgressEvent.FAILED.equals(event.status())) {
                failed.incrementAndGet();
            } else if (ProgressEvent.HELD.equals(event.status())) {
                String holder = String.valueOf(event.message()).replaceFirst("^run \\S+ is running in ", "");
                heldByOthers.add(event.study() + "/" + event.runId() + " running in " + holder);
                pending.stream().filter(run -> run.id().equals(event.runId()) && run.study().equals(event.study()))
                        .findFirst().ifPresent(run -> {
                            synchronized (heldRuns) {
                                heldRuns.put(run, holder);
                            }
                        });
            } else if (ProgressEvent.STOPPED.equals(event.status())) {
                stopped.incrementAndGet();
            }
            display.onEvent(event);
        }, (run, reason) -> WorkerMemory.markLost(runStore, pending, run, reason));
        // SIGTERM (the workbench's Cancel) or Ctrl-C: every worker stops at its next step with a
        // checkpoint; the same command resumes them
        try (StopSignals signals = StopSignals.install(pool::stop)) {
            pool.runAll(jobs);
            if (pool.stopping()) {
                List<ProgressEvent> runs = jobs.stream().flatMap(job -> job.runs().stream()).toList();
                long finished = runs.stream().filter(run -> status(runStore, run) == RunStatus.FINISHED).count();
                err.printf("saturn run: stopped by SIG%s; %d of %d runs finished, the others resume from their "
                        + "checkpoints when you run the same command again%n", signals.received(), finished, runs.size());
                err.flush();
                return signals.exitCode();
            }
        }
        int heldCount = heldByOthers.size() - held.size();
        int heldExit = heldRuns.isEmpty() ? 0 : reportHeld(heldRuns, runStore, err);
        err.printf("saturn run: %d trained, %s%s%d failed; results in %s (saturn report %s)%n",
                pending.size() - failed.get() - stopped.get() - heldCount,
                heldByOthers.isEmpty() ? "" : heldByOthers.size() + " held by other processes ("
                        + String.join(", ", heldByOthers) + "), ",
                stopped.get() == 0 ? "" : stopped.get() + " stopped (resumable: see their messages), ",
                failed.get(), storeFolder, storeFolder);
        err.flush();
        return failed.get() == 0 && stopped.get() == 0 ? heldExit : 1;
    }

    /**
     * The runs other live processes hold: without --wait, one line per holder ("N runs are running in
     * pid P (host H)", exit 0: nothing failed); with --wait, a progress line until their locks are
     * released, then how each ended (exit 1 if one did not finish).
     */
    private int reportHeld(java.util.Map<RunConfig, String> heldRuns, RunStore runStore, PrintWriter err)
            throws InterruptedException {
        java.util.Map<String, Long> byHolder = new java.util.TreeMap<>();
        heldRuns.values().forEach(holder -> byHolder.merge(holder, 1L, Long::sum));
        byHolder.forEach((holder, count) -> err.printf("saturn run: %s running in %s%s%n",
                count == 1 ? "1 run is" : count + " runs are", holder,
                waitForHeld ? "; waiting for them" : " (saturn run --wait waits for them)"));
        err.flush();
        if (!waitForHeld) {
            return 0;
        }
        java.util.Map<RunConfig, String> left = new java.util.LinkedHashMap<>(heldRuns);
        boolean live = System.console() != null;
        long started = System.nanoTime();
        while (!left.isEmpty()) {
            left.keySet().removeIf(run -> RunLock.holderOf(runStore.run(run.study(), run.id()).path()) == null);
            if (left.isEmpty()) {
                break;
            }
            String line = String.format("saturn run: waiting for %d of %d runs held by other processes (%d s)",
                    left.size(), heldRuns.size(), java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            if (live) {
                err.print("\r" + line);
            }
            err.flush();
            Thread.sleep(WAIT_POLL_MILLIS);
        }
        if (live) {
            err.println();
        }
        int unfinished = 0;
        java.util.Map<String, Long> finishedBy = new java.util.TreeMap<>();
        for (java.util.Map.Entry<RunConfig, String> entry : heldRuns.entrySet()) {
            RunConfig run = entry.getKey();
            RunStatus status = runStore.run(run.study(), run.id()).record().map(RunRecord::getStatus).orElse(null);
            if (status == RunStatus.FINISHED) {
                finishedBy.merge(entry.getValue(), 1L, Long::sum);
            } else {
                unfinished++;
                err.printf("saturn run: %s ended %s in %s; run the same command again to resume it%n",
                        WorkerCommand.runName(run), status == null ? "without a record" : status, entry.getValue());
            }
        }
        finishedBy.forEach((holder, count) -> err.printf("saturn run: %d %s finished by %s%n", count,
                count == 1 ? "run" : "runs", holder));
        err.flush();
        return unfinished == 0 ? 0 : 1;
    }

    private static RunStatus status(RunStore store, ProgressEvent run) {
        return store.run(run.study(), run.runId()).record().map(RunRecord::getStatus)
                .orElse(null);
    }

    private static ProgressEvent identity(RunConfig run) {
        return new ProgressEvent(run.study(), run.id(), run.model(), run.regime(), run.seed(), null, null, null, null,
                null, null, null, null, null);
    }

}
