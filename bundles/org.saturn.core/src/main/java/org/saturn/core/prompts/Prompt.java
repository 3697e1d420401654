package org.saturn.core.prompts;

import java.util.List;

import org.saturn.core.lang.Word;

/**
 * A prompt (the symbols after SOS) with its classification: in-distribution exactly when its
 * prefix probability under the generator is positive; {@code violatedRules} names the rules that
 * no completion within the max length can satisfy any more.
 */
public record Prompt(Word prefix, double prefixProbability, List<String> violatedRules) {

    public Prompt {
        violatedRules = List.copyOf(violatedRules);
    }

    public boolean inDistribution() {
        return prefixProbability > 0;
    }

    /** SOS alone: the unconditional prompt. */
    public boolean sosOnly() {
        return prefix.isEmpty();
    }
}
