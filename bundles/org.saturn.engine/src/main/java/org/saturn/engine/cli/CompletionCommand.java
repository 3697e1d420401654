package org.saturn.engine.cli;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code saturn completion [bash|zsh]}: the shell completion script of every command and option (picocli's). */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print the shell completion script for saturn's commands and options. Install it with "
                + "'./saturn completion > ~/.local/share/bash-completion/completions/saturn' (bash), or for this shell "
                + "only: 'source <(./saturn completion)'. zsh reads the same script after 'autoload -U bashcompinit "
                + "&& bashcompinit'.")
public final class CompletionCommand implements Callable<Integer> {

    /** The commands the ./saturn script runs itself, outside the engine JVM. */
    static final String[] SCRIPT_COMMANDS = { "test", "build", "workbench" };

    @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", defaultValue = "bash",
            description = "bash (default) or zsh (the bash script, through bashcompinit)")
    String shell;

    @Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new IllegalArgumentException("completion is for bash or zsh, not '" + shell + "'");
        }
        command.commandLine().getOut().print(script());
        command.commandLine().getOut().flush();
        return 0;
    }

    /** The bash completion function of {@code saturn}, with the script's own commands too. */
    static String script() {
        CommandLine saturn = SaturnCli.commandLine();
        for (String name : SCRIPT_COMMANDS) {
            saturn.addSubcommand(name, CommandLine.Model.CommandSpec.create().name(name));
        }
        return AutoComplete.bash("saturn", saturn);
    }
}
