package org.saturn.core.lang.rules;

import java.util.Arrays;
import java.util.List;

import org.saturn.core.lang.Word;
import org.saturn.core.lang.rules.CountComparison.Relation;

/** Factories for the condition building blocks (what the DSL exposes). */
public final class Conditions {

    private Conditions() {
    }

    public static LinearCount count(String symbol) {
        return LinearCount.count(symbol);
    }

    public static Condition compare(LinearCount left, Relation relation, LinearCount right) {
        return new CountComparison(left, relation, right);
    }

    /** {@code count(s1) == count(s2) == ...}. */
    public static Condition equalCounts(String... symbols) {
        return new CountsEqual(Arrays.asList(symbols));
    }

    /** {@code count(symbol) % modulus == remainder}. */
    public static Condition countModulo(String symbol, int modulus, int remainder) {
        return new CountModulo(LinearCount.count(symbol), modulus, remainder);
    }

    public static Condition pattern(String source) {
        return Pattern.parse(source);
    }

    public static Condition startsWith(String... symbols) {
        return Pattern.startsWith(Word.of(symbols));
    }

    public static Condition endsWith(String... symbols) {
        return Pattern.endsWith(Word.of(symbols));
    }

    /** Brackets of one pair matched, the pair on its own stack. */
    public static Condition matched(String open, String close) {
        return Brackets.of(open, close);
    }

    /** Several pairs matched on one shared stack (properly nested). */
    public static Condition nested(List<Brackets.Pair> pairs) {
        return new Brackets(pairs);
    }

    public static Condition not(Condition condition) {
        return new Logic.Not(condition);
    }

    public static Condition and(Condition... parts) {
        return new Logic.AllOf(List.of(parts));
    }

    public static Condition or(Condition... parts) {
        return new Logic.AnyOf(List.of(parts));
    }
}
