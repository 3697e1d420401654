package org.saturn.dsl.semantics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.saturn.dsl.saturn.Alternative;
import org.saturn.dsl.saturn.Generator;
import org.saturn.dsl.saturn.GrammarGenerator;
import org.saturn.dsl.saturn.GrammarSymbol;
import org.saturn.dsl.saturn.GroupPower;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.ProcessGenerator;
import org.saturn.dsl.saturn.Production;
import org.saturn.dsl.saturn.Shuffle;
import org.saturn.dsl.saturn.Symbol;
import org.saturn.dsl.saturn.SymbolPower;
import org.saturn.dsl.saturn.TemplateGenerator;
import org.saturn.dsl.saturn.TemplatePart;
import org.saturn.dsl.saturn.Variable;

/**
 * Draws words from a generator as written in a spec (templates, weighted grammars, the built-in
 * processes). Used to check a spec by sampling; the engine draws its training data through core.
 * Failures are {@link IllegalArgumentException}s whose message a researcher can act on.
 */
public final class WordSampler {

    /** A language without {@code maxLength} is sampled with this bound. */
    public static final int DEFAULT_MAX_LENGTH = 64;

    private static final int GRAMMAR_ATTEMPTS = 1000;

    private final Language language;
    private final Generator generator;
    private final long maxLength;
    private final Random random;

    public WordSampler(Language language, Generator generator, long seed) {
        this.language = language;
        this.generator = generator;
        this.maxLength = maxLength(language);
        this.random = new Random(seed);
    }

    public static long maxLength(Language language) {
        return language.getMaxLength() > 0 ? language.getMaxLength() : DEFAULT_MAX_LENGTH;
    }

    public List<String> next() {
        List<String> word = new ArrayList<>();
        if (generator instanceof TemplateGenerator template) {
            Map<Variable, Long> values = new HashMap<>();
            for (Variable variable : template.getVariables()) {
                long low = IntegerExpressions.evaluate(variable.getLow(), values, maxLength);
                long high = IntegerExpressions.evaluate(variable.getHigh(), values, maxLength);
                if (low > high) {
                    throw new IllegalArgumentException("the range of " + variable.getName() + " is empty ("
                            + low + ".." + high + ")");
                }
                values.put(variable, low + (long) (random.nextDouble() * (high - low + 1)));
            }
            for (TemplatePart part : template.getParts()) {
                expand(part, values, word);
            }
        } else if (generator instanceof GrammarGenerator grammar) {
            word = derive(grammar);
        } else if (generator instanceof ProcessGenerator process) {
            word = switch (String.valueOf(process.getProcess())) {
                case "dyck" -> dyck();
                case "csDyck" -> crossingDyck();
                default -> throw new IllegalArgumentException("unknown generator process '" + process.getProcess()
                        + "'");
            };
        } else {
            throw new IllegalArgumentException("incomplete generator");
        }
        return word;
    }

    private void expand(TemplatePart part, Map<Variable, Long> values, List<String> word) {
        if (part instanceof SymbolPower power) {
            long times = power.getExponent() == null ? 1
                    : IntegerExpressions.evaluate(power.getExponent(), values, maxLength);
            checkRepetition(times);
            for (long i = 0; i < times; i++) {
                word.add(power.getSymbol().getName());
            }
        } else if (part instanceof GroupPower group) {
            long times = IntegerExpressions.evaluate(group.getExponent(), values, maxLength);
            checkRepetition(times);
            for (long i = 0; i < times; i++) {
                for (TemplatePart inner : group.getParts()) {
                    expand(inner, values, word);
                }
            }
        } else if (part instanceof Shuffle shuffle) {
            List<String> inner = new ArrayList<>();
            for (TemplatePart innerPart : shuffle.getParts()) {
                expand(innerPart, values, inner);
            }
            Collections.shuffle(inner, random);
            word.addAll(inner);
        }
    }

    private void checkRepetition(long times) {
        if (times < 0) {
            throw new IllegalArgumentException("a symbol is repeated a negative number of times (" + times + ")");
        }
        if (times > 100 * maxLength + 10_000) {
            throw new IllegalArgumentException("a symbol is repeated " + times + " times, far beyond maxLength "
                    + maxLength);
        }
    }

    private List<String> derive(GrammarGenerator grammar) {
        long bound = grammar.getBound() > 0 ? grammar.getBound() : maxLength;
        for (int attempt = 0; attempt < GRAMMAR_ATTEMPTS; attempt++) {
            List<String> word = new ArrayList<>();
            Deque<GrammarSymbol> pending = new ArrayDeque<>();
            pending.push(grammar.getStart());
            boolean tooLong = false;
            while (!pending.isEmpty() && !tooLong) {
                GrammarSymbol next = pending.pop();
                if (next instanceof Symbol symbol) {
                    word.add(symbol.getName());
                    tooLong = word.size() > bound;
                } else if (next instanceof Production production) {
                    Alternative chosen = choose(production);
                    for (int i = chosen.getItems().size() - 1; i >= 0; i--) {
                        pending.push(chosen.getItems().get(i));
                    }
                    tooLong = pending.size() > 4 * bound + 64;
                }
            }
            if (!tooLong) {
                return word;
            }
        }
        throw new IllegalArgumentException("the grammar almost never derives a word of at most " + bound
                + " symbols: give the ending alternatives more weight");
    }

    private Alternative choose(Production production) {
        double total = 0;
        for (Alternative alternative : production.getAlternatives()) {
            total += weight(alternative);
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("the alternatives of " + production.getName() + " have no weight");
        }
        double target = random.nextDouble() * total;
        for (Alternative alternative : production.getAlternatives()) {
            target -= weight(alternative);
            if (target < 0) {
                return alternative;
            }
        }
        return production.getAlternatives().get(production.getAlternatives().size() - 1);
    }

    private static double weight(Alternative alternative) {
        return alternative.eIsSet(alternative.eClass().getEStructuralFeature("weight")) ? alternative.getWeight() : 1;
    }

    /** SCIENCE.md §3: the nested walk over ( [ ) ], target length 2l with l ~ U{1..maxLength/2}. */
    private List<String> dyck() {
        requireSymbols("(", ")", "[", "]");
        long target = 2 * (1 + random.nextInt((int) Math.max(1, maxLength / 2)));
        List<String> word = new ArrayList<>();
        Deque<String> stack = new ArrayDeque<>();
        do {
            long remaining = target - word.size();
            int move = stack.isEmpty() ? random.nextInt(2) : stack.size() >= remaining ? 2 : random.nextInt(3);
            if (move == 2) {
                word.add(stack.pop().equals("(") ? ")" : "]");
            } else {
                String open = move == 0 ? "(" : "[";
                stack.push(open);
                word.add(open);
            }
        } while (!stack.isEmpty());
        return word;
    }

    /** Two independent stacks, crossing allowed, length exactly 2l. */
    private List<String> crossingDyck() {
        requireSymbols("(", ")", "[", "]");
        long target = 2 * (1 + random.nextInt((int) Math.max(1, maxLength / 2)));
        List<String> word = new ArrayList<>();
        int parens = 0;
        int brackets = 0;
        while (word.size() < target) {
            long remaining = target - word.size();
            List<String> moves = new ArrayList<>();
            if (parens + brackets + 2 <= remaining) {
                moves.add("(");
                moves.add("[");
            }
            if (parens > 0) {
                moves.add(")");
            }
            if (brackets > 0) {
                moves.add("]");
            }
            String move = moves.get(random.nextInt(moves.size()));
            word.add(move);
            parens += move.equals("(") ? 1 : move.equals(")") ? -1 : 0;
            brackets += move.equals("[") ? 1 : move.equals("]") ? -1 : 0;
        }
        return word;
    }

    private void requireSymbols(String... names) {
        List<String> alphabet = language.getSymbols().stream().map(Symbol::getName).toList();
        for (String name : names) {
            if (!alphabet.contains(name)) {
                throw new IllegalArgumentException("this process needs the symbols ( ) [ ] in the alphabet; \""
                        + name + "\" is missing");
            }
        }
    }
}
