package org.saturn.core.optimal;

import java.util.Optional;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Rule;
import org.saturn.core.lang.Word;

/**
 * How an oracle completes a zero-probability (OOD) prefix, where the data determine nothing.
 * The built-ins append the shortest completion (earliest alphabet symbols first) that makes one
 * rule true, or false, within the max length, then EOS.
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
