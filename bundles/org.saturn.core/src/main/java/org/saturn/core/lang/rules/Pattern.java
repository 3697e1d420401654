package org.saturn.core.lang.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.saturn.core.lang.LanguageException;
import org.saturn.core.lang.Word;

/**
 * A regular pattern over symbols (not characters), matched against the whole word and compiled to a
 * deterministic automaton per alphabet. Syntax of {@link #parse}: symbols are runs of characters
 * other than white space and {@code * + ? | ( ) . '}; quote a symbol that uses them ({@code '('});
 * juxtaposition concatenates, {@code |} alternates, {@code * + ?} repeat, {@code .} is any symbol,
 * {@code ()} is the empty word. Example: {@code a* b*}.
 */
public record Pattern(Regex regex, String source) implements Condition {

    /** The abstract syntax of a pattern. */
    public sealed interface Regex {
    }

    /** One given symbol. */
    public record Symbol(String symbol) implements Regex {
    }

    /** Any one symbol of the alphabet. */
    public record AnySymbol() implements Regex {
    }

    /** The parts one after the other (the empty list is the empty word). */
    public record Sequence(List<Regex> parts) implements Regex {
    }

    /** One of the options. */
    public record Choice(List<Regex> options) implements Regex {
    }

    /** The body repeated: at least {@code atLeastOnce ? 1 : 0} times, at most once or unboundedly. */
    public record Repeat(Regex body, boolean atLeastOnce, boolean atMostOnce) implements Regex {
    }

    public static Pattern parse(String source) {
        return new Pattern(new Parser(source).parseWhole(), source.strip());
    }

    public static Pattern of(Regex regex, String description) {
        return new Pattern(regex, description);
    }

    /** Words beginning with the given symbols. */
    public static Pattern startsWith(Word start) {
        List<Regex> parts = new ArrayList<>(symbolsOf(start));
        parts.add(new Repeat(new AnySymbol(), false, false));
        return new Pattern(new Sequence(parts), "starts with " + start);
    }

    /** Words ending with the given symbols. */
    public static Pattern endsWith(Word end) {
        List<Regex> parts = new ArrayList<>();
        parts.add(new Repeat(new AnySymbol(), false, false));
        parts.addAll(symbolsOf(end));
        return new Pattern(new Sequence(parts), "ends with " + end);
    }

    private static List<Regex> symbolsOf(Word word) {
        return word.symbols().stream().<Regex>map(Symbol::new).toList();
    }

    @Override
    public boolean test(Word word) {
        Set<String> alphabet = new LinkedHashSet<>(word.symbols());
        alphabet.addAll(symbols());
        Monitor monitor = monitor(List.copyOf(alphabet));
        return monitor.holds(monitor.run(monitor.start(), word.symbols()));
    }

    @Override
    public Set<String> symbols() {
        Set<String> symbols = new LinkedHashSet<>();
        collectSymbols(regex, symbols);
        return symbols;
    }

    private static void collectSymbols(Regex regex, Set<String> into) {
        if (regex instanceof Symbol s) {
            into.add(s.symbol());
        } else if (regex instanceof Sequence seq) {
            seq.parts().forEach(p -> collectSymbols(p, into));
        } else if (regex instanceof Choice choice) {
            choice.options().forEach(o -> collectSymbols(o, into));
        } else if (regex instanceof Repeat repeat) {
            collectSymbols(repeat.body(), into);
        }
    }

    @Override
    public String describe() {
        return source;
    }

    @Override
    public Monitor monitor(List<String> alphabet) {
        return new Automaton(regex, alphabet).monitor();
    }

    /** Thompson construction to an NFA, then subset construction to a complete DFA over the alphabet. */
    private static final class Automaton {
        private final List<String> alphabet;
        private final List<String> edgeSymbol = new ArrayList<>(); // per NFA state: null, a symbol or ANY
        private final List<Integer> edgeTarget = new ArrayList<>();
        private final List<List<Integer>> epsilon = new ArrayList<>();
        private static final String ANY = "\u0000any";

        private int[][] transitions;
        private boolean[] accepting;

        Automaton(Regex regex, List<String> alphabet) {
            this.alphabet = alphabet;
            int start = newState();
            int accept = newState();
            build(regex, start, accept);
            determinise(start, accept);
        }

        private int newState() {
            edgeSymbol.add(null);
            edgeTarget.add(-1);
            epsilon.add(new ArrayList<>());
            return edgeSymbol.size() - 1;
        }

        private void build(Regex regex, int from, int to) {
            if (regex instanceof Symbol s) {
                edge(from, s.symbol(), to);
            } else if (regex instanceof AnySymbol) {
                edge(from, ANY, to);
            } else if (regex instanceof Sequence seq) {
                int current = from;
                for (Regex part : seq.parts()) {
                    int next = newState();
                    build(part, current, next);
                    current = next;
                }
                epsilon.get(current).add(to);
            } else if (regex instanceof Choice choice) {
                choice.options().forEach(option -> build(option, from, to));
            } else if (regex instanceof Repeat repeat) {
                int bodyStart = newState();
                int bodyEnd = newState();
                build(repeat.body(), bodyStart, bodyEnd);
                epsilon.get(from).add(bodyStart);
                epsilon.get(bodyEnd).add(to);
                if (!repeat.atLeastOnce()) {
                    epsilon.get(from).add(to);
                }
                if (!repeat.atMostOnce()) {
                    epsilon.get(bodyEnd).add(bodyStart);
                }
            }
        }

        private void edge(int from, String symbol, int to) {
            int middle = newState();
            epsilon.get(from).add(middle);
            edgeSymbol.set(middle, symbol);
            edgeTarget.set(middle, to);
        }

        private BitSet closure(BitSet states) {
            BitSet closed = (BitSet) states.clone();
            ArrayDeque<Integer> work = new ArrayDeque<>();
            states.stream().forEach(work::add);
            while (!work.isEmpty()) {
                for (int next : epsilon.get(work.poll())) {
                    if (!closed.get(next)) {
                        closed.set(next);
                        work.add(next);
                    }
                }
            }
            return closed;
        }

        private void determinise(int start, int accept) {
            Map<BitSet, Integer> ids = new HashMap<>();
            List<BitSet> sets = new ArrayList<>();
            List<int[]> rows = new ArrayList<>();
            BitSet initial = new BitSet();
            initial.set(start);
            initial = closure(initial);
            ids.put(initial, 0);
            sets.add(initial);
            for (int d = 0; d < sets.size(); d++) {
                BitSet set = sets.get(d);
                int[] row = new int[alphabet.size()];
                for (int a = 0; a < alphabet.size(); a++) {
                    BitSet moved = new BitSet();
                    String symbol = alphabet.get(a);
                    set.stream().forEach(q -> {
                        String label = edgeSymbol.get(q);
                        if (label != null && (label.equals(symbol) || label.equals(ANY))) {
                            moved.set(edgeTarget.get(q));
                        }
                    });
                    BitSet next = closure(moved);
                    Integer id = ids.get(next);
                    if (id == null) {
                        id = sets.size();
                        ids.put(next, id);
                        sets.add(next);
                    }
                    row[a] = id;
                }
                rows.add(row);
            }
            transitions = rows.toArray(int[][]::new);
            accepting = new boolean[sets.size()];
            for (int d = 0; d < sets.size(); d++) {
                accepting[d] = sets.get(d).get(accept);
            }
        }

        /** BFS on reversed edges from every state whose acceptance equals the target. */
        private int[] distancesTo(boolean target) {
            int n = transitions.length;
            List<List<Integer>> reverse = new ArrayList<>();
            for (int d = 0; d < n; d++) {
                reverse.add(new ArrayList<>());
            }
            for (int d = 0; d < n; d++) {
                for (int next : transitions[d]) {
                    reverse.get(next).add(d);
                }
            }
            int[] distance = new int[n];
            Arrays.fill(distance, Monitor.UNREACHABLE);
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (int d = 0; d < n; d++) {
                if (accepting[d] == target) {
                    distance[d] = 0;
                    queue.add(d);
                }
            }
            while (!queue.isEmpty()) {
                int d = queue.poll();
                for (int previous : reverse.get(d)) {
                    if (distance[previous] == Monitor.UNREACHABLE) {
                        distance[previous] = distance[d] + 1;
                        queue.add(previous);
                    }
                }
            }
            return distance;
        }

        Monitor monitor() {
            int[] toAccept = distancesTo(true);
            int[] toReject = distancesTo(false);
            Map<String, Integer> index = new HashMap<>();
            for (int a = 0; a < alphabet.size(); a++) {
                index.put(alphabet.get(a), a);
            }
            return new Monitor() {
                @Override
                public Object start() {
                    return 0;
                }

                @Override
                public Object step(Object state, String symbol) {
                    Integer a = index.get(symbol);
                    if (a == null) {
                        throw new LanguageException("symbol '" + symbol + "' is not in the alphabet " + alphabet);
                    }
                    return transitions[(Integer) state][a];
                }

                @Override
                public boolean holds(Object state) {
                    return accepting[(Integer) state];
                }

                @Override
                public int distance(Object state, boolean target, int budget) {
                    int d = (target ? toAccept : toReject)[(Integer) state];
                    return d <= budget ? d : UNREACHABLE;
                }
            };
        }
    }

    /** Recursive descent: choice := sequence ('|' sequence)*; sequence := postfix*; postfix := atom [*+?]*. */
    private static final class Parser {
        private static final String OPERATORS = "*+?|().'";
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        Regex parseWhole() {
            Regex regex = choice();
            skipSpace();
            if (position < text.length()) {
                throw error("unexpected '" + text.charAt(position) + "'");
            }
            return regex;
        }

        private LanguageException error(String what) {
            return new LanguageException("pattern '" + text + "': " + what + " at column " + (position + 1));
        }

        private void skipSpace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private boolean peek(char c) {
            skipSpace();
            return position < text.length() && text.charAt(position) == c;
        }

        private Regex choice() {
            List<Regex> options = new ArrayList<>(List.of(sequence()));
            while (peek('|')) {
                position++;
                options.add(sequence());
            }
            return options.size() == 1 ? options.get(0) : new Choice(options);
        }

        private Regex sequence() {
            List<Regex> parts = new ArrayList<>();
            while (true) {
                skipSpace();
                if (position >= text.length() || peek('|') || peek(')')) {
                    break;
                }
                parts.add(postfix());
            }
            return parts.size() == 1 ? parts.get(0) : new Sequence(parts);
        }

        private Regex postfix() {
            Regex atom = atom();
            while (position < text.length() && "*+?".indexOf(text.charAt(position)) >= 0) {
                char op = text.charAt(position++);
                atom = new Repeat(atom, op == '+', op == '?');
            }
            return atom;
        }

        private Regex atom() {
            char c = text.charAt(position);
            if (c == '(') {
                position++;
                Regex inner = choice();
                if (!peek(')')) {
                    throw error("missing ')'");
                }
                position++;
                return inner;
            }
            if (c == '.') {
                position++;
                return new AnySymbol();
            }
            if (c == '\'') {
                int end = text.indexOf('\'', position + 1);
                if (end <= position + 1) {
                    throw error("unterminated or empty quoted symbol");
                }
                String symbol = text.substring(position + 1, end);
                position = end + 1;
                return new Symbol(symbol);
            }
            if (OPERATORS.indexOf(c) >= 0) {
                throw error("unexpected '" + c + "'");
            }
            int start = position;
            while (position < text.length() && !Character.isWhitespace(text.charAt(position))
                    && OPERATORS.indexOf(text.charAt(position)) < 0) {
                position++;
            }
            return new Symbol(text.substring(start, position));
        }
    }
}
