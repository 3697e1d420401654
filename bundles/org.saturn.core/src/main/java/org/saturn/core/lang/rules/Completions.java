package org.saturn.core.lang.rules;

import java.util.List;
import java.util.Optional;

import org.saturn.core.lang.Word;

/** Shortest completions of prefixes, built greedily on the monitors' exact distances. */
public final class Completions {

    private Completions() {
    }

    /**
     * The shortest word {@code c} (earliest alphabet symbol first on ties) such that the condition's
     * truth value on {@code prefix c} is {@code target}, with at most {@code budget} symbols.
     */
    public static Optional<Word> shortest(Monitor monitor, Object state, boolean target, List<String> alphabet, int budget) {
        int distance = monitor.distance(state, target, budget);
        if (distance == Monitor.UNREACHABLE) {
            return Optional.empty();
        }
        Word completion = Word.EMPTY;
        Object current = state;
        while (distance > 0) {
            boolean advanced = false;
            for (String symbol : alphabet) {
                Object next = monitor.step(current, symbol);
                if (monitor.distance(next, target, distance - 1) == distance - 1) {
                    completion = completion.append(symbol);
                    current = next;
                    distance--;
                    advanced = true;
                    break;
                }
            }
            if (!advanced) {
                throw new IllegalStateException("monitor distance is not exact at " + completion);
            }
        }
        return Optional.of(completion);
    }
}
