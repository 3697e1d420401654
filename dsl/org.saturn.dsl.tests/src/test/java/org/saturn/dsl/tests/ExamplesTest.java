package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.saturn.core.plan.RunPlan;
import org.saturn.dsl.compiler.SaturnCompiler;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.dsl.compiler.SpecDiagnostic;
import org.saturn.dsl.scoping.SaturnImportResolver;

/**
 * Every file under examples/ parses, links and validates without an error or warning, and compiles to runs.
 */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("../../examples");

    /** Every spec under examples/, subfolders (examples/paper/) included. */
    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".saturn") && !Files.exists(f.resolveSibling("config.json"))).sorted().toList(); // a run store's copy (STORE/STUDY/RUN/spec.saturn) is not an example
        }
    }

    static final SpecChecker CHECKER = new SpecChecker();

    @ParameterizedTest
    @MethodSource("examples")
    void exampleHasNoError(Path example) {
        SpecChecker.Result result = CHECKER.check(example);

        assertThat(result.diagnostics()).filteredOn(d -> d.severity() == SpecDiagnostic.Severity.ERROR).isEmpty();
        assertThat(result.diagnostics()).as("warnings").isEmpty();
        RunPlan plan = new SaturnCompiler().compile(result.spec());
        if (result.spec().getElements().stream().anyMatch(org.saturn.dsl.saturn.Study.class::isInstance)) { // not a library
            assertThat(plan.size()).isPositive();
            assertThat(plan.collisions()).isEmpty();
        }
    }

    @Test
    void caseStudyTwoTrainsOnItsMixtureInThreeRegimes() {
        for (String name : List.of("case-study-2.saturn", "case-study-2-reduced.saturn")) {
            SpecChecker.Result result = CHECKER.check(EXAMPLES.resolve(name));
            assertThat(result.diagnostics()).as(name).isEmpty();
            assertThat(new SaturnCompiler().compile(result.spec()).runs()).extracting(r -> r.regime()).as(name)
                    .containsOnly("maxLikelihood", "adversarial", "oracle");
        }
    }

    @Test
    void theSuiteIsComplete() throws IOException {
        assertThat(examples()).extracting(p -> p.getFileName().toString()).contains("case-study-1.saturn",
                "case-study-1-reduced.saturn", "case-study-2.saturn", "case-study-2-reduced.saturn",
                "case-study-3.saturn", "case-study-3-reduced.saturn", "anbn.saturn", "language-anbncn.saturn",
                "language-ban.saturn", "language-bban.saturn", "language-dyck.saturn", "language-csdyck.saturn",
                "language-abn.saturn", "language-anbm.saturn", "language-anbnan.saturn", "stdlib.saturn");
    }

    @Test
    void theReducedCaseStudyOneIsWhereTheDemoLooksForIt() {
        SpecChecker.Result result = CHECKER.check(EXAMPLES.resolve("case-study-1-reduced.saturn"));
        RunPlan plan = new SaturnCompiler().compile(result.spec()).study("CaseStudy1Reduced");

        assertThat(plan.size()).isEqualTo(9);
        assertThat(plan.runs()).extracting(r -> r.regime()).containsOnly("maxLikelihood", "adversarial", "oracle");
        assertThat(plan.runs()).allSatisfy(run -> {
            assertThat(run.get("language.maxLength")).isEqualTo(16L);
            assertThat(run.get("decode.budget")).isEqualTo(16L);
            assertThat(run.get("model.dModel")).isEqualTo(32L);
        });
    }

    @Test
    void thePapersSuiteHasSixLanguagesThreeModelKindsAndThePapersOptions() {
        for (String name : List.of("paper/rule-extrapolation.saturn", "paper/rule-extrapolation-reduced.saturn")) {
            SpecChecker.Result result = CHECKER.check(EXAMPLES.resolve(name));
            List<org.saturn.core.plan.RunConfig> runs = new SaturnCompiler().compile(result.spec()).runs();
            assertThat(runs).extracting(r -> r.get("language")).as(name).containsOnly("AnBn", "AnBnCn", "BaN",
                    "BbaNPaper", "DyckPaper", "CsDyck");
            assertThat(runs).extracting(r -> r.get("model.kind")).as(name).containsOnly("transformer", "lstm",
                    "linear");
            assertThat(runs).filteredOn(r -> "transformer".equals(r.get("model.kind"))).as(name).allSatisfy(r -> {
                assertThat(r.get("model.activation")).isEqualTo("relu");
                assertThat(r.get("model.init")).isEqualTo("pytorch");
                assertThat(r.get("model.keyPaddingMask")).isEqualTo(true);
            });
            assertThat(runs).filteredOn(r -> "lstm".equals(r.get("model.kind"))).as(name)
                    .allSatisfy(r -> assertThat(r.get("model.dropoutPlacement")).isEqualTo("beforeOutput"));
        }
        List<org.saturn.core.plan.RunConfig> paper = new SaturnCompiler()
                .compile(CHECKER.check(EXAMPLES.resolve("paper/rule-extrapolation.saturn")).spec()).runs();
        assertThat(paper).filteredOn(r -> "transformer".equals(r.get("model.kind")))
                .allSatisfy(r -> assertThat(r.get("model.positions")).isEqualTo("batchRow"));
        assertThat(paper).allSatisfy(r -> assertThat(r.get("language.maxLength")).isEqualTo(256L));
    }

    @Test
    void theZooSuiteTrainsMambaAndXlstmOnTheReducedSuitesLanguagesAndPrompts() {
        List<org.saturn.core.plan.RunConfig> reduced = new SaturnCompiler()
                .compile(CHECKER.check(EXAMPLES.resolve("paper/rule-extrapolation-reduced.saturn")).spec()).runs();
        List<org.saturn.core.plan.RunConfig> zoo = new SaturnCompiler()
                .compile(CHECKER.check(EXAMPLES.resolve("paper/rule-extrapolation-zoo-reduced.saturn")).spec()).runs();

        assertThat(zoo).extracting(r -> r.get("model.kind")).containsOnly("mamba", "xlstm");
        // the same six languages at the same lengths, with the same prompt sets, as the reduced suite
        java.util.function.Function<org.saturn.core.plan.RunConfig, List<Object>> task = r -> List.of(
                r.get("language.definition"), r.get("language.maxLength"), r.get("prompts.definition"));
        assertThat(zoo.stream().map(task).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(reduced.stream().map(task).distinct().toList());
        assertThat(zoo).filteredOn(r -> "mamba".equals(r.get("model.kind"))).allSatisfy(r -> {
            assertThat(r.get("model.dModel")).isEqualTo(32L); // the papers' Mamba but for its 10 layers
            assertThat(r.get("model.dState")).isEqualTo(16L);
            assertThat(r.get("model.dConv")).isEqualTo(8L);
        });
    }

    @Test
    void theBundledLibraryIsTheExamplesLibrary() throws Exception {
        try (var bundled = new java.net.URL(SaturnImportResolver.bundled("stdlib.saturn").toString()).openStream()) {
            assertThat(new String(bundled.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(EXAMPLES.resolve("stdlib.saturn")));
        }
    }
}
