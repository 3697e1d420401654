package org.saturn.engine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.saturn.core.export.RunNames;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.RunTags;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code saturn tag RUN key=value... [--note TEXT]}: a researcher's labels on a run, safe while it trains. */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = "Tag a run (key=value) and note it, in tags.json in its folder (workers never write it, so a run "
                + "may be tagged while it trains). saturn report shows the tags and filters by them "
                + "(--filter tag=X or tag.KEY=VALUE). Without tags or --note: print the run's tags.")
public final class TagCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "a run id (or a unique prefix of one) or STUDY/ID")
    String run;

    @Parameters(index = "1..*", paramLabel = "key=value", description = "tags to set (a tag of that key is replaced)")
    List<String> assignments = new ArrayList<>();

    @Option(names = "--note", paramLabel = "TEXT", description = "the run's note (replaces the note; \"\" removes it)")
    String note;

    @Option(names = "--remove", paramLabel = "KEY", description = "remove this tag; repeatable")
    List<String> removed = new ArrayList<>();

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "runs", description = "the run store (default: ./runs)")
    Path store;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        RunDirectory directory = RunNames.find(RunStore.open(store), run);
        RunTags tags = RunTags.read(directory.path());
        if (!assignments.isEmpty() || !removed.isEmpty() || note != null) {
            tags = tags.with(assignments, removed, note);
            tags.write(directory.path());
        }
        command.commandLine().getOut().println(directory + "  " + tags.summary());
        command.commandLine().getOut().flush();
        return 0;
    }
}
