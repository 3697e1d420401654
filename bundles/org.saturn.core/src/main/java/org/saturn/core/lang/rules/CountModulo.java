package org.saturn.core.lang.rules;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.saturn.core.lang.Word;

/** {@code count % modulus == remainder}, e.g. an even number of a's: {@code count(a) % 2 == 0}. */
public record CountModulo(LinearCount count, int modulus, int remainder) implements Condition {

    public CountModulo {
        if (modulus < 1) {
            throw new IllegalArgumentException("modulus must be positive: " + modulus);
        }
        remainder = Math.floorMod(remainder, modulus);
    }

    @Override
    public boolean test(Word word) {
        return Math.floorMod(count.evaluate(word), modulus) == remainder;
    }

    @Override
    public Set<String> symbols() {
        return count.coefficients().keySet();
    }

    @Override
    public String describe() {
        return count.describe() + " % " + modulus + " == " + remainder;
    }

    @Override
    public Monitor monitor(List<String> alphabet) {
        // BFS over residues: distance from each residue to the target residue / to any other residue
        int[] toHold = new int[modulus];
        int[] toFail = new int[modulus];
        for (int start = 0; start < modulus; start++) {
            int[] distance = new int[modulus];
            Arrays.fill(distance, Monitor.UNREACHABLE);
            distance[start] = 0;
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
            while (!queue.isEmpty()) {
                int residue = queue.poll();
                for (String symbol : alphabet) {
                    int next = Math.floorMod(residue + count.coefficient(symbol), modulus);
                    if (distance[next] == Monitor.UNREACHABLE) {
                        distance[next] = distance[residue] + 1;
                        queue.add(next);
                    }
                }
            }
            toHold[start] = distance[remainder];
            toFail[start] = Monitor.UNREACHABLE;
            for (int r = 0; r < modulus; r++) {
                if (r != remainder) {
                    toFail[start] = Math.min(toFail[start], distance[r]);
                }
            }
        }
        return new Monitor() {
            @Override
            public Object start() {
                return Math.floorMod(count.constant(), modulus);
            }

            @Override
            public Object step(Object state, String symbol) {
                return Math.floorMod((Integer) state + count.coefficient(symbol), modulus);
            }

            @Override
            public boolean holds(Object state) {
                return (Integer) state == remainder;
            }

            @Override
            public int distance(Object state, boolean target, int budget) {
                int d = (target ? toHold : toFail)[(Integer) state];
                return d <= budget ? d : UNREACHABLE;
            }
        };
    }
}
