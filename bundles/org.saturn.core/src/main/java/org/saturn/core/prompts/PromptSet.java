package org.saturn.core.prompts;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.LanguageException;
import org.saturn.core.lang.Rule;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.gen.Generator;
import org.saturn.core.lang.gen.PrefixState;
import org.saturn.core.lang.rules.Monitor;

/** A named list of classified prompts for one language. */
public record PromptSet(String name, List<Prompt> prompts) {

    public PromptSet {
        prompts = List.copyOf(prompts);
    }

    /** Classifies one prompt: prefix probability under the language's generator and violated rules. */
    public static Prompt classify(Language language, Word prefix) {
        for (String symbol : prefix.symbols()) {
            if (!language.vocabulary().contains(symbol)) {
                throw new LanguageException("prompt '" + prefix + "' uses symbol '" + symbol
                        + "', which is not in the alphabet " + language.alphabet());
            }
        }
        double probability = language.generator().prefixProbability(prefix);
        List<String> violated = language.violatedRules(prefix).stream().map(r -> r.name()).toList();
        return new Prompt(prefix, probability, violated);
    }

    /** Every word of the given length over the sub-alphabet (each after SOS). */
    public static PromptSet exhaustive(Language language, int length, List<String> subAlphabet) {
        if (length < 0 || Math.pow(subAlphabet.size(), length) > 5_000_000) {
            throw new LanguageException("exhaustive prompts of length " + length + " over " + subAlphabet.size()
                    + " symbols are too many (limit 5,000,000)");
        }
        if (subAlphabet.isEmpty()) {
            throw new LanguageException("exhaustive prompts need at least one symbol");
        }
        for (String symbol : subAlphabet) {
            if (!language.vocabulary().contains(symbol)) {
                throw new LanguageException("prompt symbol '" + symbol + "' is not in the alphabet " + language.alphabet());
            }
        }
        List<Prompt> prompts = new ArrayList<>();
        List<Rule> rules = language.rules();
        Object[] states = rules.stream().map(r -> language.monitor(r).start()).toArray();
        walk(language, subAlphabet, length, Word.EMPTY, language.generator().start(), states, prompts);
        return new PromptSet("all words of length " + length + " over " + String.join(" ", subAlphabet), prompts);
    }

    /** Depth-first over the tree of prompts, so that prefixes share generator and monitor states. */
    private static void walk(Language language, List<String> subAlphabet, int length, Word prefix, PrefixState state,
            Object[] states, List<Prompt> into) {
        List<Rule> rules = language.rules();
        if (prefix.length() == length) {
            int budget = language.maxLength() - length;
            List<String> violated = new ArrayList<>();
            for (int r = 0; r < rules.size(); r++) {
                if (budget < 0 || language.monitor(rules.get(r)).distance(states[r], true, budget) == Monitor.UNREACHABLE) {
                    violated.add(rules.get(r).name());
                }
            }
            into.add(new Prompt(prefix, state.possible() ? Math.exp(state.logProbability()) : 0.0, violated));
            return;
        }
        for (String symbol : subAlphabet) {
            Object[] next = new Object[states.length];
            for (int r = 0; r < rules.size(); r++) {
                next[r] = language.monitor(rules.get(r)).step(states[r], symbol);
            }
            walk(language, subAlphabet, length, prefix.append(symbol), state.possible() ? state.extend(symbol) : state, next,
                    into);
        }
    }

    /** Every word of the given length over the whole alphabet. */
    public static PromptSet exhaustive(Language language, int length) {
        return exhaustive(language, length, language.alphabet());
    }

    /** The given prompts. */
    public static PromptSet listed(Language language, String name, List<Word> words) {
        List<Prompt> prompts = new ArrayList<>(words.size());
        for (Word word : words) {
            prompts.add(classify(language, word));
        }
        return new PromptSet(name, prompts);
    }

    /**
     * {@code count} prompts of the given length: prefixes of words sampled from {@code source}
     * (words shorter than {@code length} are redrawn), or uniform random symbols when it is null.
     */
    public static PromptSet sampled(Language language, Generator source, int count, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Word> words = new ArrayList<>(count);
        int attempts = 0;
        while (words.size() < count) {
            if (++attempts > 1000 * Math.max(count, 1)) {
                throw new LanguageException("the generator rarely produces words of length >= " + length
                        + "; cannot sample " + count + " prompts");
            }
            if (source == null) {
                List<String> symbols = new ArrayList<>();
                for (int i = 0; i < length; i++) {
                    symbols.add(language.alphabet().get(random.nextInt(language.alphabet().size())));
                }
                words.add(Word.of(symbols));
            } else {
                Word word = source.sample(random);
                if (word.length() >= length) {
                    words.add(word.prefix(length));
                }
            }
        }
        return listed(language, count + " sampled prompts of length " + length, words);
    }

    /**
     * {@code count} prompts: the fixed {@code prefix} followed by a word sampled from
     * {@code source}, classified like any prompt (ID exactly when the language's generator gives
     * the whole prompt positive prefix probability). Words that would make a prompt longer than
     * the max length are redrawn, so a completion always has room.
     */
    public static PromptSet sampledAfter(Language language, Generator source, int count, Word prefix, long seed) {
        return sampledWords(language, source, count, prefix, 0, Integer.MAX_VALUE, seed);
    }

    /**
     * As {@link #sampledAfter}, keeping only sampled words whose length is in
     * {@code minWordLength..maxWordLength} (the papers' Dyck prompts: nested words of length 6).
     * The prefix may be empty: then the sampled words are the prompts.
     */
    public static PromptSet sampledWords(Language language, Generator source, int count, Word prefix, int minWordLength,
            int maxWordLength, long seed) {
        if (prefix.length() >= language.maxLength()) {
            throw new LanguageException("the prefix '" + prefix + "' leaves no room within max length "
                    + language.maxLength());
        }
        boolean anyLength = minWordLength <= 0 && maxWordLength == Integer.MAX_VALUE;
        String lengths = anyLength ? ""
                : minWordLength == maxWordLength ? " of length " + minWordLength
                : " of length " + minWordLength + ".." + maxWordLength;
        SplittableRandom random = new SplittableRandom(seed);
        List<Word> prompts = new ArrayList<>(count);
        for (int attempts = 0; prompts.size() < count; attempts++) {
            if (attempts > 1000 * Math.max(count, 1)) {
                throw new LanguageException("the generator rarely produces words" + lengths + " of at most "
                        + (language.maxLength() - prefix.length()) + " symbols; cannot sample " + count
                        + " prompts" + (prefix.length() == 0 ? "" : " after '" + prefix + "'"));
            }
            Word word = source.sample(random);
            if (prefix.length() + word.length() <= language.maxLength() && word.length() >= minWordLength
                    && word.length() <= maxWordLength) {
                prompts.add(prefix.concat(word));
            }
        }
        return listed(language, count + " sampled words" + lengths + (prefix.length() == 0 ? "" : " after " + prefix),
                prompts);
    }

    /** SOS alone. */
    public static PromptSet sosOnly(Language language) {
        return listed(language, "SOS only", List.of(Word.EMPTY));
    }

    public List<Prompt> inDistribution() {
        return prompts.stream().filter(Prompt::inDistribution).toList();
    }

    public List<Prompt> outOfDistribution() {
        return prompts.stream().filter(p -> !p.inDistribution()).toList();
    }
}
