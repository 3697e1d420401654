package org.saturn.core.lang.rules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.saturn.core.lang.Word;

/**
 * Bracket matching with one shared stack for the given pairs: every close matches the most recent
 * unmatched open of its pair and nothing stays open. Other symbols are ignored, so one
 * {@code Brackets} per pair gives each pair its own stack (as in CS-Dyck).
 */
public record Brackets(List<Pair> pairs) implements Condition {

    /** An opening and a closing symbol. */
    public record Pair(String open, String close) {
    }

    public Brackets {
        pairs = List.copyOf(pairs);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("bracket matching needs at least one pair");
        }
    }

    public static Brackets of(String open, String close) {
        return new Brackets(List.of(new Pair(open, close)));
    }

    @Override
    public boolean test(Word word) {
        Monitor monitor = monitor(List.of());
        return monitor.holds(monitor.run(monitor.start(), word.symbols()));
    }

    @Override
    public Set<String> symbols() {
        Set<String> symbols = new LinkedHashSet<>();
        pairs.forEach(p -> {
            symbols.add(p.open());
            symbols.add(p.close());
        });
        return symbols;
    }

    @Override
    public String describe() {
        return "matched(" + String.join(" ", pairs.stream().map(p -> p.open() + " " + p.close()).toList()) + ")";
    }

    /** Unmatched opens, innermost first; {@code null} is the empty stack. */
    private record Stack(Stack below, int pair, int depth) {
    }

    private enum Broken { STATE }

    @Override
    public Monitor monitor(List<String> alphabet) {
        return new Monitor() {
            @Override
            public Object start() {
                return new Stack(null, -1, 0); // sentinel bottom, so that states are never null
            }

            @Override
            public Object step(Object state, String symbol) {
                if (state == Broken.STATE) {
                    return state;
                }
                Stack stack = (Stack) state;
                for (int p = 0; p < pairs.size(); p++) {
                    if (pairs.get(p).open().equals(symbol)) {
                        return new Stack(stack, p, stack.depth() + 1);
                    }
                    if (pairs.get(p).close().equals(symbol)) {
                        return stack.depth() > 0 && stack.pair() == p ? stack.below() : Broken.STATE;
                    }
                }
                return stack;
            }

            @Override
            public boolean holds(Object state) {
                return state instanceof Stack stack && stack.depth() == 0;
            }

            @Override
            public int distance(Object state, boolean target, int budget) {
                int d;
                if (state == Broken.STATE) {
                    d = target ? UNREACHABLE : 0; // an unmatched close can never be repaired
                } else if (target) {
                    d = ((Stack) state).depth(); // close everything that is open
                } else {
                    d = holds(state) ? 1 : 0; // one open (or stray close) breaks it
                }
                return d <= budget ? d : UNREACHABLE;
            }
        };
    }
}
