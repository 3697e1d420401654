package org.saturn.core.lang.gen;

import java.util.Map;

import org.saturn.core.lang.LanguageException;

/** Integer expressions over template variables: constants, variables, + - * and floor division. */
public sealed interface IntExpr {

    int evaluate(Map<String, Integer> values);

    String describe();

    static IntExpr of(int value) {
        return new Constant(value);
    }

    static IntExpr variable(String name) {
        return new Variable(name);
    }

    default IntExpr plus(IntExpr other) {
        return new Binary('+', this, other);
    }

    default IntExpr minus(IntExpr other) {
        return new Binary('-', this, other);
    }

    default IntExpr times(IntExpr other) {
        return new Binary('*', this, other);
    }

    /** Floor division. */
    default IntExpr over(IntExpr other) {
        return new Binary('/', this, other);
    }

    /** An integer literal. */
    record Constant(int value) implements IntExpr {
        @Override
        public int evaluate(Map<String, Integer> values) {
            return value;
        }

        @Override
        public String describe() {
            return String.valueOf(value);
        }
    }

    /** The value of an earlier template variable. */
    record Variable(String name) implements IntExpr {
        @Override
        public int evaluate(Map<String, Integer> values) {
            Integer value = values.get(name);
            if (value == null) {
                throw new LanguageException("variable '" + name + "' is used before it is drawn");
            }
            return value;
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** {@code left op right} for op in + - * /. */
    record Binary(char operator, IntExpr left, IntExpr right) implements IntExpr {
        @Override
        public int evaluate(Map<String, Integer> values) {
            int l = left.evaluate(values);
            int r = right.evaluate(values);
            return switch (operator) {
                case '+' -> l + r;
                case '-' -> l - r;
                case '*' -> l * r;
                case '/' -> {
                    if (r == 0) {
                        throw new LanguageException("division by zero in " + describe());
                    }
                    yield Math.floorDiv(l, r);
                }
                default -> throw new IllegalStateException("operator " + operator);
            };
        }

        @Override
        public String describe() {
            return "(" + left.describe() + " " + operator + " " + right.describe() + ")";
        }
    }
}
