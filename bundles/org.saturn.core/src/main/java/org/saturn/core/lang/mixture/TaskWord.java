package org.saturn.core.lang.mixture;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Rule;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.rules.Condition;
import org.saturn.core.lang.rules.Logic;
import org.saturn.core.lang.rules.Monitor;

/**
 * "The word is a word of the task": only the task's symbols, and every rule of the task holds (the
 * task's grammaticality, as the {@code grammatical} metric judges it).
 */
public record TaskWord(Language task) implements Condition {

    @Override
    public boolean test(Word word) {
        for (String symbol : word.symbols()) {
            if (!task.vocabulary().contains(symbol)) {
                return false;
            }
        }
        return task.isGrammatical(word);
    }

    @Override
    public Set<String> symbols() {
        return new LinkedHashSet<>(task.alphabet());
    }

    @Override
    public Monitor monitor(List<String> alphabet) {
        List<Condition> parts = new ArrayList<>();
        parts.add(new OnlySymbols(task.alphabet()));
        task.rules().stream().map(Rule::condition).forEach(parts::add);
        return new Logic.AllOf(parts).monitor(alphabet);
    }

    @Override
    public String describe() {
        return "a word of " + task.name();
    }

    /** Every symbol is one of the given ones. */
    record OnlySymbols(List<String> allowed) implements Condition {

        @Override
        public boolean test(Word word) {
            return word.symbols().stream().allMatch(allowed::contains);
        }

        @Override
        public Set<String> symbols() {
            return new LinkedHashSet<>(allowed);
        }

        @Override
        public String describe() {
            return "only " + String.join(" ", allowed);
        }

        @Override
        public Monitor monitor(List<String> alphabet) {
            boolean foreignExists = alphabet.stream().anyMatch(s -> !allowed.contains(s));
            return new Monitor() {
                @Override
                public Object start() {
                    return Boolean.TRUE;
                }

                @Override
                public Object step(Object state, String symbol) {
                    return (Boolean) state && allowed.contains(symbol);
                }

                @Override
                public boolean holds(Object state) {
                    return (Boolean) state;
                }

                @Override
                public int distance(Object state, boolean target, int budget) {
                    boolean ok = (Boolean) state;
                    if (ok == target) {
                        return 0;
                    }
                    return !target && foreignExists && budget >= 1 ? 1 : UNREACHABLE;
                }
            };
        }
    }
}
