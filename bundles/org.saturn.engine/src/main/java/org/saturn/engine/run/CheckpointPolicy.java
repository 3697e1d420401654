package org.saturn.engine.run;

import java.util.Locale;

import org.saturn.core.store.RunDirectory;

/**
 * The protocol's {@code checkpoint every N steps keep best|latest|all}: the {@code latest}
 * checkpoint (what a run resumes from) is written every N steps, at the run's last step and when
 * it is stopped; {@code best} (keep best or all) whenever an evaluation improves the test loss;
 * keep all also leaves a copy of every N-step checkpoint ({@code checkpoints/step-00000500}).
 * Pre-training and fine-tuning (folders prefixed {@code finetune-}) follow the same policy.
 */
record CheckpointPolicy(long every, Keep keep) {

    enum Keep {
        BEST, LATEST, ALL
    }

    static CheckpointPolicy of(RunSettings settings) {
        return of(settings, settings.evaluateEvery());
    }

    /** The study's policy; without {@code checkpoint every N}, every {@code evaluateEvery} steps. */
    static CheckpointPolicy of(RunSettings settings, long evaluateEvery) {
        long every = settings.checkpointEvery() > 0 ? settings.checkpointEvery() : evaluateEvery;
        Keep keep = switch (settings.checkpointKeep().toLowerCase(Locale.ROOT)) {
            case "latest", "last" -> Keep.LATEST;
            case "all" -> Keep.ALL;
            case "best" -> Keep.BEST;
            default -> throw new IllegalArgumentException("checkpoint keep is best, latest or all, not '"
                    + settings.checkpointKeep() + "'");
        };
        return new CheckpointPolicy(every, keep);
    }

    /** Whether the scheduled latest checkpoint falls on {@code step} (the end and stops come on top). */
    boolean latestDue(long step) {
        return step % every == 0;
    }

    boolean keepsBest() {
        return keep != Keep.LATEST;
    }

    boolean keepsEvery() {
        return keep == Keep.ALL;
    }

    /** The folder name of the kept copy of the checkpoint at {@code step} (keep all). */
    static String archiveName(long step) {
        return String.format(Locale.ROOT, "step-%08d", step);
    }

    /**
     * Writes the checkpoint a run resumes from ({@code PREFIXlatest}) and, with keep all at a
     * {@code scheduled} step, its kept copy ({@code PREFIXstep-N}, N the store's step).
     */
    void saveLatest(RunDirectory directory, String prefix, Checkpoint.Saved state, boolean scheduled) {
        Checkpoint.write(state, directory.checkpoint(prefix + TrainingLoop.LATEST));
        if (keepsEvery() && scheduled) {
            Checkpoint.write(state, directory.checkpoint(prefix + archiveName(state.step())));
        }
    }

    /** Writes {@code PREFIXbest} when the policy keeps it (best or all). */
    void saveBest(RunDirectory directory, String prefix, Checkpoint.Saved state) {
        if (keepsBest()) {
            Checkpoint.write(state, directory.checkpoint(prefix + TrainingLoop.BEST));
        }
    }
}
