package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.saturn.core.plan.RunConfig;

/**
 * Which runs {@code saturn run} trains together as one seed-batched model ({@link TrainingLoop}):
 * runs of one group (equal but for the seed) that resume from the same step, wherever batching is
 * exact (everywhere on the CPU kernels; without dropout when training goes through SameDiff, e.g. on CUDA).
 * <p>
 * It pays for every model kind in study time, measured 2026-11-28 on the shared 2-core machine
 * (load 8–14), 4 seeds x 150 steps, batch 32, max length 16, one worker, CPU seconds of all
 * processes (wall seconds): 2-layer Transformer d 32 separate 159 s (357 s), batched 55 s (188 s);
 * 2-layer LSTM h 64 separate 110 s (285 s), batched 53 s (88 s). Training tokens/s alone
 * ({@code saturn bench}, CPU time) gains less (Transformer 1.1–1.8x at 4–8 seeds, LSTM 0.8–0.9x):
 * the rest is one JVM start, one graph build and one batched decoding per group instead of per run.
 */
public final class SeedBatching {

    /** More seeds per graph stop paying (the kernels dominate) and use memory. */
    static final int MAX_SEEDS = 16;

    public enum Mode {
        /** Batch every group where batching is exact (no dropout). */
        AUTO,
        /** Train every run alone. */
        NEVER;

        public static Mode parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--seed-batching is auto or never, not " + text);
            }
        }
    }

    private SeedBatching() {
    }

    /** Why runs with these settings cannot train batched with results equal to separate training, or null. */
    static String whyNot(RunSettings settings) {
        if (settings.model().dropout() > 0 && !org.saturn.engine.train.Trainer.trainsOnCpuKernels(settings.model())) {
            return "dropout masks come from ND4J's one global generator when training through SameDiff, so batched "
                    + "seeds would not draw the masks they draw alone";
        }
        return null;
    }

    /**
     * The runs to train, as batches (a batch of one trains alone), in the
     * order of {@code runs}. Groups are split so that there are at least {@code workers} batches
     * when there are enough runs: a batch per core keeps every core busy. With more groups than
     * workers, the groups of the last round (what is left after whole rounds of one group per worker)
     * are split among the workers, so the study does not end with one worker training a whole group
     * while the other cores idle (3 groups on 2 workers: 3, 3, then 2 and 1 seeds at once).
     */
    public static List<List<RunConfig>> plan(List<RunConfig> runs, ToLongFunction<RunConfig> checkpointStep, Mode mode,
            int workers) {
        Map<String, List<RunConfig>> groups = new LinkedHashMap<>();
        List<List<RunConfig>> batches = new ArrayList<>();
        for (RunConfig run : runs) {
            if (!batchable(run, mode)) {
                batches.add(List.of(run));
                continue;
            }
            String key = Groups.key(run) + "@" + checkpointStep.applyAsLong(run);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(run);
        }
        int groupCount = groups.size();
        int lastRound = groupCount > workers ? groupCount % workers : 0;
        int index = 0;
        for (List<RunConfig> group : groups.values()) {
            boolean inLastRound = index++ >= groupCount - lastRound;
            int share = inLastRound ? (workers + lastRound - 1) / lastRound : workers / Math.max(1, groupCount);
            int chunks = Math.max(1, Math.min(group.size(), share));
            chunks = Math.max(chunks, (group.size() + MAX_SEEDS - 1) / MAX_SEEDS);
            for (int c = 0; c < chunks; c++) {
                List<RunConfig> chunk = new ArrayList<>();
                for (int i = c; i < group.size(); i += chunks) {
                    chunk.add(group.get(i));
                }
                batches.add(chunk);
            }
        }
        return batches;
    }

    private static boolean batchable(RunConfig run, Mode mode) {
        if (mode == Mode.NEVER) {
            return false;
        }
        RunSettings settings;
        try {
            settings = RunSettings.of(run);
        } catch (IllegalArgumentException e) {
            return false; // its worker reports the problem
        }
        return whyNot(settings) == null;
    }
}
