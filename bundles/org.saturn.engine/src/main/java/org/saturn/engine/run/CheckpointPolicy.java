package org.saturn.engine.run;

import java.util.Locale;

/**
 * The protocol's {@code checkpoint every N steps keep best|latest|all}: the {@code latest}
 * checkpoint (what a run resumes from) is written every N steps, at the run's last step and when
 * it is stopped; {@code best} (keep best or all) whenever an evaluation improves the test loss;
 * keep all also leaves a copy of every N-step checkpoint ({@code checkpoints/step-00000500}).
 */
record CheckpointPolicy(long every, Keep keep) {

    enum Keep {
        BEST, LATEST, ALL
    }

    static CheckpointPolicy of(RunSettings settings) {
        long every = settings.checkpointEvery() > 0 ? settings.checkpointEvery() : settings.evaluateEvery();
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
}
