package org.saturn.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** saturn plan's probe: per kind of run, the memory estimate and the measured step, evaluation and run time. */
class PlanProbeTest {

    @Test
    void thePlanMeasuresEachKindOfRunOnThisMachine(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("tiny.saturn");
        Files.copy(getClass().getResourceAsStream("/run/tiny.saturn"), spec);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SaturnCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("plan", spec.toString())).as(err.toString()).isZero();

        List<String> lines = out.toString().lines().toList();
        List<String> resources = lines.subList(lines.indexOf("") + 1, lines.size());
        assertThat(resources.get(0)).containsPattern("like run\\s+model\\s+batch\\s+length\\s+runs\\s+memory\\s+step\\s+"
                + "eval\\s+per run");
        // maxLikelihood and oracle (a regime batch doubles the rows): two kinds, one run each
        assertThat(resources.subList(1, 3)).allSatisfy(line -> assertThat(line).matches(
                "[0-9a-f]{12}\\s+Tiny\\s+8\\s+8\\s+1\\s+\\d+ MB\\s+\\d+\\.\\d{3} s\\s+\\d+\\.\\d{3} s\\s+\\d+ s"));
        assertThat(resources.get(3)).startsWith("all runs one after the other: at most ");
        assertThat(err.toString()).contains("probing 2 kinds of run on this machine").doesNotContain("failed");
        // the probe leaves nothing behind next to the spec
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("tiny.saturn");
        }
    }

    @Test
    void aSeedBatchedWorkersMemorySaysWhatOneRunAloneNeeds(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("tiny.saturn");
        String text = new String(getClass().getResourceAsStream("/run/tiny.saturn").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        Files.writeString(spec, text.replace("seeds 1\n", "seeds 1..3\n"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SaturnCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("plan", spec.toString(), "--no-probe")).as(err.toString()).isZero();

        // two kinds (maxLikelihood, oracle), each three seeds trained as one model by one worker
        List<String> lines = out.toString().lines().filter(line -> line.startsWith("memory of ")).toList();
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).matches("memory of [0-9a-f]{12}'s kind: one "
                + "worker training 3 seeds as one model; one run alone \\(--seed-batching never\\) \\d+ MB"));
    }
}
