package org.saturn.core.prompts;

import java.util.List;

import org.saturn.core.lang.Word;

/**
 * A prompt (the symbols after SOS) with its classification: in-distribution exactly when its
 * prefix probability under the generator is positive; {@code violatedRules} names the rules that
 * no completion within the max length can satisfy any more; {@code inContext} is null except for
 * in-context prompts of a mixture.
 */
public record Prompt(Word prefix, double prefixProbability, List<String> violatedRules, InContext inContext) {

    /**
     * What an in-context prompt asks: {@code examples} solved words of the task {@code task}, each
     * followed by the delimiter, then the query (the model's next word should be one of that task).
     */
    public record InContext(int examples, String task) {
    }

    public Prompt {
        violatedRules = List.copyOf(violatedRules);
    }

    /** A prompt that is not an in-context prompt. */
    public Prompt(Word prefix, double prefixProbability, List<String> violatedRules) {
        this(prefix, prefixProbability, violatedRules, null);
    }

    public boolean inDistribution() {
        return prefixProbability > 0;
    }

    /** SOS alone: the unconditional prompt. */
    public boolean sosOnly() {
        return prefix.isEmpty();
    }
}
