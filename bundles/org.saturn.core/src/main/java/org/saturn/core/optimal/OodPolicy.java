package org.saturn.core.optimal;

import java.util.List;
import java.util.Optional;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Rule;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.rules.CountComparison;
import org.saturn.core.lang.rules.CountsEqual;
import org.saturn.core.lang.rules.LinearCount;

/**
 * How an oracle completes a zero-probability (OOD) prefix, where the data determine nothing.
 * The built-ins append the shortest completion (earliest alphabet symbols first) that makes one
 * rule true, or false, within the max length, then EOS; {@link #overshootR1()} is the papers'
 * adversarial completion (SCIENCE.md §7).
 */
public interface OodPolicy {

    String name();

    /** The symbols to append before EOS; empty when nothing achieves the policy's aim (then EOS at once). */
    Optional<Word> completion(Language language, Word prefix);

    /** Complete so that the rule holds. */
    static OodPolicy makeTrue(int ruleIndex) {
        return ruleTarget(ruleIndex, true);
    }

    /** Complete so that the rule is violated. */
    static OodPolicy makeFalse(int ruleIndex) {
        return ruleTarget(ruleIndex, false);
    }

    /** The witness's pair: R1 satisfied ... */
    static OodPolicy satisfyR1() {
        return makeTrue(0);
    }

    /** ... and R1 violated. */
    static OodPolicy violateR1() {
        return makeFalse(0);
    }

    /**
     * The papers' adversarial completion: R1 must be a balance of two symbols ({@code #x = #y}, as in
     * aⁿbⁿ and abN); the prefix is completed with copies of the symbol that is not ahead until it is
     * one ahead: #x ≥ #y appends (#x − #y + 1) y's, else (#y − #x + 1) x's. For aⁿbⁿ: one b too many
     * ({@code b a} → {@code b}; {@code b b a} → {@code a a}). Any other R1 (three counts as in aⁿbⁿcⁿ,
     * parity, patterns, brackets) has no "balance" to overshoot and is refused with a message.
     */
    static OodPolicy overshootR1() {
        return new OodPolicy() {
            @Override
            public String name() {
                return "overshoot R1";
            }

            @Override
            public Optional<Word> completion(Language language, Word prefix) {
                List<String> balanced = overshootSymbols(language);
                String x = balanced.get(0);
                String y = balanced.get(1);
                int surplus = prefix.count(x) - prefix.count(y);
                return Optional.of(surplus >= 0 ? Word.repeat(y, surplus + 1) : Word.repeat(x, -surplus + 1));
            }
        };
    }

    /** The two symbols whose balance R1 demands, or a clear refusal when R1 is no two-symbol balance. */
    static List<String> overshootSymbols(Language language) {
        Rule rule = language.rules().isEmpty() ? null : language.rule(0);
        if (rule != null && rule.condition() instanceof CountsEqual equal && equal.counted().size() == 2) {
            return language.alphabet().stream().filter(equal.counted()::contains).toList();
        }
        if (rule != null && rule.condition() instanceof CountComparison comparison
                && comparison.relation() == CountComparison.Relation.EQ) {
            // count(x) == count(y), written either way round: the difference is count(x) - count(y)
            LinearCount difference = comparison.left().minus(comparison.right());
            List<String> symbols = difference.coefficients().keySet().stream().sorted().toList();
            if (difference.constant() == 0 && symbols.size() == 2
                    && difference.coefficient(symbols.get(0)) == -difference.coefficient(symbols.get(1))
                    && Math.abs(difference.coefficient(symbols.get(0))) == 1) {
                return language.alphabet().stream().filter(symbols::contains).toList();
            }
        }
        throw new IllegalArgumentException("completion overshoot needs an R1 that balances two symbols (#x = #y), "
                + "and language " + language.name() + " has " + (rule == null ? "no R1" : "R1 " + rule.label()));
    }

    /** Whether {@link #overshootR1()} can complete prompts of the language (R1 balances two symbols). */
    static boolean canOvershoot(Language language) {
        try {
            overshootSymbols(language);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static OodPolicy ruleTarget(int ruleIndex, boolean target) {
        return new OodPolicy() {
            @Override
            public String name() {
                return (target ? "satisfy " : "violate ") + "R" + (ruleIndex + 1);
            }

            @Override
            public Optional<Word> completion(Language language, Word prefix) {
                Rule rule = language.rule(ruleIndex);
                return language.shortestCompletion(prefix, rule, target);
            }
        };
    }
}
