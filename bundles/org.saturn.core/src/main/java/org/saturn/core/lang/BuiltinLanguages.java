package org.saturn.core.lang;

import static org.saturn.core.lang.gen.IntExpr.of;
import static org.saturn.core.lang.gen.IntExpr.variable;

import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import org.saturn.core.lang.gen.CrossingDyckGenerator;
import org.saturn.core.lang.gen.DyckWalkGenerator;
import org.saturn.core.lang.gen.Generator;
import org.saturn.core.lang.gen.IntDistribution.Uniform;
import org.saturn.core.lang.gen.IntExpr;
import org.saturn.core.lang.gen.TemplateGenerator;
import org.saturn.core.lang.gen.TemplateGenerator.Block;
import org.saturn.core.lang.gen.TemplateGenerator.Power;
import org.saturn.core.lang.gen.TemplateGenerator.Shuffle;
import org.saturn.core.lang.gen.TemplateGenerator.Variable;
import org.saturn.core.lang.rules.Brackets.Pair;
import org.saturn.core.lang.rules.Conditions;
import org.saturn.core.lang.rules.CountComparison.Relation;

/** The rule-extrapolation suite of SCIENCE.md §3, each with its exact generator, by name. */
public final class BuiltinLanguages {

    /**
     * A built-in language: its name, the smallest max length that admits a word, and the length of
     * its exhaustive prompt set (all words of that length over the alphabet).
     */
    public record Builtin(String name, String description, int minMaxLength, int promptLength,
            IntFunction<Language> factory) {

        public Language create(int maxLength) {
            if (maxLength < minMaxLength) {
                throw new LanguageException("max length " + maxLength + " is too small for any word of " + name
                        + " (needs at least " + minMaxLength + ")");
            }
            return factory.apply(maxLength);
        }
    }

    private static final List<Pair> BRACKETS = List.of(new Pair("(", ")"), new Pair("[", "]"));

    private static final List<Builtin> ALL = List.of(
            new Builtin("anbn", "a^n b^n: R1 #a = #b, R2 a's before b's", 2, 8, L -> new Language("anbn", List.of("a", "b"),
                    List.of(rule("R1", "#a = #b", Conditions.equalCounts("a", "b")),
                            rule("R2", "a's before b's", Conditions.pattern("a* b*"))),
                    powers(List.of(uniform("n", 1, L / 2)), "a", "n", "b", "n"), L)),
            new Builtin("anbncn", "a^n b^n c^n: R1 #a = #b = #c, R2 a's before b's before c's", 3, 8,
                    L -> new Language("anbncn", List.of("a", "b", "c"),
                            List.of(rule("R1", "#a = #b = #c", Conditions.equalCounts("a", "b", "c")),
                                    rule("R2", "a's before b's before c's", Conditions.pattern("a* b* c*"))),
                            powers(List.of(uniform("n", 1, L / 3)), "a", "n", "b", "n", "c", "n"), L)),
            new Builtin("baN", "b then a shuffle: R1 even number of a's, R2 starts with b", 1, 8,
                    L -> new Language("baN", List.of("a", "b"),
                            List.of(rule("R1", "even number of a's", Conditions.countModulo("a", 2, 0)),
                                    rule("R2", "starts with b", Conditions.startsWith("b"))),
                            new TemplateGenerator(lengthAndPairs(L),
                                    List.<Block>of(new Power("b", of(1)), new Shuffle(List.of(new Power("a", twoM()),
                                            new Power("b", variable("l").minus(of(1)).minus(twoM())))))),
                            L)),
            new Builtin("bbaN", "b^n a^(2m): R1 even number of a's after the last b, R2 b's before a's", 1, 8,
                    L -> new Language("bbaN", List.of("a", "b"),
                            List.of(rule("R1", "even number of a's after the last b", Conditions.pattern("((a|b)* b)? (a a)*")),
                                    rule("R2", "b's before a's", Conditions.pattern("b* a*"))),
                            new TemplateGenerator(lengthAndPairs(L), List.<Block>of(
                                    new Power("b", variable("l").minus(twoM())), new Power("a", twoM()))),
                            L)),
            new Builtin("dyck", "nested ( ) [ ]: R1 [ ] matched, R2 ( ) matched", 2, 4,
                    L -> brackets("dyck", new DyckWalkGenerator(BRACKETS, L), L)),
            new Builtin("csdyck", "crossing ( ) [ ], one stack each: R1 [ ] matched, R2 ( ) matched", 2, 4,
                    L -> brackets("csdyck", new CrossingDyckGenerator(BRACKETS, L), L)),
            new Builtin("abN", "a's and b's shuffled: R1 #a = #b", 2, 8, L -> new Language("abN", List.of("a", "b"),
                    List.of(rule("R1", "#a = #b", Conditions.equalCounts("a", "b"))),
                    new TemplateGenerator(List.of(uniform("n", 1, L / 2)),
                            List.<Block>of(new Shuffle(List.of(new Power("a", variable("n")), new Power("b", variable("n")))))),
                    L)),
            new Builtin("aNbM", "a^n b^m: R1 a's before b's", 2, 8, L -> new Language("aNbM", List.of("a", "b"),
                    List.of(rule("R1", "a's before b's", Conditions.pattern("a* b*"))),
                    powers(List.of(uniform("n", 1, L - 1),
                            new Variable("m", new Uniform(of(1), of(L).minus(variable("n"))))), "a", "n", "b", "m"),
                    L)),
            new Builtin("anbnan", "a^n b^n a^n: R1 #a = 2 #b, R2 a's, then b's, then a's", 3, 8,
                    L -> new Language("anbnan", List.of("a", "b"),
                            List.of(rule("R1", "#a = 2 #b", Conditions.compare(Conditions.count("a"), Relation.EQ,
                                    Conditions.count("b").times(2))),
                                    rule("R2", "a's, then b's, then a's", Conditions.pattern("a* b* a*"))),
                            powers(List.of(uniform("n", 1, L / 3)), "a", "n", "b", "n", "a", "n"), L)));

    private BuiltinLanguages() {
    }

    private static Rule rule(String name, String label, org.saturn.core.lang.rules.Condition condition) {
        return new Rule(name, label, condition);
    }

    private static Variable uniform(String name, int low, int high) {
        return new Variable(name, new Uniform(of(low), of(high)));
    }

    private static IntExpr twoM() {
        return of(2).times(variable("m"));
    }

    /** l ~ U{1..L}, m ~ U{0..⌊(l-1)/2⌋}, shared by bα and bⁿa²ᵐ. */
    private static List<Variable> lengthAndPairs(int maxLength) {
        return List.of(uniform("l", 1, maxLength),
                new Variable("m", new Uniform(of(0), variable("l").minus(of(1)).over(of(2)))));
    }

    /** Alternating symbol / variable-name arguments: {@code "a", "n", "b", "n"} is a^n b^n. */
    private static Generator powers(List<Variable> variables, String... symbolsAndCounts) {
        List<Block> blocks = new java.util.ArrayList<>();
        for (int i = 0; i < symbolsAndCounts.length; i += 2) {
            blocks.add(new Power(symbolsAndCounts[i], variable(symbolsAndCounts[i + 1])));
        }
        return new TemplateGenerator(variables, blocks);
    }

    private static Language brackets(String name, Generator generator, int maxLength) {
        return new Language(name, List.of("(", ")", "[", "]"),
                List.of(rule("R1", "brackets [ ] matched", Conditions.matched("[", "]")),
                        rule("R2", "parentheses ( ) matched", Conditions.matched("(", ")"))),
                generator, maxLength);
    }

    public static List<Builtin> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(Builtin::name).toList();
    }

    /** The built-in of that name (case-insensitive). */
    public static Builtin get(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(b -> b.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst()
                .orElseThrow(() -> new LanguageException("unknown built-in language '" + name + "'; valid names: "
                        + String.join(", ", names())));
    }

    public static Language create(String name, int maxLength) {
        return get(name).create(maxLength);
    }
}
