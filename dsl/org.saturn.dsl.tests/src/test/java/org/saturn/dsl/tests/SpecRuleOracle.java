package org.saturn.dsl.tests;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.saturn.dsl.saturn.And;
import org.saturn.dsl.saturn.AnySymbol;
import org.saturn.dsl.saturn.Arithmetic;
import org.saturn.dsl.saturn.Balanced;
import org.saturn.dsl.saturn.Comparison;
import org.saturn.dsl.saturn.ComparisonOperator;
import org.saturn.dsl.saturn.Condition;
import org.saturn.dsl.saturn.Constant;
import org.saturn.dsl.saturn.Count;
import org.saturn.dsl.saturn.EndsWith;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Not;
import org.saturn.dsl.saturn.Or;
import org.saturn.dsl.saturn.Pattern;
import org.saturn.dsl.saturn.PatternAtom;
import org.saturn.dsl.saturn.PatternGroup;
import org.saturn.dsl.saturn.PatternItem;
import org.saturn.dsl.saturn.PatternSequence;
import org.saturn.dsl.saturn.Quantity;
import org.saturn.dsl.saturn.Rule;
import org.saturn.dsl.saturn.RuleCall;
import org.saturn.dsl.saturn.StartsWith;
import org.saturn.dsl.saturn.Symbol;
import org.saturn.dsl.saturn.SymbolAtom;
import org.saturn.dsl.saturn.WordLength;

/**
 * A test oracle independent of core: decides whether a word (a list of symbol names) satisfies a
 * rule as written in a spec, straight from the syntax tree. Regular patterns become
 * {@link java.util.regex.Pattern}s over one private-use character per symbol.
 */
final class SpecRuleOracle {

    private static final int MAX_RULE_DEPTH = 32;

    private final Map<String, Character> codes = new HashMap<>();
    private final Map<Pattern, java.util.regex.Pattern> compiled = new HashMap<>();

    SpecRuleOracle(Language language) {
        for (Symbol symbol : language.getSymbols()) {
            if (symbol.getName() != null) {
                codes.putIfAbsent(symbol.getName(), (char) (0xE000 + codes.size()));
            }
        }
    }

    boolean holds(Rule rule, List<String> word) {
        return holds(rule.getBody(), word, 0);
    }

    private boolean holds(Condition condition, List<String> word, int depth) {
        if (condition instanceof Or or) {
            return holds(or.getLeft(), word, depth) || holds(or.getRight(), word, depth);
        }
        if (condition instanceof And and) {
            return holds(and.getLeft(), word, depth) && holds(and.getRight(), word, depth);
        }
        if (condition instanceof Not not) {
            return !holds(not.getOperand(), word, depth);
        }
        if (condition instanceof Comparison comparison) {
            long left = value(comparison.getLeft(), word);
            for (int i = 0; i < comparison.getRight().size(); i++) {
                long right = value(comparison.getRight().get(i), word);
                if (!compare(comparison.getOperators().get(i), left, right)) {
                    return false;
                }
                left = right;
            }
            return true;
        }
        if (condition instanceof Pattern pattern) {
            return regex(pattern).matcher(encode(word)).matches();
        }
        if (condition instanceof Balanced balanced) {
            if (!balanced.getMoreOpen().isEmpty()) {
                List<String> opens = new java.util.ArrayList<>(List.of(balanced.getOpen().getName()));
                List<String> closes = new java.util.ArrayList<>(List.of(balanced.getClose().getName()));
                balanced.getMoreOpen().forEach(s -> opens.add(s.getName()));
                balanced.getMoreClose().forEach(s -> closes.add(s.getName()));
                return nested(word, opens, closes);
            }
            return balanced(word, balanced.getOpen().getName(), balanced.getClose().getName());
        }
        if (condition instanceof StartsWith starts) {
            List<String> prefix = starts.getSymbols().stream().map(Symbol::getName).toList();
            return word.size() >= prefix.size() && word.subList(0, prefix.size()).equals(prefix);
        }
        if (condition instanceof EndsWith ends) {
            List<String> suffix = ends.getSymbols().stream().map(Symbol::getName).toList();
            return word.size() >= suffix.size() && word.subList(word.size() - suffix.size(), word.size()).equals(suffix);
        }
        if (condition instanceof RuleCall call) {
            if (depth > MAX_RULE_DEPTH) {
                throw new IllegalStateException("rule " + call.getRule().getName() + " refers to itself");
            }
            return holds(call.getRule().getBody(), word, depth + 1);
        }
        throw new IllegalArgumentException("incomplete rule");
    }

    private static boolean compare(ComparisonOperator operator, long left, long right) {
        return switch (operator) {
            case EQ -> left == right;
            case NE -> left != right;
            case LT -> left < right;
            case LE -> left <= right;
            case GT -> left > right;
            case GE -> left >= right;
        };
    }

    private static long value(Quantity quantity, List<String> word) {
        if (quantity instanceof Count count) {
            List<String> names = count.getSymbols().stream().map(Symbol::getName).toList();
            return word.stream().filter(names::contains).count();
        }
        if (quantity instanceof WordLength) {
            return word.size();
        }
        if (quantity instanceof Constant constant) {
            return constant.getValue();
        }
        if (quantity instanceof Arithmetic arithmetic) {
            long left = value(arithmetic.getLeft(), word);
            long right = value(arithmetic.getRight(), word);
            return switch (arithmetic.getOperator()) {
                case "+" -> left + right;
                case "-" -> left - right;
                case "*" -> left * right;
                case "/" -> Math.floorDiv(left, right);
                case "%" -> Math.floorMod(left, right);
                default -> throw new IllegalArgumentException("unknown operator " + arithmetic.getOperator());
            };
        }
        throw new IllegalArgumentException("incomplete quantity");
    }

    private static boolean balanced(List<String> word, String open, String close) {
        int depth = 0;
        for (String symbol : word) {
            if (symbol.equals(open)) {
                depth++;
            } else if (symbol.equals(close) && --depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    /** Several pairs on one stack: each close must close the most recent open, of its own pair. */
    private static boolean nested(List<String> word, List<String> opens, List<String> closes) {
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        for (String symbol : word) {
            if (opens.contains(symbol)) {
                stack.push(opens.indexOf(symbol));
            } else if (closes.contains(symbol) && (stack.isEmpty() || stack.pop() != closes.indexOf(symbol))) {
                return false;
            }
        }
        return stack.isEmpty();
    }

    private String encode(List<String> word) {
        StringBuilder text = new StringBuilder(word.size());
        for (String symbol : word) {
            Character code = codes.get(symbol);
            text.append(code == null ? '\uFFFF' : code);
        }
        return text.toString();
    }

    private java.util.regex.Pattern regex(Pattern pattern) {
        return compiled.computeIfAbsent(pattern, p -> java.util.regex.Pattern.compile(regexText(p)));
    }

    private String regexText(Pattern pattern) {
        StringBuilder regex = new StringBuilder();
        for (PatternSequence sequence : pattern.getAlternatives()) {
            regex.append(regex.length() == 0 ? "" : "|");
            for (PatternItem item : sequence.getItems()) {
                regex.append(atomText(item.getAtom()));
                if (item.getRepetition() != null) {
                    regex.append(item.getRepetition());
                }
            }
        }
        return "(?:" + regex + ")";
    }

    private String atomText(PatternAtom atom) {
        if (atom instanceof SymbolAtom symbolAtom) {
            Character code = codes.get(symbolAtom.getSymbol().getName());
            return code == null ? "\uFFFF" : java.util.regex.Pattern.quote(String.valueOf(code));
        }
        if (atom instanceof AnySymbol) {
            return ".";
        }
        if (atom instanceof PatternGroup group) {
            return regexText(group.getPattern());
        }
        throw new IllegalArgumentException("incomplete pattern");
    }
}
