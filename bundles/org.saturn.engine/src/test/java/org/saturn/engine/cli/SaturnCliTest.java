package org.saturn.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class SaturnCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = SaturnCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void unknownCommandIsOneClearLineAndExitCode2() {
        int exit = run("frobnicate");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("saturn: Unmatched argument at index 0: 'frobnicate'")
                .contains("Try 'saturn --help' for usage.")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void versionNamesSaturn() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("saturn ");
    }
}
