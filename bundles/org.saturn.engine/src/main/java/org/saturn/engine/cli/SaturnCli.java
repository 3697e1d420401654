package org.saturn.engine.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code saturn} command line. Each sub-command is a class of its own in this package;
 * register new ones in {@link #SUBCOMMANDS}.
 */
@Command(name = "saturn", mixinStandardHelpOptions = true, versionProvider = SaturnCli.Version.class,
        description = "Study language models in the saturation regime: exact optimal losses, rule extrapolation, "
                + "same loss with different behaviour.")
public final class SaturnCli implements Runnable {

    /** Every sub-command of {@code saturn} that runs in the engine JVM. */
    static final Class<?>[] SUBCOMMANDS = {
        RunCommand.class, WorkerCommand.class, ReportCommand.class, DemoCommand.class,
        CheckCommand.class, PlanCommand.class, LspCommand.class, BenchCommand.class,
        OptimalCommand.class, WitnessCommand.class,
        SlurmCommand.class, FsckCommand.class,
        ExportCommand.class, DiffCommand.class, TagCommand.class, CompletionCommand.class,
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SaturnCli());
        for (Class<?> sub : SUBCOMMANDS) {
            cli.addSubcommand(sub);
        }
        // a researcher sees one line, never a stack trace
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("saturn: " + ex.getMessage());
            err.println("Try 'saturn " + (ex.getCommandLine() == cli ? "" : ex.getCommandLine().getCommandName() + " ")
                    + "--help' for usage.");
            err.flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, line, parseResult) -> {
            PrintWriter err = line.getErr();
            err.println("saturn: " + UserMessages.of(ex, line.getCommandName()));
            err.flush();
            return 2;
        });
        return cli;
    }

    public static void main(String[] args) {
        org.saturn.engine.run.EnvironmentRecord.recordCommandLine(args);
        System.exit(execute(commandLine(), args));
    }

    /** Runs the command; an Error, which escapes picocli's handler, is still one line, never a stack trace. */
    static int execute(CommandLine cli, String... args) {
        try {
            return cli.execute(args);
        } catch (Throwable e) {
            PrintWriter err = cli.getErr();
            err.println("saturn: " + UserMessages.of(e, args.length > 0 ? args[0] : "saturn"));
            err.flush();
            return 2;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SaturnCli.class.getPackage().getImplementationVersion();
            return new String[] { "saturn " + (v != null ? v : "0.1.0-SNAPSHOT") };
        }
    }
}
