package org.saturn.engine.slurm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.engine.run.SpecPlan;

/**
 * Hands the runs of a plan that still need training to Slurm as array jobs. Idempotent: finished
 * runs, runs a live task of an earlier submission holds and runs another worker is writing are
 * left out, so submitting the same sweep again only resubmits what failed or was cancelled (and
 * those resume from their checkpoints: run ids are stable).
 */
public final class SlurmSweep {

    /** The runs of a plan to submit, and why the others are left out. */
    public record Selection(List<RunConfig> runs, int finished, List<String> leftOut) {
    }

    /** One submitted array job: its id and how many runs it trains. */
    public record Submitted(String jobId, int tasks, String arrayRange) {
    }

    /** The run id to give the worker command: each array task puts its own run in its place. */
    public static final String RUN_OF_EACH_TASK = JobScript.RUN_PLACEHOLDER;

    private final Slurm slurm;
    private final RunStore store;
    private final Map<String, Map<String, String>> states = new HashMap<>();

    public SlurmSweep(Slurm slurm, RunStore store) {
        this.slurm = slurm;
        this.store = store;
    }

    /**
     * The runs to submit. With {@code probeLocks} (a real submission) a run whose lock another
     * process holds (say a local {@code saturn run}) is left out too.
     */
    public Selection select(SpecPlan plan, boolean probeLocks) {
        Map<Submission.Entry, Submission.Task> latest = Submission.latestTasks(store.root());
        List<RunConfig> runs = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        int finished = 0;
        for (RunConfig config : plan.configs()) {
            RunDirectory directory = store.run(config.study(), config.id());
            if (directory.record().map(r -> r.getStatus() == RunStatus.FINISHED).orElse(false)) {
                finished++;
                continue;
            }
            Submission.Task task = latest.get(new Submission.Entry(config.study(), config.id()));
            String state = task == null ? null : state(task);
            if (!Slurm.hasEnded(state)) {
                leftOut.add(config.id() + ": " + state.toLowerCase(java.util.Locale.ROOT) + " as slurm job " + task.name());
                continue;
            }
            if (probeLocks) {
                try (RunLock lock = directory.lock()) {
                    // free: nobody trains it now
                } catch (StoreException e) {
                    leftOut.add(config.id() + ": " + e.getMessage());
                    continue;
                }
            }
            runs.add(config);
        }
        return new Selection(runs, finished, leftOut);
    }

    /** The Slurm state of a task of this store (null when Slurm no longer knows it). */
    String state(Submission.Task task) {
        return states.computeIfAbsent(task.jobId(), slurm::taskStates).get(task.name());
    }

    /** The step a run would resume from, or empty for a run that starts afresh. */
    public Optional<Long> resumesFrom(RunConfig config) {
        return store.run(config.study(), config.id()).record().map(RunRecord::getCheckpointStep).filter(step -> step > 0);
    }

    /** Array jobs of at most MaxArraySize tasks each: {first run, count} pairs. */
    static List<int[]> chunks(int runs, int maxArraySize) {
        List<int[]> chunks = new ArrayList<>();
        for (int first = 0; first < runs; first += maxArraySize) {
            chunks.add(new int[] { first, Math.min(maxArraySize, runs - first) });
        }
        return chunks;
    }

    /** The job name Slurm shows in squeue: the study, or "sweep" for several. */
    static String jobName(List<RunConfig> runs) {
        List<String> studies = runs.stream().map(RunConfig::study).distinct().toList();
        return "saturn-" + (studies.size() == 1 ? studies.get(0) : "sweep");
    }

    /** The batch script of a submission (also what {@code --dry-run} prints). */
    public String script(Path folder, List<RunConfig> runs, TaskResources resources, List<String> workerCommand,
            int maxArraySize) {
        int[] first = chunks(runs.size(), maxArraySize).get(0);
        return JobScript.render(jobName(runs), folder, store.root().toAbsolutePath(), resources,
                resources.arrayRange(0, first[1] - 1), workerCommand);
    }

    /**
     * Submits the runs: writes the submission folder, then per array job submits it held, marks
     * its runs queued in the store (with their {@code config.json}, what each task trains) and releases it, so no task starts before its record says
     * queued (and a task never finds its RUNNING record overwritten by the queue mark).
     */
    public List<Submitted> submit(List<RunConfig> runs, TaskResources resources, List<String> workerCommand,
            String specText) {
        int maxArraySize = slurm.maxArraySize();
        Path folder = Submission.newFolder(store.root().toAbsolutePath());
        String script = script(folder, runs, resources, workerCommand, maxArraySize);
        Submission submission = Submission.create(folder,
                runs.stream().map(run -> new Submission.Entry(run.study(), run.id())).toList(),
                JobScript.classpath(workerCommand), script);
        List<Submitted> submitted = new ArrayList<>();
        for (int[] chunk : chunks(runs.size(), maxArraySize)) {
            String range = resources.arrayRange(0, chunk[1] - 1);
            List<String> options = chunk[0] == 0 ? List.of()
                    : List.of("--array=" + range, "--export=ALL,SATURN_FIRST_RUN=" + chunk[0]);
            String jobId = slurm.submitHeld(folder.resolve(Submission.SCRIPT), options);
            submission.addJob(new Submission.ArrayJob(jobId, chunk[0], chunk[1]));
            try {
                for (int i = chunk[0]; i < chunk[0] + chunk[1]; i++) {
                    RunConfig run = runs.get(i);
                    RunDirectory directory = store.run(run.study(), run.id());
                    try (RunLock lock = directory.lock()) {
                        QueuedRecord.mark(directory, run, specText, QueuedRecord.message(submission.taskOf(i).orElseThrow()));
                    }
                }
            } catch (RuntimeException e) {
                slurm.cancel(jobId); // never leave tasks running for runs whose records could not be written
                throw e;
            }
            slurm.release(jobId);
            submitted.add(new Submitted(jobId, chunk[1], range));
        }
        return submitted;
    }
}
