package org.saturn.core.optimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.Rule;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.rules.Conditions;
import org.saturn.core.lang.rules.CountComparison.Relation;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;

class OodPolicyTest {

    private static final Language ANBN = BuiltinLanguages.create("anbn", 256);

    @Test
    void overshootAppendsTheSymbolBehindUntilItIsOneAhead() {
        OodPolicy overshoot = OodPolicy.overshootR1();
        // #a = #b: one b too many
        assertThat(overshoot.completion(ANBN, Word.parse("b a"))).contains(Word.parse("b"));
        assertThat(overshoot.completion(ANBN, Word.parse("b a b a"))).contains(Word.parse("b"));
        // #a > #b: b's up to one more than the a's
        assertThat(overshoot.completion(ANBN, Word.parse("b a a a a a a a"))).contains(Word.parse("b b b b b b b"));
        // #b > #a: a's up to one more than the b's
        assertThat(overshoot.completion(ANBN, Word.parse("b b a"))).contains(Word.parse("a a"));
        assertThat(overshoot.completion(ANBN, Word.parse("b b b b b b b b")))
                .contains(Word.parse("a a a a a a a a a"));
        // the shortest violating completion differs: earliest symbol on a tie, EOS at once when unbalanced
        assertThat(OodPolicy.violateR1().completion(ANBN, Word.parse("b a"))).contains(Word.parse("a"));
        assertThat(OodPolicy.violateR1().completion(ANBN, Word.parse("b b a"))).contains(Word.EMPTY);
    }

    @Test
    void everyAnbnOodPromptIsOvershotByExactlyOne() {
        List<Prompt> ood = PromptSet.exhaustive(ANBN, 8).outOfDistribution();
        assertThat(ood).hasSize(251);
        for (Prompt prompt : ood) {
            Word prefix = prompt.prefix();
            int a = prefix.count("a");
            int b = prefix.count("b");
            Word completion = OodPolicy.overshootR1().completion(ANBN, prefix).orElseThrow();
            // token by token: |#a - #b| + 1 copies of the symbol that is not ahead (b on a tie)
            String behind = a >= b ? "b" : "a";
            assertThat(completion.length()).as("%s", prefix).isEqualTo(Math.abs(a - b) + 1);
            for (int i = 0; i < completion.length(); i++) {
                assertThat(completion.symbol(i)).as("%s token %d", prefix, i).isEqualTo(behind);
            }
            Word full = prefix.concat(completion);
            assertThat(full.count(behind) - full.count(behind.equals("a") ? "b" : "a")).isEqualTo(1);
            assertThat(ANBN.rule(0).test(full)).isFalse();
        }
    }

    @Test
    void aBalanceWrittenAsACountComparisonOvershootsTheSameWay() {
        // the DSL's `count(b) == count(a)` compiles to a comparison, not to CountsEqual
        Language written = new Language("AnBn", List.of("a", "b"),
                List.of(new Rule("R1", "#a = #b", Conditions.compare(Conditions.count("b"), Relation.EQ,
                        Conditions.count("a")))),
                ANBN.generator(), 256);
        assertThat(OodPolicy.overshootR1().completion(written, Word.parse("b a"))).contains(Word.parse("b"));
        assertThat(OodPolicy.overshootR1().completion(written, Word.parse("b b a"))).contains(Word.parse("a a"));
        assertThat(OodPolicy.canOvershoot(written)).isTrue();
    }

    @Test
    void languagesWithoutATwoSymbolBalanceAreRefused() {
        for (String name : List.of("anbncn", "baN", "dyck", "anbnan")) {
            Language language = BuiltinLanguages.create(name, 16);
            assertThat(OodPolicy.canOvershoot(language)).as(name).isFalse();
            assertThatThrownBy(() -> OodPolicy.overshootR1().completion(language, Word.parse(
                    language.alphabet().get(0)))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("two symbols").hasMessageContaining(language.name());
        }
        assertThat(OodPolicy.canOvershoot(BuiltinLanguages.create("abN", 8))).isTrue();
    }
}
