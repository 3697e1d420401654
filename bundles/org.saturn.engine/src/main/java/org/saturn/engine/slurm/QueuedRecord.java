package org.saturn.engine.slurm;

import java.time.Instant;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.engine.model.LossConvention;
import org.saturn.engine.run.Groups;
import org.saturn.engine.run.RunSettings;

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

    /** Call with the run's lock held. */
    static void mark(RunDirectory directory, RunConfig config, String message) {
        RunRecord record = directory.record().orElseGet(() -> fresh(config));
        record.setStatus(RunStatus.PLANNED);
        record.setMessage(message);
        record.setUpdatedAt(Instant.now().toString());
        directory.writeRecord(record);
    }

    /**
     * The record the run loop would create for a new run: the worker continues the record it finds,
     * so a queued record carries the same identity fields (keep in step with RunLoop's new record).
     */
    private static RunRecord fresh(RunConfig config) {
        RunSettings settings = RunSettings.of(config);
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setRunId(config.id());
        record.setStudy(config.study());
        record.setModel(config.model());
        record.setRegime(settings.regime());
        record.setSeed(config.seed());
        record.setGroup(Groups.key(config));
        record.setLossConvention(settings.convention() == LossConvention.PAD_INCLUDED ? "pad" : "nopad");
        record.setTotalSteps(settings.steps());
        record.setStartedAt(Instant.now().toString());
        config.parameters().forEach((key, value) -> {
            if (!key.endsWith(".definition")) {
                Parameter parameter = ResultsFactory.eINSTANCE.createParameter();
                parameter.setKey(key);
                parameter.setValue(String.valueOf(value));
                record.getParameters().add(parameter);
            }
        });
        return record;
    }
}
