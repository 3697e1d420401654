package org.saturn.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.metrics.ChanceLevels;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.plan.RunInputs;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.dsl.compiler.ConfigDefinitions;
import org.saturn.dsl.compiler.RunChanceLevels;
import org.saturn.dsl.compiler.SpecChecker;

/**
 * The chance bands of a run come from its config.json alone, built as the worker builds its inputs
 * (the HTML report's and the Saturation view's bands alike).
 */
class RunChanceLevelsTest {

    private static final SpecChecker CHECKER = new SpecChecker();

    private static final String LANGUAGE = "language AnBn { alphabet a b maxLength 8 rule R1 \"#a = #b\" : "
            + "count ( a ) == count ( b ) rule R2 \"a's before b's\" : a * b * generate a ^ n b ^ n with n in 1 .. "
            + "maxLength / 2 }";
    private static final String PROMPTS = "prompts P for AnBn { all words of length 4 over a b }";

    @Test
    void levelsOfEveryPromptSetFromTheRunConfig(@TempDir Path store) {
        RunConfig config = new RunConfig("S", "Tf", Map.of("language", "AnBn", "language.definition", LANGUAGE,
                "language.maxLength", 8L, "prompts", "P", "prompts.definition", PROMPTS, "seed", 1L));
        RunDirectory run = RunStore.create(store).run("S", config.id());
        run.writeText(RunDirectory.CONFIG, config.toJson() + "\n");

        Map<String, Estimate> levels = new RunChanceLevels(CHECKER::injector).of(run);

        RunInputs inputs = new ConfigDefinitions(CHECKER.injector()).inputs(config);
        List<Word> ood = inputs.prompts().outOfDistribution().stream().map(p -> p.prefix()).toList();
        assertEquals(13, ood.size(), "ID are aaaa, aaab and aabb; the other 13 of 16 are OOD");
        assertEquals(ChanceLevels.of(inputs.language(), ood).get("R1").value(), levels.get("ood.R1").value(), 1e-12);
        assertTrue(levels.containsKey("id.R1") && levels.containsKey("sos.R1"), levels.keySet().toString());
    }

    @Test
    void aFolderWithoutARunConfigHasNoBands(@TempDir Path store) throws Exception {
        RunDirectory run = RunStore.create(store).run("S", "abc");
        RunChanceLevels levels = new RunChanceLevels(() -> {
            throw new AssertionError("no config: the language is never needed");
        });
        assertEquals(Map.of(), levels.of(run));
        Files.createDirectories(run.path());
        Files.writeString(run.path().resolve(RunDirectory.CONFIG), "not json");
        assertEquals(Map.of(), levels.of(run));
    }

    @Test
    void aDefinitionThatCannotBeReadHasNoBands(@TempDir Path store) {
        RunConfig config = new RunConfig("S", "Tf", Map.of("language", "AnBn", "language.definition",
                "language AnBn { alphabet a b", "language.maxLength", 8L, "prompts", "P", "prompts.definition", PROMPTS,
                "seed", 1L));
        RunDirectory run = RunStore.create(store).run("S", config.id());
        run.writeText(RunDirectory.CONFIG, config.toJson() + "\n");
        assertEquals(Map.of(), new RunChanceLevels(CHECKER::injector).of(run));
    }
}
