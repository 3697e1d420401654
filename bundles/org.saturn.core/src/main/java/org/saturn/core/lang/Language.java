package org.saturn.core.lang;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import org.saturn.core.lang.gen.Generator;
import org.saturn.core.lang.rules.Completions;
import org.saturn.core.lang.rules.Monitor;

/**
 * A formal language: an alphabet (with the special tokens of {@link Vocabulary}), ordered rules
 * R1, R2, ... whose intersection it is, a generator (the training distribution) and the maximum
 * word length. Construction validates everything and fails with a {@link LanguageException}.
 */
public final class Language {

    /** Words sampled to check that the generator respects the rules and the max length. */
    public static final int VALIDATION_SAMPLES = 200;

    private final String name;
    private final Vocabulary vocabulary;
    private final List<Rule> rules;
    private final Generator generator;
    private final int maxLength;
    private final Map<Rule, Monitor> monitors = new LinkedHashMap<>();

    public Language(String name, List<String> alphabet, List<Rule> rules, Generator generator, int maxLength) {
        this.name = name;
        this.vocabulary = new Vocabulary(alphabet);
        this.rules = List.copyOf(rules);
        this.generator = generator;
        this.maxLength = maxLength;
        if (this.rules.isEmpty()) {
            throw new LanguageException("language " + name + " has no rules: declare at least one");
        }
        Set<String> names = new HashSet<>();
        for (Rule rule : this.rules) {
            if (!names.add(rule.name())) {
                throw new LanguageException("language " + name + " declares rule " + rule.name() + " twice");
            }
            for (String symbol : rule.symbols()) {
                if (!vocabulary.contains(symbol)) {
                    throw new LanguageException("rule " + rule + " mentions symbol '" + symbol
                            + "', which is not in the alphabet {" + String.join(", ", alphabet) + "}");
                }
            }
            monitors.put(rule, rule.condition().monitor(vocabulary.alphabet()));
        }
        if (maxLength < 1) {
            throw new LanguageException("max length must be at least 1, not " + maxLength);
        }
        if (generator.maxWordLength() > maxLength) {
            throw new LanguageException("max length " + maxLength + " is too small for the generator of " + name
                    + ": " + generator.describe() + " produces words of up to " + generator.maxWordLength() + " symbols");
        }
        checkSamples();
    }

    private void checkSamples() {
        SplittableRandom random = new SplittableRandom(20240521L);
        for (int i = 0; i < VALIDATION_SAMPLES; i++) {
            Word word = generator.sample(random);
            for (String symbol : word.symbols()) {
                if (!vocabulary.contains(symbol)) {
                    throw new LanguageException("the generator of " + name + " produces '" + word + "', whose symbol '"
                            + symbol + "' is not in the alphabet " + vocabulary.alphabet());
                }
            }
            for (Rule rule : rules) {
                if (!rule.test(word)) {
                    throw new LanguageException("the generator of " + name + " produces '" + word
                            + "', which violates rule " + rule);
                }
            }
        }
    }

    public String name() {
        return name;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public List<String> alphabet() {
        return vocabulary.alphabet();
    }

    public List<Rule> rules() {
        return rules;
    }

    public Rule rule(int index) {
        return rules.get(index);
    }

    public Generator generator() {
        return generator;
    }

    public int maxLength() {
        return maxLength;
    }

    public Monitor monitor(Rule rule) {
        return monitors.get(rule);
    }

    /** All rules hold. */
    public boolean isGrammatical(Word word) {
        return rules.stream().allMatch(r -> r.test(word));
    }

    /**
     * Whether some completion of the prefix (over the alphabet, within the max length) makes the
     * rule's truth value {@code target}; for {@code target = true}: the prefix does not violate it.
     */
    public boolean canComplete(Word prefix, Rule rule, boolean target) {
        return shortestCompletion(prefix, rule, target).isPresent();
    }

    /** The rules whose truth no completion within the max length can make true. */
    public List<Rule> violatedRules(Word prefix) {
        return rules.stream().filter(r -> !canComplete(prefix, r, true)).toList();
    }

    /** The shortest completion (earliest symbols first) making the rule's truth value {@code target}. */
    public Optional<Word> shortestCompletion(Word prefix, Rule rule, boolean target) {
        int budget = maxLength - prefix.length();
        if (budget < 0) {
            return Optional.empty();
        }
        Monitor monitor = monitor(rule);
        return Completions.shortest(monitor, monitor.run(monitor.start(), prefix.symbols()), target, alphabet(), budget);
    }

    @Override
    public String toString() {
        return name + " (max length " + maxLength + ")";
    }
}
