package org.saturn.core.plan;

import java.util.Map;

/**
 * The config keys of a run's data protocol (SCIENCE.md §7), shared by the spec compiler that writes
 * them and the engine that reads them. Without them (Saturn's default) every step draws fresh words
 * and the test set is {@code 512} words sampled once; no key is written then, so the configs (and
 * run ids) of specs without the protocol stay as they were.
 *
 * <p>Epochs: the compiler writes the counts as written ({@link #EPOCHS}, {@link #EVALUATE_EPOCHS},
 * {@link #WARMUP_EPOCHS}, {@link #CHECKPOINT_EPOCHS}) and their value in steps under the keys the
 * engine always reads ({@code training.steps}, {@code evaluate.every}, ...), converted by
 * {@link #resolveEpochs}; the engine's shuffled passes use the same {@link #stepsPerEpoch}.
 */
public final class DataKeys {

    /** {@code all} or a number of words: the fixed training set (absent: fresh words every step). */
    public static final String TRAIN = "data.train";
    /** {@code all} or a number of words: the fixed validation set (absent: none). */
    public static final String VALIDATE = "data.validate";
    /** {@code all} or a number of words: the fixed test set (absent: 512 sampled words). */
    public static final String TEST = "data.test";
    /** The value of a set that holds every word of the language up to its max length. */
    public static final String ALL = "all";

    public static final String EPOCHS = "training.epochs";
    public static final String EVALUATE_EPOCHS = "evaluate.everyEpochs";
    public static final String WARMUP_EPOCHS = "schedule.warmupEpochs";
    public static final String CHECKPOINT_EPOCHS = "checkpoint.everyEpochs";

    private static final String STEPS = "training.steps";
    private static final String BATCH = "training.batch";

    private DataKeys() {
    }

    /** Updates per pass over a fixed training set: full batch when the batch holds the whole set. */
    public static long stepsPerEpoch(long setSize, long batch) {
        if (setSize < 1 || batch < 1) {
            throw new IllegalArgumentException("a training set of " + setSize + " words in batches of " + batch
                    + " has no epochs");
        }
        return (setSize + batch - 1) / batch;
    }

    /** Whether the config trains on a fixed set (and so may count in epochs). */
    public static boolean fixedTraining(Map<String, Object> parameters) {
        return parameters.get(TRAIN) != null;
    }

    /**
     * Writes each epoch count's value in steps for a training set of {@code trainingWords} words:
     * {@code training.steps}, {@code evaluate.every}, {@code schedule.warmup}, {@code checkpoint.every}
     * (the compiler writes {@link #CHECKPOINT_EPOCHS} too when the checkpoint follows the evaluation).
     */
    public static void resolveEpochs(Map<String, Object> parameters, long trainingWords) {
        long perEpoch = stepsPerEpoch(trainingWords, ((Number) parameters.get(BATCH)).longValue());
        if (parameters.get(EPOCHS) instanceof Number epochs) {
            parameters.put(STEPS, epochs.longValue() * perEpoch);
        }
        if (parameters.get(EVALUATE_EPOCHS) instanceof Number every) {
            parameters.put("evaluate.every", every.longValue() * perEpoch);
        }
        if (parameters.get(WARMUP_EPOCHS) instanceof Number warmup) {
            parameters.put("schedule.warmup", warmup.longValue() * perEpoch);
        }
        if (parameters.get(CHECKPOINT_EPOCHS) instanceof Number every) {
            parameters.put("checkpoint.every", every.longValue() * perEpoch);
        }
    }
}
