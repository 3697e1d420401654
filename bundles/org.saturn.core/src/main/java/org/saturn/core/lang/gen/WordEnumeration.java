package org.saturn.core.lang.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;

/**
 * Every word a language's generator can produce up to its max length, listed by walking the
 * generator's exact prefix states (a symbol is followed only where the prefix keeps positive
 * probability). This is the papers' "all sequences" training set for aⁿbⁿ and aⁿbⁿcⁿ; a language
 * with more words than a limit (Dyck at any useful length) is not enumerable in practice.
 */
public final class WordEnumeration {

    /** The most words a fixed training or test set of "all words" may have. */
    public static final int LIMIT = 100_000;

    private WordEnumeration() {
    }

    /**
     * The language's words in the walk's order (depth-first, symbols in alphabet order: fixed for a
     * language and max length), or empty when there are more than {@code limit}.
     */
    public static Optional<List<Word>> words(Language language, int limit) {
        List<Word> words = new ArrayList<>();
        // prefixes visited are bounded too: a language can have few words but many dead prefixes
        long[] budget = {Math.max(1L, (long) limit) * 64};
        boolean complete = walk(language, Word.EMPTY, language.generator().start(), limit, words, budget);
        return complete ? Optional.of(words) : Optional.empty();
    }

    /** The number of words, or -1 when there are more than {@code limit}. */
    public static int count(Language language, int limit) {
        return words(language, limit).map(List::size).orElse(-1);
    }

    private static boolean walk(Language language, Word prefix, PrefixState state, int limit, List<Word> words,
            long[] budget) {
        if (--budget[0] < 0) {
            return false;
        }
        if (state.logEndProbability() != Double.NEGATIVE_INFINITY) {
            if (words.size() == limit) {
                return false;
            }
            words.add(prefix);
        }
        if (prefix.length() == language.maxLength()) {
            return true;
        }
        for (String symbol : language.alphabet()) {
            PrefixState next = state.extend(symbol);
            if (next.possible() && !walk(language, prefix.append(symbol), next, limit, words, budget)) {
                return false;
            }
        }
        return true;
    }
}
