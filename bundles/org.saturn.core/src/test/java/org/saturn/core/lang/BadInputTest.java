package org.saturn.core.lang;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.gen.IntDistribution.Uniform;
import org.saturn.core.lang.gen.IntExpr;
import org.saturn.core.lang.gen.TemplateGenerator;
import org.saturn.core.lang.gen.TemplateGenerator.Power;
import org.saturn.core.lang.gen.TemplateGenerator.Variable;
import org.saturn.core.lang.rules.Conditions;

class BadInputTest {

    private static TemplateGenerator anbn(int n) {
        return new TemplateGenerator(List.of(new Variable("n", new Uniform(IntExpr.of(1), IntExpr.of(n)))),
                List.of(new Power("a", IntExpr.variable("n")), new Power("b", IntExpr.variable("n"))));
    }

    private static final Rule R1 = new Rule("R1", "#a = #b", Conditions.equalCounts("a", "b"));

    @Test
    void emptyAlphabet() {
        assertThatThrownBy(() -> new Language("x", List.of(), List.of(R1), anbn(3), 8)).isInstanceOf(LanguageException.class)
                .hasMessage("the alphabet is empty: declare at least one symbol");
    }

    @Test
    void ruleOverAnUnknownSymbol() {
        Rule overC = new Rule("R2", "#c even", Conditions.countModulo("c", 2, 0));
        assertThatThrownBy(() -> new Language("x", List.of("a", "b"), List.of(R1, overC), anbn(3), 8))
                .isInstanceOf(LanguageException.class)
                .hasMessage("rule R2 (#c even) mentions symbol 'c', which is not in the alphabet {a, b}");
    }

    @Test
    void generatorWhoseWordsViolateTheRules() {
        Rule bFirst = new Rule("R2", "starts with b", Conditions.startsWith("b"));
        assertThatThrownBy(() -> new Language("x", List.of("a", "b"), List.of(R1, bFirst), anbn(3), 8))
                .isInstanceOf(LanguageException.class)
                .hasMessageStartingWith("the generator of x produces '").hasMessageEndingWith("which violates rule R2 (starts with b)");
    }

    @Test
    void maxLengthTooSmallForAnyWord() {
        assertThatThrownBy(() -> BuiltinLanguages.create("anbn", 1)).isInstanceOf(LanguageException.class)
                .hasMessage("max length 1 is too small for any word of anbn (needs at least 2)");
        assertThatThrownBy(() -> new Language("x", List.of("a", "b"), List.of(R1), anbn(5), 8))
                .isInstanceOf(LanguageException.class)
                .hasMessage("max length 8 is too small for the generator of x: a^n b^n, n ~ uniform(1..5) produces words of up to 10 symbols");
        assertThatThrownBy(() -> anbn(0)).isInstanceOf(LanguageException.class).hasMessage("uniform(1..0) has no values (1..0)");
    }

    @Test
    void unknownBuiltinListsTheValidNames() {
        assertThatThrownBy(() -> BuiltinLanguages.create("anbx", 8)).isInstanceOf(LanguageException.class)
                .hasMessage("unknown built-in language 'anbx'; valid names: anbn, anbncn, baN, bbaN, dyck, csdyck, abN, aNbM, anbnan");
    }

    @Test
    void builtinNamesAreCaseInsensitive() {
        org.assertj.core.api.Assertions.assertThat(BuiltinLanguages.create("ANBN", 8).name()).isEqualTo("anbn");
        org.assertj.core.api.Assertions.assertThat(BuiltinLanguages.create("csDyck", 8).name()).isEqualTo("csdyck");
    }

    @Test
    void duplicateAndSpecialSymbols() {
        assertThatThrownBy(() -> new Vocabulary(List.of("a", "a"))).hasMessage("alphabet symbol 'a' is declared twice");
        assertThatThrownBy(() -> new Vocabulary(List.of("<eos>"))).hasMessage("alphabet symbol '<eos>' is a special token name");
    }
}
