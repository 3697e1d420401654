package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.engine.cli.SaturnCli;

import picocli.CommandLine;

/** The default build carries nd4j-native only: --backend cuda says how to get it, in one line. */
class BackendsTest {

    @TempDir
    Path folder;

    @Test
    void theDefaultBuildIsTheCpuBuild() {
        assertThat(Backends.built()).isEqualTo(Backends.CPU);
        assertThat(Backends.problem("cpu")).isNull();
        assertThat(Backends.problem("tpu")).isEqualTo("--backend is cpu or cuda, not tpu");
        assertThat(Backends.problem("cuda")).startsWith("this build has no CUDA backend: build it with ./saturn build --cuda");
    }

    @Test
    void runWithCudaOnTheCpuBuildExitsWithCodeTwoAndOneLine() throws Exception {
        Path spec = folder.resolve("tiny.saturn");
        Files.copy(getClass().getResourceAsStream("/run/tiny.saturn"), spec);
        StringWriter err = new StringWriter();
        CommandLine cli = SaturnCli.commandLine();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("run", spec.toString(), "--backend", "cuda", "--store", folder.resolve("runs").toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").startsWith("saturn: this build has no CUDA backend");
        assertThat(folder.resolve("runs")).doesNotExist();
    }

    @Test
    void aFailureIsReportedByItsInnermostMessageOnOneLine() {
        Throwable failure = new RuntimeException("wrapper", new UnsatisfiedLinkError("no jnicuda in\n java.library.path"));
        assertThat(Backends.reason(failure)).isEqualTo("UnsatisfiedLinkError: no jnicuda in java.library.path");
    }
}
