package org.saturn.engine.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** Runs {@code saturn ARGS} in-process and keeps what it printed, for assertions. */
abstract class CliTestBase {

    protected final StringWriter out = new StringWriter();
    protected final StringWriter err = new StringWriter();

    protected int run(String... args) {
        CommandLine cli = SaturnCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return SaturnCli.execute(cli, args);
    }
}
