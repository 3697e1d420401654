package org.saturn.core.lang.rules;

import java.util.List;
import java.util.Set;

import org.saturn.core.lang.Word;

/**
 * A predicate over words, with a {@link Monitor} that tracks it symbol by symbol so that one can
 * decide exactly whether a prefix can still be completed into a word that satisfies it (or
 * violates it). Conditions are immutable; the factories in {@link Conditions} build them.
 */
public interface Condition {

    boolean test(Word word);

    /** The alphabet symbols this condition mentions (to reject conditions over unknown symbols). */
    Set<String> symbols();

    /** A monitor of this condition for words over the given alphabet. */
    Monitor monitor(List<String> alphabet);

    /** A readable formula, e.g. {@code count(a) == count(b)}. */
    String describe();
}
