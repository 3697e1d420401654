package org.saturn.core.lang.gen;

import java.util.List;

/**
 * A generator's exact knowledge after a prefix: {@code ln P(the word starts with the prefix)} and
 * {@code ln P(the word equals the prefix)}. Immutable; {@link #extend} gives the state one symbol on,
 * so an oracle decodes incrementally, like a model with a cache.
 */
public interface PrefixState {

    int length();

    /** {@code ln P(prefix)}; negative infinity exactly when the prefix has probability zero. */
    double logProbability();

    /** {@code ln P(word == prefix)}. */
    double logEndProbability();

    /** The state after one more symbol (probability zero for symbols the generator never emits here). */
    PrefixState extend(String symbol);

    default boolean possible() {
        return logProbability() != Double.NEGATIVE_INFINITY;
    }

    /**
     * {@code p(next | prefix)} over the given alphabet's symbols in order, then EOS last. Defined
     * only for a possible prefix.
     */
    default double[] next(List<String> alphabet) {
        double[] distribution = new double[alphabet.size() + 1];
        double log = logProbability();
        for (int i = 0; i < alphabet.size(); i++) {
            distribution[i] = Math.exp(extend(alphabet.get(i)).logProbability() - log);
        }
        distribution[alphabet.size()] = Math.exp(logEndProbability() - log);
        return distribution;
    }
}
