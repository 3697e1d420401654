package org.saturn.engine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.saturn.core.export.RunDiff;
import org.saturn.core.store.RunStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code saturn diff RUN RUN...}: what differs between runs, and their results side by side. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare runs: the config keys whose values differ, the differences of their environment.json, "
                + "and every metric's min/max/last/atBest side by side.")
public final class DiffCommand implements Callable<Integer> {

    @Parameters(arity = "2..*", paramLabel = "RUN", description = "a run id (or a unique prefix of one) or STUDY/ID")
    List<String> runs = new ArrayList<>();

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "runs", description = "the run store (default: ./runs)")
    Path store;

    @Option(names = "--json", description = "print the comparison as JSON")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        RunDiff diff = RunDiff.of(RunStore.open(store), runs);
        command.commandLine().getOut().print(json ? diff.json() : diff.table());
        command.commandLine().getOut().flush();
        return 0;
    }
}
