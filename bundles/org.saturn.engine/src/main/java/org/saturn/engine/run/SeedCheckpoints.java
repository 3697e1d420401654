package org.saturn.engine.run;

import java.nio.file.Path;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.saturn.engine.train.SeedSlices;

/**
 * The checkpoints of the runs of a seed-batched group: seed s of the batched graph is written as
 * the one-seed checkpoint its run would have written alone (through {@link Checkpoint}'s reader
 * and writer, so one file format), and read back into its slot. So a run's checkpoint does not
 * depend on how it was trained: a batched group resumes from checkpoints of separate runs and the
 * other way round.
 */
final class SeedCheckpoints {

    private SeedCheckpoints() {
    }

    /** Seed {@code seedIndex}'s state, as its run alone would save it (copies: the graph may go on training). */
    static Checkpoint.Saved state(SameDiff graph, int seedIndex, long step, Map<String, Double> counters) {
        return new Checkpoint.Saved(step, SeedSlices.iteration(graph), SeedSlices.extract(graph, seedIndex), counters);
    }

    /** Restores seed {@code seedIndex} from {@code folder}; returns the checkpoint (step, iteration, counters). */
    static Checkpoint.Saved restore(SameDiff graph, int seedIndex, Path folder) {
        Checkpoint.Saved saved = Checkpoint.read(folder);
        SeedSlices.inject(graph, seedIndex, saved.arrays());
        return saved;
    }
}
