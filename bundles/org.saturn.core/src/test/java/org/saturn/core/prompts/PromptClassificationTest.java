package org.saturn.core.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;

class PromptClassificationTest {

    private final Language anbn = BuiltinLanguages.create("anbn", 256);

    @Test
    void anbnLengthEightHasFiveInDistributionAnd251OutOfDistributionPrompts() {
        PromptSet prompts = PromptSet.exhaustive(anbn, 8);

        assertThat(prompts.prompts()).hasSize(256);
        assertThat(prompts.inDistribution()).extracting(p -> p.prefix().toString()).containsExactlyInAnyOrder(
                "a a a a a a a a", "a a a a a a a b", "a a a a a a b b", "a a a a a b b b", "a a a a b b b b");
        assertThat(prompts.outOfDistribution()).hasSize(251);
    }

    @Test
    void outOfDistributionPromptsRecordTheRulesTheyAlreadyViolate() {
        assertThat(PromptSet.classify(anbn, Word.parse("b a a a a a a a")).violatedRules()).containsExactly("R2");
        assertThat(PromptSet.classify(anbn, Word.parse("a a a a a b b b")).violatedRules()).isEmpty();
        // more b's than a's: out of distribution, yet each rule alone can still be satisfied
        Prompt tooManyBs = PromptSet.classify(anbn, Word.parse("a a a b b b b b"));
        assertThat(tooManyBs.inDistribution()).isFalse();
        assertThat(tooManyBs.violatedRules()).isEmpty();
    }

    @Test
    void countingRulesAreViolatedOnlyWhenTheMaxLengthForbidsACompletion() {
        Language short10 = BuiltinLanguages.create("anbn", 10);
        // b^8 is out of distribution and matches a* b*; R1 needs 8 more a's, which max length 10 forbids
        Prompt bs = PromptSet.classify(short10, Word.parse("b b b b b b b b"));
        assertThat(bs.inDistribution()).isFalse();
        assertThat(bs.violatedRules()).containsExactly("R1");
        assertThat(PromptSet.classify(anbn, Word.parse("b b b b b b b b")).violatedRules()).isEmpty();
        assertThat(PromptSet.classify(short10, Word.parse("b b b b b b b a")).violatedRules()).containsExactly("R1", "R2");
    }

    @Test
    void anbncnExhaustiveClassificationOfAll6561Prompts() {
        Language anbncn = BuiltinLanguages.create("anbncn", 256);
        PromptSet prompts = PromptSet.exhaustive(anbncn, 8);

        assertThat(prompts.prompts()).hasSize(6561);
        // a^8, a^7 b .. a^4 b^4, a^3 b^3 c^2
        assertThat(prompts.inDistribution()).hasSize(6);
        assertThat(prompts.outOfDistribution()).allSatisfy(p -> assertThat(p.prefixProbability()).isZero());
        assertThat(PromptSet.classify(anbncn, Word.parse("c a b")).violatedRules()).containsExactly("R2");
    }

    @Test
    void dyckPromptsOpeningWithACloseAreOutOfDistributionAndViolateR2Only() {
        Language dyck = BuiltinLanguages.create("dyck", 64);
        Prompt id = PromptSet.classify(dyck, Word.parse("( [ ] ("));
        Prompt ood = PromptSet.classify(dyck, Word.parse(") [ ] ("));

        assertThat(id.inDistribution()).isTrue();
        assertThat(ood.inDistribution()).isFalse();
        assertThat(ood.violatedRules()).containsExactly("R2");
    }

    @Test
    void exhaustiveSetsClassifyLikeOnePromptAtATime() {
        for (String name : List.of("baN", "dyck", "anbncn")) {
            Language language = BuiltinLanguages.create(name, 9);
            PromptSet exhaustive = PromptSet.exhaustive(language, 5);
            assertThat(exhaustive.prompts()).allSatisfy(p -> assertThat(p).isEqualTo(PromptSet.classify(language, p.prefix())));
            assertThat(exhaustive.inDistribution()).isNotEmpty();
        }
    }

    @Test
    void sampledAndListedPromptSets() {
        PromptSet sampled = PromptSet.sampled(anbn, anbn.generator(), 20, 4, 5L);
        assertThat(sampled.prompts()).hasSize(20).allSatisfy(p -> assertThat(p.inDistribution()).isTrue());
        PromptSet uniform = PromptSet.sampled(anbn, null, 50, 4, 5L);
        assertThat(uniform.prompts()).hasSize(50);
        assertThat(uniform.outOfDistribution()).isNotEmpty();
        assertThat(PromptSet.sosOnly(anbn).prompts()).singleElement().satisfies(p -> assertThat(p.sosOnly()).isTrue());
        assertThat(PromptSet.listed(anbn, "two", List.of(Word.parse("a"), Word.parse("b"))).inDistribution()).hasSize(1);
    }

    /** sample N words from Dyck after ")" "[": the prefix, then a Dyck word; ID/OOD by prefix probability. */
    @Test
    void sampledWordsAfterAFixedPrefix() {
        Language dyck = BuiltinLanguages.create("dyck", 16);
        PromptSet ood = PromptSet.sampledAfter(dyck, dyck.generator(), 30, Word.parse(") ["), 7L);
        assertThat(ood.prompts()).hasSize(30).allSatisfy(p -> {
            assertThat(p.prefix().prefix(2)).isEqualTo(Word.parse(") ["));
            assertThat(dyck.generator().wordProbability(p.prefix().suffix(2))).isPositive();
            assertThat(p.prefix().length()).isLessThanOrEqualTo(16);
            assertThat(p.inDistribution()).isFalse();
            assertThat(p.violatedRules()).contains("R2");
        });
        assertThat(PromptSet.sampledAfter(dyck, dyck.generator(), 30, Word.parse(") ["), 7L)).isEqualTo(ood);

        // "( [" then a Dyck word is how some Dyck words start, when "] )" still fits
        PromptSet id = PromptSet.sampledAfter(dyck, dyck.generator(), 30, Word.parse("( ["), 7L);
        assertThat(id.prompts()).allSatisfy(p -> assertThat(p.inDistribution()).isEqualTo(p.prefix().length() <= 14));
        assertThat(id.inDistribution()).isNotEmpty();
    }
}
