package org.saturn.dsl.semantics;

import java.util.Map;

import org.saturn.dsl.saturn.IntegerArithmetic;
import org.saturn.dsl.saturn.IntegerExpression;
import org.saturn.dsl.saturn.IntegerLiteral;
import org.saturn.dsl.saturn.MaxLengthReference;
import org.saturn.dsl.saturn.Variable;
import org.saturn.dsl.saturn.VariableReference;

/** Integer arithmetic of generator templates ({@code b^(l - 2*m)}, {@code 1..maxLength/2}). */
public final class IntegerExpressions {

    private IntegerExpressions() {
    }

    public static long evaluate(IntegerExpression expression, Map<Variable, Long> values, long maxLength) {
        if (expression instanceof IntegerLiteral literal) {
            return literal.getValue();
        }
        if (expression instanceof MaxLengthReference) {
            return maxLength;
        }
        if (expression instanceof VariableReference reference) {
            Long value = values.get(reference.getVariable());
            if (value == null) {
                throw new IllegalArgumentException("variable " + reference.getVariable().getName()
                        + " is used before it is drawn: declare it earlier after 'with'");
            }
            return value;
        }
        if (expression instanceof IntegerArithmetic arithmetic) {
            return apply(arithmetic.getOperator(), evaluate(arithmetic.getLeft(), values, maxLength),
                    evaluate(arithmetic.getRight(), values, maxLength));
        }
        throw new IllegalArgumentException("incomplete expression");
    }

    /** Floor division and modulo, as a researcher expects for non-negative counts; x / 0 is an error. */
    static long apply(String operator, long left, long right) {
        return switch (operator) {
            case "+" -> left + right;
            case "-" -> left - right;
            case "*" -> left * right;
            case "/" -> {
                if (right == 0) {
                    throw new ArithmeticException("division by zero");
                }
                yield Math.floorDiv(left, right);
            }
            case "%" -> {
                if (right == 0) {
                    throw new ArithmeticException("modulo by zero");
                }
                yield Math.floorMod(left, right);
            }
            default -> throw new IllegalArgumentException("unknown operator " + operator);
        };
    }
}
