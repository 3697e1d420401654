package org.saturn.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.saturn.core.export.ExportedRun;
import org.saturn.core.export.TensorBoardExport;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreWarnings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code saturn export [STORE] --tensorboard DIR}: a store's runs in formats other tools read. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a run store's runs for other tools: TensorBoard event files (W&B and Aim import them).")
public final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "STORE", defaultValue = "runs",
            description = "the run store folder (default: ./runs)")
    Path store;

    @Option(names = "--study", paramLabel = "S", description = "only this study")
    String study;

    @Option(names = "--tensorboard", paramLabel = "DIR",
            description = "write TensorBoard event files to DIR/<study>/<run-id>/ (scalars of metrics.csv, the config as hparams)")
    Path tensorboard;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        if (tensorboard == null) {
            throw new IllegalArgumentException("say what to export: --tensorboard DIR");
        }
        PrintWriter err = command.commandLine().getErr();
        Consumer<String> previous = StoreWarnings.routeTo(line -> {
            err.println(line);
            err.flush();
        });
        List<ExportedRun> runs;
        try {
            runs = ExportedRun.of(RunStore.open(store), study);
        } finally {
            StoreWarnings.routeTo(previous);
        }
        if (runs.isEmpty()) {
            err.println("saturn export: no runs with a record in " + store + (study == null ? "" : " for study " + study));
            err.flush();
            return 1;
        }
        PrintWriter out = command.commandLine().getOut();
        if (tensorboard != null) {
            long points = TensorBoardExport.write(runs, tensorboard);
            out.println("tensorboard: " + runs.size() + " runs, " + points + " scalars in " + tensorboard
                    + " (tensorboard --logdir " + tensorboard + ")");
        }
        out.flush();
        return 0;
    }
}
