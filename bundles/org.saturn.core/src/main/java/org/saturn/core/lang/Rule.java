package org.saturn.core.lang;

import java.util.Set;

import org.saturn.core.lang.rules.Condition;

/**
 * A named rule of a language: {@code name} is the short key (R1, R2, ...), {@code label} what a
 * researcher reads ("#a = #b"), {@code condition} the predicate over words.
 */
public record Rule(String name, String label, Condition condition) {

    public Rule {
        if (name == null || name.isBlank()) {
            throw new LanguageException("a rule needs a name");
        }
        label = label == null || label.isBlank() ? condition.describe() : label;
    }

    public boolean test(Word word) {
        return condition.test(word);
    }

    public Set<String> symbols() {
        return condition.symbols();
    }

    @Override
    public String toString() {
        return name + " (" + label + ")";
    }
}
