package org.saturn.engine.slurm;

import java.time.Instant;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.engine.run.PlannedRun;
import org.saturn.engine.run.RunRecords;

/**
 * Marks a run queued in the store ({@code PLANNED}, "queued: slurm job J_T") so the workbench's
 * Runs view shows it before the cluster starts it. A run with progress keeps its record (step,
 * checkpoint, summaries); only status and message change, and the worker sets RUNNING as usual.
 */
final class QueuedRecord {

    private QueuedRecord() {
    }

    static String message(Submission.Task task) {
        return "queued: slurm job " + task.name();
    }

    /** Call with the run's lock held; writes the run's plan too (the task's worker trains what it says). */
    static void mark(RunDirectory directory, RunConfig config, String specText, String message) {
        PlannedRun.write(directory, config, specText);
        RunRecord record = directory.record().orElseGet(() -> RunRecords.newRecord(config));
        record.setStatus(RunStatus.PLANNED);
        record.setMessage(message);
        record.setUpdatedAt(Instant.now().toString());
        directory.writeRecord(record);
    }
}
