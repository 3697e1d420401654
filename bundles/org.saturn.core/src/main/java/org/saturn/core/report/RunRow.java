package org.saturn.core.report;

import java.util.Locale;

import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;

/**
 * One run of the Runs tree: its folder and the record read from it. The record is a snapshot,
 * never edited: a changed record on disk gives a new row.
 */
public record RunRow(RunDirectory run, RunRecord record) {

    /** Metric keys of the in- and out-of-distribution accuracy of the first rule. */
    public static final String ID_R1 = "id.R1";
    public static final String OOD_R1 = "ood.R1";

    /** The message prefix of a run that {@code saturn slurm} queued on a cluster. */
    public static final String QUEUED_PREFIX = "queued:";

    /** Planned and waiting in a cluster queue ({@code saturn slurm}), not merely planned. */
    public boolean queued() {
        return record.getStatus() == RunStatus.PLANNED && record.getMessage() != null
                && record.getMessage().startsWith(QUEUED_PREFIX);
    }

    /** {@code queued}, {@code planned}, {@code running}, {@code finished}, {@code failed} or {@code stopped}. */
    public String statusText() {
        return queued() ? "queued" : record.getStatus().getLiteral().toLowerCase(Locale.ROOT);
    }

    public boolean ended() {
        RunStatus status = record.getStatus();
        return status == RunStatus.FINISHED || status == RunStatus.FAILED || status == RunStatus.STOPPED;
    }

    public double testLoss() {
        return StudyReport.value(record, StudyReport.TEST_LOSS, true);
    }

    public double gapPercent() {
        double optimal = record.getOptimalLoss();
        return optimal > 0 ? 100 * (testLoss() - optimal) / optimal : Double.NaN;
    }

    public double metric(String key) {
        return StudyReport.value(record, key, true);
    }

    /** When the run ended (its record's last update), or null while it has not. */
    public String finishedAt() {
        return ended() ? record.getUpdatedAt() : null;
    }
}
