package org.saturn.engine.run;

import org.saturn.core.plan.DataKeys;
import org.saturn.core.plan.RunConfig;

/**
 * A run's data protocol ({@link DataKeys}): which fixed sets it trains, validates and tests on. A
 * set is {@link #ALL} (every word of the language up to its max length), a number of words sampled
 * once, or absent: fresh words every training step, no validation set, Saturn's 512-word test set.
 *
 * @param train    the fixed training set's size, {@link #ALL}, or {@link #ABSENT}
 * @param validate the fixed validation set's size, {@link #ALL}, or {@link #ABSENT}
 * @param test     the fixed test set's size, {@link #ALL}, or {@link #ABSENT}
 */
public record DataProtocol(int train, int validate, int test) {

    /** Every word of the language. */
    public static final int ALL = -1;
    /** No fixed set (training: fresh words every step; test: Saturn's default set). */
    public static final int ABSENT = 0;

    /** Saturn's default: fresh words every step, no validation set, the default test set. */
    public static final DataProtocol FRESH = new DataProtocol(ABSENT, ABSENT, ABSENT);

    public static DataProtocol of(RunConfig config) {
        return new DataProtocol(size(config, DataKeys.TRAIN), size(config, DataKeys.VALIDATE),
                size(config, DataKeys.TEST));
    }

    boolean fixedTraining() {
        return train != ABSENT;
    }

    private static int size(RunConfig config, String key) {
        Object value = config.get(key);
        if (value == null) {
            return ABSENT;
        }
        if (DataKeys.ALL.equals(value)) {
            return ALL;
        }
        if (value instanceof Number number && number.doubleValue() >= 1 && number.doubleValue() <= Integer.MAX_VALUE
                && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.intValue();
        }
        throw new IllegalArgumentException("run " + config.id() + ": '" + key + "' must be 'all' or a positive "
                + "number of words, not " + value);
    }

    @Override
    public String toString() {
        return "train " + describe(train, "fresh words") + ", validate " + describe(validate, "none") + ", test "
                + describe(test, RunData.TEST_WORDS + " words");
    }

    private static String describe(int size, String absent) {
        return size == ALL ? "all words" : size == ABSENT ? absent : size + " words";
    }
}
