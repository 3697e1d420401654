package org.saturn.core.lang;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable finite sequence of alphabet symbols (no special tokens). Symbols are strings so that
 * brackets and multi-character names need no escaping; {@link #toString()} joins them with spaces.
 */
public final class Word implements Comparable<Word> {

    public static final Word EMPTY = new Word(new String[0]);

    private final String[] symbols;

    private Word(String[] symbols) {
        this.symbols = symbols;
    }

    public static Word of(String... symbols) {
        return new Word(symbols.clone());
    }

    public static Word of(List<String> symbols) {
        return new Word(symbols.toArray(String[]::new));
    }

    /** Parses symbols separated by white space, e.g. {@code "a a b b"}; blank text is the empty word. */
    public static Word parse(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? EMPTY : new Word(trimmed.split("\\s+"));
    }

    /** One symbol per character, e.g. {@code "aabb"} or {@code "([])"}. */
    public static Word ofChars(String text) {
        return new Word(text.chars().mapToObj(c -> String.valueOf((char) c)).toArray(String[]::new));
    }

    public static Word repeat(String symbol, int times) {
        String[] symbols = new String[times];
        Arrays.fill(symbols, symbol);
        return new Word(symbols);
    }

    public int length() {
        return symbols.length;
    }

    public boolean isEmpty() {
        return symbols.length == 0;
    }

    public String symbol(int index) {
        return symbols[index];
    }

    public List<String> symbols() {
        return Collections.unmodifiableList(Arrays.asList(symbols));
    }

    public Word append(String symbol) {
        String[] longer = Arrays.copyOf(symbols, symbols.length + 1);
        longer[symbols.length] = symbol;
        return new Word(longer);
    }

    public Word concat(Word other) {
        String[] joined = Arrays.copyOf(symbols, symbols.length + other.symbols.length);
        System.arraycopy(other.symbols, 0, joined, symbols.length, other.symbols.length);
        return new Word(joined);
    }

    /** The first {@code length} symbols. */
    public Word prefix(int length) {
        return new Word(Arrays.copyOf(symbols, length));
    }

    /** The symbols from {@code from} to the end. */
    public Word suffix(int from) {
        return new Word(Arrays.copyOfRange(symbols, from, symbols.length));
    }

    public int count(String symbol) {
        int count = 0;
        for (String s : symbols) {
            if (s.equals(symbol)) {
                count++;
            }
        }
        return count;
    }

    /** Every word of the given length over the symbols, in lexicographic order of symbol positions. */
    public static List<Word> allOfLength(List<String> alphabet, int length) {
        List<Word> words = new ArrayList<>();
        int size = alphabet.size();
        int[] digits = new int[length];
        long total = (long) Math.pow(size, length);
        for (long index = 0; index < total; index++) {
            String[] symbols = new String[length];
            for (int i = 0; i < length; i++) {
                symbols[i] = alphabet.get(digits[i]);
            }
            words.add(new Word(symbols));
            for (int i = length - 1; i >= 0 && ++digits[i] == size; i--) {
                digits[i] = 0;
            }
        }
        return words;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Word word && Arrays.equals(symbols, word.symbols);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(symbols);
    }

    @Override
    public int compareTo(Word other) {
        return Arrays.compare(symbols, other.symbols);
    }

    /** Symbols joined by single spaces; the empty word prints as {@code ε}. */
    @Override
    public String toString() {
        return symbols.length == 0 ? "ε" : String.join(" ", symbols);
    }
}
