package org.saturn.engine.cli;

import java.util.concurrent.Callable;

import org.eclipse.xtext.ide.server.ServerLauncher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code saturn lsp}: the Saturn language server over stdio, for any LSP-capable editor. */
@Command(name = "lsp", mixinStandardHelpOptions = true,
        description = "Run the Saturn language server (Language Server Protocol over stdin/stdout): diagnostics, "
                + "completion, hover, outline and semantic highlighting for .saturn files.")
public final class LspCommand implements Callable<Integer> {

    @Option(names = "--trace", description = "log the protocol messages to stderr")
    boolean trace;

    @Override
    public Integer call() {
        org.apache.log4j.Logger.getRootLogger().setLevel(org.apache.log4j.Level.OFF);
        // stdout carries the protocol: nothing else may print there
        ServerLauncher.main(trace ? new String[] { "-trace" } : new String[0]);
        return 0;
    }
}
