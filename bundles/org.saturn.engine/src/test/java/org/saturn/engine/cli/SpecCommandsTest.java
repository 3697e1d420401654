package org.saturn.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** {@code saturn check} and {@code saturn plan}: output format, exit codes, and no stack traces. */
class SpecCommandsTest extends CliTestBase {

    private static final Path EXAMPLES = Path.of("../../examples");


    @Test
    void checkPassesEveryExample() throws Exception {
        String[] args;
        try (var files = Files.walk(EXAMPLES)) { // examples/paper/ too
            args = java.util.stream.Stream.concat(java.util.stream.Stream.of("check"),
                    files.filter(f -> f.toString().endsWith(".saturn") && !Files.exists(f.resolveSibling("config.json"))).map(Path::toString)).toArray(String[]::new); // a run store's copy (STORE/STUDY/RUN/spec.saturn) is not an example
        }

        assertThat(run(args)).as(out + "\n" + err).isEqualTo(0);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("0 errors, 0 warnings");
    }

    @Test
    void checkPrintsPathLineColumnSeverityAndMessageAndExitsOne(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("bad.saturn");
        Files.writeString(spec, """
                language L {
                  alphabet a b
                  rule R : count(a) == count(c)
                }
                model M transformer { dModel 10 heads 3 }
                """);

        assertThat(run("check", spec.toString())).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                spec + ":1:10: warning: L sets no maxLength: 64 is used (write 'maxLength N' after the alphabet)",
                spec + ":3:30: error: 'c' is not in the alphabet of L (a b)",
                spec + ":5:33: error: dModel 10 is not divisible by 3 heads: each head gets dModel / heads dimensions");
    }

    @Test
    void warningsAloneExitZero(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("warn.saturn");
        Files.writeString(spec, "language L { alphabet a }\n");

        assertThat(run("check", spec.toString())).isZero();
        assertThat(out.toString()).contains(":1:10: warning:");
    }

    @Test
    void aMissingFileIsOneClearLine() {
        assertThat(run("check", "no/such.saturn")).isEqualTo(1);
        assertThat(out.toString().strip()).isEqualTo("no/such.saturn:1:1: error: no/such.saturn: no such file");
        assertThat(out.toString() + err).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void planListsTheRunMatrix() {
        assertThat(run("plan", EXAMPLES.resolve("case-study-1-reduced.saturn").toString(), "--no-probe")).isZero();
        // the run table, a blank line, then the resources of each kind of run (here: with and without a
        // regime), then for each seed-batched kind what one worker trains and what one run alone needs
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.subList(0, lines.indexOf(""))).hasSize(1 + 9);
        List<String> resources = lines.subList(lines.indexOf("") + 1, lines.size());
        assertThat(resources.stream().filter(line -> !line.startsWith("memory of ")).toList()).hasSize(1 + 2)
                .allSatisfy(line -> assertThat(line).containsPattern("memory|\\d+ MB"));
        assertThat(resources.stream().filter(line -> line.startsWith("memory of ")).toList()).hasSize(2)
                .allSatisfy(line -> assertThat(line).containsPattern("3 seeds as one model; one run alone .* \\d+ MB"));
        assertThat(out.toString()).contains("CaseStudy1Reduced").contains("adversarial").contains("oracle");
        assertThat(err.toString()).contains("9 runs");
    }

    @Test
    void planJsonHasTheCoordinatesAndEveryResolvedParameter() {
        assertThat(run("plan", EXAMPLES.resolve("case-study-1.saturn").toString(), "--study", "CaseStudy1",
                "--json")).isZero();
        String json = out.toString();
        assertThat(json.lines().filter(l -> l.startsWith("  {")).count()).isEqualTo(2 * 3 * 5);
        assertThat(json).startsWith("[").contains("{\"id\": \"").contains("\"study\": \"CaseStudy1\"")
                .contains("\"model\": \"Tf\"").contains("\"regime\": \"oracle\"").contains("\"seed\": 5")
                .contains("\"model.heads\": 5").contains("\"optimizer.lr\": 0.002");
    }

    @Test
    void planRefusesUnknownStudiesAndSpecsWithErrors(@TempDir Path dir) throws Exception {
        assertThat(run("plan", EXAMPLES.resolve("anbn.saturn").toString(), "--study", "Nope")).isEqualTo(1);
        assertThat(err.toString()).contains("no study named Nope").contains("AnBnStudy");

        Path spec = dir.resolve("bad.saturn");
        Files.writeString(spec, "study S on Nowhere with P using Q { }\n");
        assertThat(run("plan", spec.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("has errors");
    }

    @Test
    void lspIsACommand() {
        assertThat(run("lsp", "--help")).isZero();
        assertThat(out.toString()).contains("Language Server Protocol");
    }
}
