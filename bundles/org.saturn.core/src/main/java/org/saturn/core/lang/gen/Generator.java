package org.saturn.core.lang.gen;

import java.util.List;
import java.util.random.RandomGenerator;

import org.saturn.core.lang.Word;

/**
 * A probability distribution over words. Besides sampling it answers exact questions: prefix
 * probabilities and next-token distributions through {@link #start()}, and the entropy of the word
 * distribution ({@link Estimate#exact()} says whether it is exact or Monte-Carlo).
 */
public interface Generator {

    Word sample(RandomGenerator random);

    /** The state before the first symbol (after SOS). */
    PrefixState start();

    /** Entropy of the word distribution in nats per word. */
    Estimate entropy();

    /** Expected word length {@code E|w|} (symbols, EOS not counted). */
    Estimate expectedLength();

    /** The longest word this generator can produce. */
    int maxWordLength();

    /** A readable description, e.g. {@code a^n b^n, n ~ uniform(1..128)}. */
    String describe();

    default PrefixState stateAfter(Word prefix) {
        PrefixState state = start();
        for (int i = 0; i < prefix.length() && state.possible(); i++) {
            state = state.extend(prefix.symbol(i));
        }
        return state;
    }

    /** {@code P(the generated word starts with prefix)}. */
    default double prefixProbability(Word prefix) {
        return Math.exp(stateAfter(prefix).logProbability());
    }

    /** {@code P(the generated word equals word)}. */
    default double wordProbability(Word word) {
        PrefixState state = stateAfter(word);
        return state.possible() ? Math.exp(state.logEndProbability()) : 0.0;
    }

    /** {@code p(next | prefix)} over the alphabet then EOS, for a prefix of positive probability. */
    default double[] nextTokenDistribution(Word prefix, List<String> alphabet) {
        return stateAfter(prefix).next(alphabet);
    }
}
