package org.saturn.core.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.rules.Condition;
import org.saturn.core.lang.rules.Conditions;
import org.saturn.core.lang.rules.CountComparison.Relation;
import org.saturn.core.lang.rules.Monitor;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class RulesTest {

    private static final List<String> AB = List.of("a", "b");

    private static final List<Condition> CONDITIONS = List.of(
            Conditions.equalCounts("a", "b"),
            Conditions.pattern("a* b*"),
            Conditions.pattern("((a|b)* b)? (a a)*"),
            Conditions.countModulo("a", 3, 1),
            Conditions.compare(Conditions.count("a"), Relation.EQ, Conditions.count("b").times(2)),
            Conditions.compare(Conditions.count("a"), Relation.GT, Conditions.count("b").plus(org.saturn.core.lang.rules.LinearCount.constant(1))),
            Conditions.compare(Conditions.count("b"), Relation.LE, Conditions.count("a")),
            Conditions.startsWith("b", "a"),
            Conditions.endsWith("a", "b"),
            Conditions.matched("a", "b"),
            Conditions.and(Conditions.equalCounts("a", "b"), Conditions.pattern("b .*")),
            Conditions.or(Conditions.countModulo("a", 2, 1), Conditions.pattern("a+")),
            Conditions.not(Conditions.and(Conditions.matched("a", "b"), Conditions.countModulo("b", 2, 0))));

    @Test
    void patternsMatchWholeWordsOverSymbols() {
        Condition aThenB = Conditions.pattern("a* b*");
        assertThat(aThenB.test(Word.parse("a a b"))).isTrue();
        assertThat(aThenB.test(Word.EMPTY)).isTrue();
        assertThat(aThenB.test(Word.parse("b a"))).isFalse();
        Condition brackets = Conditions.pattern("'(' '[' ']' ')' | x+");
        assertThat(brackets.test(Word.ofChars("([])"))).isTrue();
        assertThat(brackets.test(Word.parse("x x"))).isTrue();
        assertThat(brackets.symbols()).containsExactlyInAnyOrder("(", "[", "]", ")", "x");
        assertThatThrownBy(() -> Conditions.pattern("a (b")).isInstanceOf(LanguageException.class)
                .hasMessage("pattern 'a (b': missing ')' at column 5");
    }

    @Test
    void bracketsWithSharedAndOwnStacks() {
        Condition nested = Conditions.nested(List.of(new org.saturn.core.lang.rules.Brackets.Pair("(", ")"),
                new org.saturn.core.lang.rules.Brackets.Pair("[", "]")));
        assertThat(nested.test(Word.ofChars("([])"))).isTrue();
        assertThat(nested.test(Word.ofChars("([)]"))).isFalse();
        assertThat(Conditions.matched("(", ")").test(Word.ofChars("([)]"))).isTrue();
        assertThat(Conditions.matched("(", ")").test(Word.ofChars(")("))).isFalse();
    }

    @Test
    void describedFormulas() {
        assertThat(Conditions.equalCounts("a", "b", "c").describe()).isEqualTo("count(a) == count(b) == count(c)");
        assertThat(Conditions.compare(Conditions.count("a"), Relation.EQ, Conditions.count("b").times(2)).describe())
                .isEqualTo("count(a) == 2*count(b)");
    }

    @Provide
    Arbitrary<Word> shortWords() {
        return Arbitraries.of("a", "b").list().ofMaxSize(6).map(Word::of);
    }

    /** Monitors' exact distances agree with a brute-force search over all completions. */
    @Property(tries = 150)
    void monitorDistanceIsTheShortestCompletion(@ForAll("shortWords") Word prefix, @ForAll @IntRange(min = 0, max = 5) int budget,
            @ForAll boolean target) {
        for (Condition condition : CONDITIONS) {
            Monitor monitor = condition.monitor(AB);
            Object state = monitor.run(monitor.start(), prefix.symbols());
            assertThat(monitor.holds(state)).isEqualTo(condition.test(prefix));
            int expected = Monitor.UNREACHABLE;
            for (int length = 0; length <= budget && expected == Monitor.UNREACHABLE; length++) {
                for (Word completion : Word.allOfLength(AB, length)) {
                    if (condition.test(prefix.concat(completion)) == target) {
                        expected = length;
                        break;
                    }
                }
            }
            assertThat(monitor.distance(state, target, budget)).as("%s after '%s' to %s within %d", condition.describe(),
                    prefix, target, budget).isEqualTo(expected);
        }
    }

    @Test
    void shortestCompletionsAreBuiltFromExactDistances() {
        Language anbn = BuiltinLanguages.create("anbn", 20);
        assertThat(anbn.shortestCompletion(Word.parse("b a b b b"), anbn.rule(0), true)).contains(Word.parse("a a a"));
        assertThat(anbn.shortestCompletion(Word.parse("b a"), anbn.rule(0), false)).contains(Word.parse("a"));
        assertThat(anbn.shortestCompletion(Word.repeat("b", 15), anbn.rule(0), true)).isEmpty();
    }
}
