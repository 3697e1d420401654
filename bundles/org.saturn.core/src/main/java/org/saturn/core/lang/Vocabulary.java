package org.saturn.core.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ids shared by every model: {@link #PAD} = 0, {@link #SOS} = 1, {@link #EOS} = 2, then the
 * alphabet's symbols in declared order (3, 4, ...). A training sequence is {@code SOS w EOS PAD...}.
 */
public final class Vocabulary {
    public static final int PAD = 0;
    public static final int SOS = 1;
    public static final int EOS = 2;
    /** Id of the first alphabet symbol. */
    public static final int FIRST_SYMBOL = 3;
    private static final List<String> SPECIAL_NAMES = List.of("<pad>", "<sos>", "<eos>");

    private final List<String> alphabet;
    private final Map<String, Integer> ids = new HashMap<>();

    public Vocabulary(List<String> alphabet) {
        if (alphabet == null || alphabet.isEmpty()) {
            throw new LanguageException("the alphabet is empty: declare at least one symbol");
        }
        this.alphabet = List.copyOf(alphabet);
        for (String symbol : this.alphabet) {
            if (symbol.isBlank() || symbol.chars().anyMatch(Character::isWhitespace)) {
                throw new LanguageException("alphabet symbol '" + symbol + "' is blank or contains white space");
            }
            if (SPECIAL_NAMES.contains(symbol)) {
                throw new LanguageException("alphabet symbol '" + symbol + "' is a special token name");
            }
            if (ids.putIfAbsent(symbol, FIRST_SYMBOL + ids.size()) != null) {
                throw new LanguageException("alphabet symbol '" + symbol + "' is declared twice");
            }
        }
    }

    public List<String> alphabet() {
        return alphabet;
    }

    /** Number of token ids: the three special tokens plus the alphabet. */
    public int size() {
        return FIRST_SYMBOL + alphabet.size();
    }

    public boolean contains(String symbol) {
        return ids.containsKey(symbol);
    }

    public int id(String symbol) {
        Integer id = ids.get(symbol);
        if (id == null) {
            throw new LanguageException("symbol '" + symbol + "' is not in the alphabet " + alphabet);
        }
        return id;
    }

    /** The symbol or special-token name of an id. */
    public String name(int id) {
        if (id < 0 || id >= size()) {
            throw new LanguageException("token id " + id + " is outside the vocabulary 0.." + (size() - 1));
        }
        return id < FIRST_SYMBOL ? SPECIAL_NAMES.get(id) : alphabet.get(id - FIRST_SYMBOL);
    }

    /** {@code SOS w EOS}, or {@code SOS w} when {@code withEos} is false (a prompt). */
    public int[] encode(Word word, boolean withEos) {
        int[] tokens = new int[word.length() + (withEos ? 2 : 1)];
        tokens[0] = SOS;
        for (int i = 0; i < word.length(); i++) {
            tokens[i + 1] = id(word.symbol(i));
        }
        if (withEos) {
            tokens[tokens.length - 1] = EOS;
        }
        return tokens;
    }

    /**
     * The symbols of a token sequence: a leading SOS is skipped, decoding stops at EOS, PAD or a
     * later SOS (a model may emit any token id; a special token is never a symbol of a word).
     */
    public Word decode(int[] tokens) {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            if (i == 0 && tokens[i] == SOS) {
                continue;
            }
            if (tokens[i] < FIRST_SYMBOL) {
                break;
            }
            symbols.add(name(tokens[i]));
        }
        return Word.of(symbols);
    }

    @Override
    public String toString() {
        return "Vocabulary" + alphabet;
    }
}
