package org.saturn.core.lang.mixture;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.saturn.core.lang.Word;
import org.saturn.core.lang.rules.Condition;
import org.saturn.core.lang.rules.Monitor;

/**
 * Every segment of a sequence (the parts between delimiters) satisfies the inner condition, e.g.
 * "every word is a word of some task" for a mixture's training sequences.
 */
public record EverySegment(String delimiter, Condition segment) implements Condition {

    @Override
    public boolean test(Word word) {
        return segments(word).stream().allMatch(segment::test);
    }

    /** The parts between delimiters, in order (n delimiters: n + 1 parts, empty ones included). */
    public static List<Word> segments(Word word, String delimiter) {
        List<Word> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < word.length(); i++) {
            if (word.symbol(i).equals(delimiter)) {
                parts.add(word.suffix(from).prefix(i - from));
                from = i + 1;
            }
        }
        parts.add(word.suffix(from));
        return parts;
    }

    private List<Word> segments(Word word) {
        return segments(word, delimiter);
    }

    @Override
    public Set<String> symbols() {
        Set<String> symbols = new LinkedHashSet<>(segment.symbols());
        symbols.add(delimiter);
        return symbols;
    }

    @Override
    public String describe() {
        return "every part between " + delimiter + " is " + segment.describe();
    }

    private record State(boolean earlierHold, Object current) {
    }

    @Override
    public Monitor monitor(List<String> alphabet) {
        Monitor inner = segment.monitor(alphabet.stream().filter(s -> !s.equals(delimiter)).toList());
        return new Monitor() {
            @Override
            public Object start() {
                return new State(true, inner.start());
            }

            @Override
            public Object step(Object state, String symbol) {
                State s = (State) state;
                if (symbol.equals(delimiter)) {
                    return new State(s.earlierHold() && inner.holds(s.current()), inner.start());
                }
                return new State(s.earlierHold(), inner.step(s.current(), symbol));
            }

            @Override
            public boolean holds(Object state) {
                State s = (State) state;
                return s.earlierHold() && inner.holds(s.current());
            }

            @Override
            public int distance(Object state, boolean target, int budget) {
                State s = (State) state;
                if (target) { // only the current segment can still be repaired
                    return s.earlierHold() ? inner.distance(s.current(), true, budget) : UNREACHABLE;
                }
                if (!s.earlierHold()) {
                    return 0;
                }
                int here = inner.distance(s.current(), false, budget);
                // or close this segment and spoil the next one
                int next = budget >= 1 ? inner.distance(inner.start(), false, budget - 1) : UNREACHABLE;
                return Math.min(here, next == UNREACHABLE ? UNREACHABLE : next + 1);
            }
        };
    }
}
