package org.saturn.core.lang.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import org.saturn.core.lang.LanguageException;
import org.saturn.core.lang.Word;

/** Boolean combinations of conditions: {@link Not}, {@link AllOf}, {@link AnyOf}. */
public final class Logic {

    private Logic() {
    }

    /** The negation of a condition. */
    public record Not(Condition inner) implements Condition {
        @Override
        public boolean test(Word word) {
            return !inner.test(word);
        }

        @Override
        public Set<String> symbols() {
            return inner.symbols();
        }

        @Override
        public String describe() {
            return "not (" + inner.describe() + ")";
        }

        @Override
        public Monitor monitor(List<String> alphabet) {
            Monitor monitor = inner.monitor(alphabet);
            return new Monitor() {
                @Override
                public Object start() {
                    return monitor.start();
                }

                @Override
                public Object step(Object state, String symbol) {
                    return monitor.step(state, symbol);
                }

                @Override
                public boolean holds(Object state) {
                    return !monitor.holds(state);
                }

                @Override
                public int distance(Object state, boolean target, int budget) {
                    return monitor.distance(state, !target, budget);
                }
            };
        }
    }

    /** Conjunction. */
    public record AllOf(List<Condition> parts) implements Condition {
        public AllOf {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean test(Word word) {
            return parts.stream().allMatch(p -> p.test(word));
        }

        @Override
        public Set<String> symbols() {
            return symbolsOf(parts);
        }

        @Override
        public String describe() {
            return join(parts, " and ");
        }

        @Override
        public Monitor monitor(List<String> alphabet) {
            return new Junction(parts, alphabet, true);
        }
    }

    /** Disjunction. */
    public record AnyOf(List<Condition> parts) implements Condition {
        public AnyOf {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean test(Word word) {
            return parts.stream().anyMatch(p -> p.test(word));
        }

        @Override
        public Set<String> symbols() {
            return symbolsOf(parts);
        }

        @Override
        public String describe() {
            return join(parts, " or ");
        }

        @Override
        public Monitor monitor(List<String> alphabet) {
            return new Junction(parts, alphabet, false);
        }
    }

    private static Set<String> symbolsOf(List<Condition> parts) {
        Set<String> symbols = new LinkedHashSet<>();
        parts.forEach(p -> symbols.addAll(p.symbols()));
        return symbols;
    }

    private static String join(List<Condition> parts, String operator) {
        return String.join(operator, parts.stream().map(p -> "(" + p.describe() + ")").toList());
    }

    /**
     * Conjunction ({@code all}) or disjunction of monitors over the product state. Reaching "some
     * part has value v" takes the least of the parts' distances; reaching "every part has value v"
     * needs one completion for all parts at once, found by A* search with the largest part
     * distance as an admissible heuristic, so the answer stays exact.
     */
    private static final class Junction implements Monitor {
        private static final int SEARCH_LIMIT = 1_000_000;
        private final List<Monitor> monitors = new ArrayList<>();
        private final List<String> alphabet;
        private final boolean all;

        Junction(List<Condition> parts, List<String> alphabet, boolean all) {
            parts.forEach(p -> monitors.add(p.monitor(alphabet)));
            this.alphabet = alphabet;
            this.all = all;
        }

        @Override
        public Object start() {
            return monitors.stream().map(Monitor::start).toList();
        }

        @Override
        public Object step(Object state, String symbol) {
            List<?> states = (List<?>) state;
            List<Object> next = new ArrayList<>(states.size());
            for (int i = 0; i < monitors.size(); i++) {
                next.add(monitors.get(i).step(states.get(i), symbol));
            }
            return List.copyOf(next);
        }

        @Override
        public boolean holds(Object state) {
            List<?> states = (List<?>) state;
            for (int i = 0; i < monitors.size(); i++) {
                if (monitors.get(i).holds(states.get(i)) != all) {
                    return !all;
                }
            }
            return all;
        }

        @Override
        public int distance(Object state, boolean target, int budget) {
            List<?> states = (List<?>) state;
            boolean everyPart = target == all; // all parts must reach `target`; otherwise one part must reach it
            if (!everyPart) {
                int best = UNREACHABLE;
                for (int i = 0; i < monitors.size(); i++) {
                    best = Math.min(best, monitors.get(i).distance(states.get(i), target, budget));
                }
                return best;
            }
            return search(state, target, budget);
        }

        private int heuristic(Object state, boolean target, int budget) {
            List<?> states = (List<?>) state;
            int worst = 0;
            for (int i = 0; i < monitors.size(); i++) {
                worst = Math.max(worst, monitors.get(i).distance(states.get(i), target, budget));
            }
            return worst;
        }

        private record Node(Object state, int steps, int estimate) {
        }

        private int search(Object start, boolean target, int budget) {
            int h0 = heuristic(start, target, budget);
            if (h0 == UNREACHABLE) {
                return UNREACHABLE;
            }
            PriorityQueue<Node> open = new PriorityQueue<>((x, y) -> Integer.compare(x.estimate, y.estimate));
            Map<Object, Integer> best = new HashMap<>();
            open.add(new Node(start, 0, h0));
            best.put(start, 0);
            while (!open.isEmpty()) {
                Node node = open.poll();
                if (node.steps > best.get(node.state)) {
                    continue;
                }
                if (heuristic(node.state, target, 0) == 0) {
                    return node.steps;
                }
                if (best.size() > SEARCH_LIMIT) {
                    throw new LanguageException("cannot decide whether a prefix can be completed: the search over "
                            + "combined rule states exceeded " + SEARCH_LIMIT + " states");
                }
                for (String symbol : alphabet) {
                    Object next = step(node.state, symbol);
                    int steps = node.steps + 1;
                    int h = heuristic(next, target, budget - steps);
                    if (h == UNREACHABLE || steps + h > budget) {
                        continue;
                    }
                    Integer known = best.get(next);
                    if (known == null || steps < known) {
                        best.put(next, steps);
                        open.add(new Node(next, steps, steps + h));
                    }
                }
            }
            return UNREACHABLE;
        }
    }
}
