package org.saturn.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;


class SaturnCliTest extends CliTestBase {


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
