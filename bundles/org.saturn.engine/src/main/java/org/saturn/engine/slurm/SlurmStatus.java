package org.saturn.engine.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunStore;

/**
 * What {@code saturn slurm --status} shows: for each run of the store that was submitted, its
 * latest array task with the task's Slurm state next to the run's status in the store.
 */
public final class SlurmStatus {

    /** One run. {@code slurmState} is "-" once Slurm has forgotten the job; the store still has the truth. */
    public record Row(String task, String jobId, int arrayTask, String slurmState, String study, String runId,
            String status, long step, long totalSteps, long checkpointStep, String message, String log) {
    }

    private SlurmStatus() {
    }

    public static List<Row> rows(RunStore store, String study, Slurm slurm) {
        SlurmSweep states = new SlurmSweep(slurm, store);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Submission.Entry, Submission.Task> entry : Submission.latestTasks(store.root()).entrySet()) {
            Submission.Entry run = entry.getKey();
            if (study != null && !study.equals(run.study())) {
                continue;
            }
            Submission.Task task = entry.getValue();
            String state = states.state(task);
            RunRecord record = store.run(run.study(), run.runId()).record().orElse(null);
            rows.add(new Row(task.name(), task.jobId(), task.index(), state == null ? "-" : state, run.study(),
                    run.runId(), record == null ? "NONE" : record.getStatus().getName(),
                    record == null ? 0 : record.getStep(), record == null ? 0 : record.getTotalSteps(),
                    record == null ? -1 : record.getCheckpointStep(), record == null ? "" : record.getMessage(),
                    task.log().toString()));
        }
        return rows;
    }
}
