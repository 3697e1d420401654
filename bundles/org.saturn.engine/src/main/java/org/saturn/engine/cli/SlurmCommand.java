package org.saturn.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.engine.run.MemoryEstimate;
import org.saturn.engine.run.SpecPlan;
import org.saturn.engine.slurm.Slurm;
import org.saturn.engine.slurm.SlurmStatus;
import org.saturn.engine.slurm.SlurmSweep;
import org.saturn.engine.slurm.TaskResources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saturn slurm SPEC}: submits the runs of a spec that are not finished as one Slurm job
 * array (task i trains run i with the engine worker) into a store on the shared filesystem, and
 * prints the job id. {@code saturn slurm --status} lists each submitted run's task and Slurm state
 * next to its status in the store. Submitting again resubmits only failed or cancelled runs, which
 * resume from their checkpoints.
 */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        description = { "Train a spec's runs on a Slurm cluster as one job array (sbatch --array); prints the job id.",
            "Submitting again skips finished and still queued/running runs and resumes interrupted ones.",
            "saturn slurm --status lists each run's array task and Slurm state next to its status in the store." })
public final class SlurmCommand implements Callable<Integer> {

    @Mixin
    SpecOptions.Slurm specOptions;

    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition (default: the cluster's)")
    String partition;

    @Option(names = "--time", paramLabel = "HH:MM:SS", description = "time limit of each task")
    String time;

    @Option(names = "--cpus-per-task", paramLabel = "N", description = "cores per task (also the worker's OpenMP threads)")
    Integer cpusPerTask;

    @Option(names = "--mem", paramLabel = "M", description = "memory per task, e.g. 4G (default: the largest run's "
            + "estimate, see saturn plan)")
    String memory;

    @Option(names = "--gpus", paramLabel = "G", description = "GPUs per task (default 1 with --backend cuda, else 0)")
    Integer gpus;

    @Option(names = "--array-parallelism", paramLabel = "K", description = "at most K tasks at once (--array=0-N%%K)")
    Integer arrayParallelism;

    @Option(names = "--backend", defaultValue = "cpu", paramLabel = "cpu|cuda")
    String backend;

    @Option(names = "--dry-run", description = "print the job script and the run matrix; submit nothing")
    boolean dryRun;

    @Option(names = "--status", description = "list the submitted runs: array task, Slurm state, status in the store")
    boolean status;

    @Option(names = "--json", description = "with --status: a JSON array instead of the table")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        try {
            return status ? status(out, err) : submit(out, err);
        } catch (Slurm.SlurmException | StoreException | SpecPlan.SpecPlanException | IllegalArgumentException e) {
            err.println("saturn slurm: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int submit(PrintWriter out, PrintWriter err) {
        Path spec = specOptions.spec();
        if (spec == null) {
            throw new IllegalArgumentException("which spec? saturn slurm SPEC (or saturn slurm --status)");
        }
        WorkerCommand.checkBackend(backend);
        int gpusPerTask = gpus != null ? gpus : backend.equals("cuda") ? 1 : 0;
        if (gpusPerTask > 0 && backend.equals("cpu")) {
            err.println("saturn slurm: note: --gpus with --backend cpu reserves GPUs the worker will not use");
        }
        // checked before the spec is compiled: a typo is one line at once
        new TaskResources(partition, time, cpusPerTask, memory, gpusPerTask, arrayParallelism);
        SpecPlan plan = specOptions.load();
        Path storeFolder = specOptions.storeFolder().toAbsolutePath();
        RunStore runStore = RunStore.create(storeFolder);
        Slurm slurm = new Slurm();
        SlurmSweep sweep = new SlurmSweep(slurm, runStore);
        if (!dryRun) {
            // a damaged run trains again like an interrupted one; the others are not its hostages
            org.saturn.engine.run.StoreRepair.setAsideDamaged(runStore, plan.configs(), "saturn slurm", err::println);
            plan.declare(runStore); // the studies' metric lines, for saturn report
        }
        SlurmSweep.Selection selection = sweep.select(plan, !dryRun);
        // every task runs the same command: the caps of the largest run (each task trains one run alone)
        MemoryEstimate largest = selection.runs().stream().map(run -> MemoryEstimate.of(List.of(run)))
                .max(java.util.Comparator.comparingLong(MemoryEstimate::residentBytes))
                .orElse(MemoryEstimate.of(plan.configs().subList(0, 1)));
        MemoryEstimate workerMemory = memory == null ? largest
                : MemoryEstimate.ofTotal(Math.max(MemoryEstimate.MB, slurmBytes(memory) - (largest.residentBytes()
                        - largest.dataBytes())), largest);
        TaskResources resources = new TaskResources(partition, time, cpusPerTask,
                memory != null ? memory : MemoryEstimate.slurmSize(largest.residentBytes()), gpusPerTask,
                arrayParallelism);
        List<String> worker = WorkerCommand.javaCommand(List.of(SlurmSweep.RUN_OF_EACH_TASK), storeFolder, backend,
                workerMemory);
        selection.leftOut().forEach(reason -> err.println("saturn slurm: left out " + reason));
        String summary = String.format("%d runs in %s; %d finished, %d queued or running elsewhere, %d to submit",
                plan.runs().size(), storeFolder, selection.finished(), selection.leftOut().size(),
                selection.runs().size());
        if (dryRun) {
            if (!selection.runs().isEmpty()) {
                out.print(sweep.script(storeFolder.resolve(".slurm").resolve("<submission>"), selection.runs(),
                        resources, worker, slurm.maxArraySize()));
                out.println();
                out.printf("%-5s %-12s %-20s %-12s %-14s %4s  %s%n", "task", "id", "study", "model", "regime", "seed",
                        "start");
                for (int i = 0; i < selection.runs().size(); i++) {
                    RunConfig run = selection.runs().get(i);
                    out.printf("%-5d %-12s %-20s %-12s %-14s %4d  %s%n", i, run.id(), run.study(), run.model(),
                            run.regime(), run.seed(), sweep.resumesFrom(run).map(step -> "resumes from step " + step)
                                    .orElse("new"));
                }
            }
            err.println("saturn slurm: " + summary + " (dry run: nothing submitted)");
            return 0;
        }
        if (selection.runs().isEmpty()) {
            err.println("saturn slurm: " + summary + "; nothing to submit");
            return 0;
        }
        List<SlurmSweep.Submitted> jobs = sweep.submit(selection.runs(), resources, worker, specOptions.specText());
        for (SlurmSweep.Submitted job : jobs) {
            out.println(job.jobId()); // stdout: the job id alone, for scripts and the workbench
        }
        err.println("saturn slurm: " + summary + "; submitted "
                + String.join(", ", jobs.stream().map(j -> "job " + j.jobId() + " (array " + j.arrayRange() + ")")
                        .toList())
                + "; follow with saturn slurm --status --store " + storeFolder);
        return 0;
    }

    /** Slurm's --mem in bytes: a bare number is megabytes. */
    static long slurmBytes(String mem) {
        return MemoryEstimate.parseSize(mem.matches("\\d+") ? mem + "M" : mem, "--mem");
    }

    private int status(PrintWriter out, PrintWriter err) {
        Path storeFolder = specOptions.spec() != null || specOptions.store() != null ? specOptions.storeFolder()
                : Path.of("runs");
        RunStore runStore = RunStore.open(storeFolder.toAbsolutePath());
        List<SlurmStatus.Row> rows = SlurmStatus.rows(runStore, specOptions.study(), new Slurm());
        if (json) {
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return 0;
        }
        if (rows.isEmpty()) {
            String study = specOptions.study();
            err.println("saturn slurm: no run of " + storeFolder + (study == null ? "" : " (study " + study + ")")
                    + " was submitted to Slurm");
            return 0;
        }
        out.printf("%-14s %-12s %-20s %-12s %-9s %-11s %s%n", "task", "slurm", "study", "run", "status", "step",
                "message");
        int unfinished = 0;
        for (SlurmStatus.Row row : rows) {
            out.printf("%-14s %-12s %-20s %-12s %-9s %-11s %s%n", row.task(), row.slurmState(), row.study(),
                    row.runId(), row.status(), row.step() + "/" + row.totalSteps(),
                    row.message() == null ? "" : row.message());
            if (Slurm.hasEnded(row.slurmState().equals("-") ? null : row.slurmState())
                    && !row.status().equals("FINISHED")) {
                unfinished++;
            }
        }
        if (unfinished > 0) {
            err.printf("saturn slurm: %d runs ended unfinished (see each task's log, %s/.slurm/*/logs); "
                    + "submit the spec again to resubmit only them (they resume from their checkpoints)%n", unfinished,
                    storeFolder);
        }
        return 0;
    }
}
