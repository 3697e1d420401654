package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.rules.Brackets;
import org.saturn.core.plan.RunInputs;
import org.saturn.core.prompts.Prompt;
import org.saturn.dsl.compiler.ConfigDefinitions;
import org.saturn.dsl.compiler.CoreLanguages;
import org.saturn.dsl.compiler.SaturnCompiler;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.saturn.Study;

/**
 * The papers' rule variants and prompt sets in the standard library (SCIENCE.md §7): the variants
 * decide hand-picked words as the papers' code does, and each prompt set, built from a run's
 * config alone, has the stated size, shapes and ID/OOD split.
 */
class PaperVariantsTest {

    private static final SpecChecker CHECKER = new SpecChecker();
    private static final ConfigDefinitions DEFINITIONS = new ConfigDefinitions(CHECKER.injector());

    @TempDir
    Path folder;

    private static org.saturn.core.lang.Language stdlib(String name) {
        Spec spec = CHECKER.check(ExamplesTest.EXAMPLES.resolve("stdlib.saturn")).spec();
        Language language = spec.getElements().stream().filter(Language.class::isInstance).map(Language.class::cast)
                .filter(l -> l.getName().equals(name)).findFirst().orElseThrow();
        return CoreLanguages.toCore(language, 24);
    }

    private static boolean holds(org.saturn.core.lang.Language language, String rule, String word) {
        Word w = word.isEmpty() ? Word.EMPTY : Word.of(List.of(word.split(" ")));
        return language.rules().stream().filter(r -> r.name().equals(rule)).findFirst().orElseThrow().test(w);
    }

    @Test
    void bbaNPapersR2IsFalseWithoutAB() {
        org.saturn.core.lang.Language clean = stdlib("BbaN");
        org.saturn.core.lang.Language paper = stdlib("BbaNPaper");
        for (String word : List.of("a a", "a", "")) {
            assertThat(holds(clean, "R2", word)).as("BbaN R2 on '" + word + "'").isTrue();
            assertThat(holds(paper, "R2", word)).as("BbaNPaper R2 on '" + word + "'").isFalse();
        }
        for (String word : List.of("b", "b b a a", "b a")) {
            assertThat(holds(paper, "R2", word)).as(word).isTrue();
            assertThat(holds(clean, "R2", word)).as(word).isTrue();
        }
        assertThat(holds(paper, "R2", "b a b")).isFalse();
        // R1 is the same in both: even number of a's after the last b (true with no a at all)
        for (String word : List.of("a a", "b a", "b a a", "b", "a b a a a")) {
            assertThat(holds(paper, "R1", word)).as(word).isEqualTo(holds(clean, "R1", word));
        }
        assertThat(paper.isGrammatical(Word.of(List.of("a", "a")))).isFalse();
        assertThat(clean.isGrammatical(Word.of(List.of("a", "a")))).isTrue();
    }

    @Test
    void dyckPaperIsGrammaticalOnlyWhenProperlyNested() {
        org.saturn.core.lang.Language clean = stdlib("Dyck");
        org.saturn.core.lang.Language paper = stdlib("DyckPaper");
        Word crossing = Word.of(List.of("(", "[", ")", "]"));
        Word nested = Word.of(List.of("(", "[", "]", ")", "[", "]"));
        assertThat(clean.isGrammatical(crossing)).isTrue();
        assertThat(paper.isGrammatical(crossing)).isFalse();
        assertThat(holds(paper, "R1", "( [ ) ]")).isTrue();
        assertThat(holds(paper, "R2", "( [ ) ]")).isTrue();
        assertThat(holds(paper, "Nested", "( [ ) ]")).isFalse();
        assertThat(paper.isGrammatical(nested)).isTrue();
        assertThat(clean.isGrammatical(nested)).isTrue();
        assertThat(holds(paper, "Nested", "( ] [ )")).isFalse();
        assertThat(holds(paper, "Nested", "( (")).isFalse();
        assertThat(holds(paper, "Nested", "")).isTrue();
    }

    private RunInputs inputs(String study) throws Exception {
        Files.copy(ExamplesTest.EXAMPLES.resolve("stdlib.saturn"), folder.resolve("stdlib.saturn"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String spec = """
                import "stdlib.saturn"
                model M lstm { layers 1 embedding 4 hidden 8 dropout 0 }
                protocol P {
                  optimizer adamw lr 1e-3 weightDecay 0
                  schedule constant
                  batch 4
                  steps 2
                  evaluate every 1 steps
                  loss includes pad
                  decode greedy
                }
                study Bban on BbaNPaper with BbaNPaperPrompts using P { models M set language.maxLength to 24 }
                study Dyck on DyckPaper with DyckPaperPrompts using P { models M set language.maxLength to 24 }
                study CsDyck on CsDyck with CsDyckPaperPrompts using P { models M set language.maxLength to 24 }
                """;
        Path file = folder.resolve("paper.saturn");
        Files.writeString(file, spec);
        SpecChecker.Result result = CHECKER.check(file);
        assertThat(result.hasErrors()).as(result.diagnostics().toString()).isFalse();
        Study found = result.spec().getElements().stream().filter(Study.class::isInstance).map(Study.class::cast)
                .filter(s -> s.getName().equals(study)).findFirst().orElseThrow();
        return DEFINITIONS.inputs(new SaturnCompiler().compile(found).get(0));
    }

    @Test
    void theBbaNPromptsAre128IdAnd128OodOfThePapersShapes() throws Exception {
        List<Prompt> prompts = inputs("Bban").prompts().prompts();
        assertThat(prompts).hasSize(256);
        Map<Boolean, List<Prompt>> split = prompts.stream().collect(Collectors.partitioningBy(Prompt::inDistribution));
        assertThat(split.get(true)).hasSize(128);
        assertThat(split.get(false)).hasSize(128);
        for (Prompt id : split.get(true)) {
            assertThat(String.join("", id.prefix().symbols())).matches("b{1,7}a{1,7}").hasSize(8);
        }
        for (Prompt ood : split.get(false)) {
            assertThat(String.join("", ood.prefix().symbols())).matches("ab{1,6}a{1,6}").hasSize(8);
        }
        // sampled, so every k shows up among 128 draws
        assertThat(split.get(true).stream().map(p -> p.prefix().toString()).distinct()).hasSize(7);
        assertThat(split.get(false).stream().map(p -> p.prefix().toString()).distinct()).hasSize(6);
    }

    @Test
    void theDyckPromptsAreOpenOrCloseThenBracketThenANestedWordOfLengthSix() throws Exception {
        for (String study : List.of("Dyck", "CsDyck")) {
            List<Prompt> prompts = inputs(study).prompts().prompts();
            assertThat(prompts).as(study).hasSize(64);
            Brackets nestedCheck = new Brackets(List.of(new Brackets.Pair("(", ")"), new Brackets.Pair("[", "]")));
            int id = 0;
            for (Prompt prompt : prompts) {
                List<String> symbols = prompt.prefix().symbols();
                assertThat(symbols).as(study).hasSize(8);
                assertThat(nestedCheck.test(Word.of(symbols.subList(2, 8)))).as(study + " " + symbols).isTrue();
                assertThat(symbols.get(1)).isEqualTo("[");
                boolean opens = symbols.get(0).equals("(");
                assertThat(prompt.inDistribution()).as(study + " " + symbols).isEqualTo(opens);
                id += opens ? 1 : 0;
            }
            assertThat(id).as(study).isEqualTo(32);
        }
    }

    @Test
    void theInitOptionIsWrittenOnlyWhereASpecSetsItSoOldRunIdsStay() throws Exception {
        String spec = """
                import "stdlib.saturn"
                model Plain transformer { layers 1 dModel 8 heads 2 ff 16 }
                model Torch transformer { layers 1 dModel 8 heads 2 ff 16 init pytorch positions batchRow }
                protocol P {
                  optimizer adamw lr 1e-3 weightDecay 0
                  schedule constant
                  batch 4
                  steps 2
                  evaluate every 1 steps
                  loss includes pad
                  decode greedy
                }
                prompts Q for AnBn { all words of length 2 over a b }
                study S on AnBn with Q using P { models Plain Torch set language.maxLength to 8 }
                """;
        Files.copy(ExamplesTest.EXAMPLES.resolve("stdlib.saturn"), folder.resolve("stdlib.saturn"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path file = folder.resolve("init.saturn");
        Files.writeString(file, spec);
        SpecChecker.Result result = CHECKER.check(file);
        assertThat(result.hasErrors()).as(result.diagnostics().toString()).isFalse();
        Study study = result.spec().getElements().stream().filter(Study.class::isInstance).map(Study.class::cast)
                .findFirst().orElseThrow();
        List<org.saturn.core.plan.RunConfig> configs = new SaturnCompiler().compile(study);
        assertThat(configs).hasSize(2);
        assertThat(configs.get(0).parameters()).doesNotContainKey("model.init");
        assertThat(configs.get(1).get("model.init")).isEqualTo("pytorch");
        assertThat(configs.get(1).get("model.positions")).isEqualTo("batchRow");
    }
}
