package org.saturn.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.engine.run.PhaseTimes;
import org.saturn.engine.cli.SaturnCli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class BenchCommandTest {

    @Test
    void jsonListsOneResultPerConfiguration() throws Exception {
        StringWriter out = new StringWriter();
        var cli = SaturnCli.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("bench", "--json", "--model", "lstm", "--width", "64", "--seeds", "2", "--steps", "1",
                "--warmup", "0");
        assertThat(code).isZero();
        String text = out.toString();
        JsonNode results = new ObjectMapper().readTree(text.substring(text.indexOf("{\"results\""))).get("results");
        assertThat(results).hasSize(1);
        assertThat(results.get(0).get("model").asText()).isEqualTo("lstm");
        assertThat(results.get(0).get("width").asInt()).isEqualTo(64);
        assertThat(results.get(0).get("seeds").asInt()).isEqualTo(2);
        assertThat(results.get(0).get("tokensPerSecond").asDouble()).isPositive();
    }

    @Test
    void anotherShapeIsMeasuredAsAsked() throws Exception {
        StringWriter out = new StringWriter();
        var cli = SaturnCli.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("bench", "--json", "--model", "transformer", "--width", "16", "--heads", "2", "--ff", "32",
                "--layers", "1", "--positions", "9", "--seeds", "2", "--steps", "1", "--warmup", "0");
        assertThat(code).isZero();
        String text = out.toString();
        JsonNode results = new ObjectMapper().readTree(text.substring(text.indexOf("{\"results\""))).get("results");
        assertThat(results).hasSize(1);
        assertThat(results.get(0).get("width").asInt()).isEqualTo(16);
        assertThat(results.get(0).get("seeds").asInt()).isEqualTo(2);
        assertThat(results.get(0).get("tokensPerSecond").asDouble()).isPositive();
    }

    @Test
    void headsThatDoNotDivideTheWidthAreOneClearError() {
        StringWriter err = new StringWriter();
        var cli = SaturnCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("bench", "--model", "transformer", "--width", "16", "--heads", "3")).isNotZero();
        assertThat(err.toString()).contains("--heads 3 does not divide --width 16");
        assertThat(cli.execute("bench", "--model", "transformer", "--positions", "2")).isNotZero();
        assertThat(err.toString()).contains("--positions must be 3 to 4096");
    }

    @Test
    void anUnknownModelIsOneClearError() {
        StringWriter err = new StringWriter();
        var cli = SaturnCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("bench", "--model", "gru")).isNotZero();
        assertThat(err.toString()).contains("no benchmark matches");
    }

    @Test
    void aStudyBenchmarkSplitsTheWorkersTimeIntoPhasesThatAddUp(@TempDir Path folder) throws Exception {
        Path spec = folder.resolve("tiny.saturn");
        Files.copy(getClass().getResourceAsStream("/run/tiny.saturn"), spec);
        Path store = folder.resolve("bench-store");
        StringWriter out = new StringWriter();
        var cli = SaturnCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("bench", "--study", spec.toString(), "--workers", "1", "--store", store.toString()))
                .isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("runs").asInt()).isEqualTo(2);
        assertThat(json.get("workers").asInt()).isEqualTo(1);
        JsonNode phases = json.get("workerSeconds");
        // one worker JVM (seed batching: two regimes are two groups, one worker trains them in turn)
        assertThat(phases.get("startup").asDouble()).isPositive();
        assertThat(phases.get("training").asDouble()).isPositive();
        assertThat(phases.get("evaluation").asDouble()).isPositive();
        assertThat(phases.get("decoding").asDouble()).isPositive();
        double parts = 0;
        for (String phase : new String[] {"startup", "setup", "training", "evaluation", "decoding", "measuring",
                "checkpointing", "other"}) {
            parts += phases.get(phase).asDouble();
        }
        assertThat(parts).isCloseTo(phases.get("total").asDouble(), org.assertj.core.data.Offset.offset(0.1));
        double wall = json.get("wallSeconds").asDouble();
        assertThat(phases.get("total").asDouble()).as("one worker cannot work longer than the benchmark's wall time")
                .isLessThanOrEqualTo(wall + 0.1);
        assertThat(json.get("idleWorkerSeconds").asDouble()).isCloseTo(wall - phases.get("total").asDouble(),
                org.assertj.core.data.Offset.offset(0.1));
        // each run keeps its own split: 40 steps, four evaluations
        try (var runs = Files.walk(store)) {
            assertThat(runs.filter(f -> f.getFileName().toString().equals(PhaseTimes.FILE_NAME)).toList()).hasSize(2)
                    .allSatisfy(file -> assertThat(PhaseTimes.read(file.getParent()).get("pretraining"))
                            .containsEntry("members", 1.0).containsKeys("training", "decoding", "total"));
        }
    }

    @Test
    void aStudyBenchmarkRefusesAnExistingStore(@TempDir Path folder) throws Exception {
        Path spec = folder.resolve("tiny.saturn");
        Files.copy(getClass().getResourceAsStream("/run/tiny.saturn"), spec);
        StringWriter err = new StringWriter();
        var cli = SaturnCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("bench", "--study", spec.toString(), "--store", folder.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("exists: a benchmark trains into a new store");
        assertThat(cli.execute("bench", "--study", folder.resolve("none.saturn").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such spec file");
    }
}
