package org.saturn.core.lang.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.saturn.core.lang.Word;

/** All listed symbols occur equally often, e.g. {@code count(a) == count(b) == count(c)}. */
public record CountsEqual(List<String> counted) implements Condition {

    public CountsEqual {
        counted = List.copyOf(new LinkedHashSet<>(counted));
        if (counted.isEmpty()) {
            throw new IllegalArgumentException("counts-equal needs at least one symbol");
        }
    }

    @Override
    public boolean test(Word word) {
        int first = word.count(counted.get(0));
        return counted.stream().allMatch(s -> word.count(s) == first);
    }

    @Override
    public Set<String> symbols() {
        return new LinkedHashSet<>(counted);
    }

    @Override
    public String describe() {
        return String.join(" == ", counted.stream().map(s -> "count(" + s + ")").toList());
    }

    @Override
    public Monitor monitor(List<String> alphabet) {
        return new Monitor() {
            /** State: each count minus the smallest count (only differences matter). */
            @Override
            public Object start() {
                return Collections.nCopies(counted.size(), 0);
            }

            @Override
            public Object step(Object state, String symbol) {
                int index = counted.indexOf(symbol);
                if (index < 0) {
                    return state;
                }
                List<Integer> counts = new ArrayList<>(asCounts(state));
                counts.set(index, counts.get(index) + 1);
                int min = Collections.min(counts);
                counts.replaceAll(c -> c - min);
                return List.copyOf(counts);
            }

            @Override
            public boolean holds(Object state) {
                return Collections.max(asCounts(state)) == 0;
            }

            @Override
            public int distance(Object state, boolean target, int budget) {
                List<Integer> counts = asCounts(state);
                int max = Collections.max(counts);
                int d;
                if (target) {
                    d = counts.stream().mapToInt(c -> max - c).sum();
                } else {
                    d = max > 0 ? 0 : counted.size() > 1 ? 1 : UNREACHABLE;
                }
                return d <= budget ? d : UNREACHABLE;
            }

            @SuppressWarnings("unchecked")
            private List<Integer> asCounts(Object state) {
                return (List<Integer>) state;
            }
        };
    }
}
