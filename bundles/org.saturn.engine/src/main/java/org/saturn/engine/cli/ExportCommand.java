package org.saturn.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.saturn.core.export.ExportedRun;
import org.saturn.core.export.RunsTable;
import org.saturn.core.export.TensorBoardExport;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreWarnings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code saturn export [STORE] --tensorboard DIR}: a store's runs in formats other tools read. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a run store's runs for other tools: TensorBoard event files (W&B and Aim import them), "
                + "a table of runs (CSV or JSON lines) and the metric series in long format (CSV).")
public final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "STORE", defaultValue = "runs",
            description = "the run store folder (default: ./runs)")
    Path store;

    @Option(names = "--study", paramLabel = "S", description = "only this study")
    String study;

    @Option(names = "--tensorboard", paramLabel = "DIR",
            description = "write TensorBoard event files to DIR/<study>/<run-id>/ (scalars of metrics.csv, the config as hparams)")
    Path tensorboard;

    @Option(names = "--runs", paramLabel = "FILE.csv|FILE.jsonl",
            description = "write one row per run (id, study, group, seed, status, every config key as config.KEY, each "
                    + "metric's min/max/last/atBest, git commit) as CSV, or as JSON lines for a name ending in .jsonl")
    Path runsFile;

    @Option(names = "--metrics", paramLabel = "FILE.csv",
            description = "write every run's metric series in long format (run, study, step, wallTime, metric, value)")
    Path metricsFile;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        if (tensorboard == null && runsFile == null && metricsFile == null) {
            throw new IllegalArgumentException("say what to export: --tensorboard DIR, --runs FILE.csv|FILE.jsonl "
                    + "or --metrics FILE.csv");
        }
        if (runsFile != null && !runsFile.toString().endsWith(".csv") && !runsFile.toString().endsWith(".jsonl")) {
            throw new IllegalArgumentException("--runs takes a file ending in .csv or .jsonl, not " + runsFile);
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
        if (runsFile != null) {
            RunsTable table = RunsTable.of(runs);
            write(runsFile, runsFile.toString().endsWith(".jsonl") ? table.jsonLines() : table.csv());
            out.println("runs: " + runs.size() + " rows, " + table.columns().size() + " columns in " + runsFile);
        }
        if (metricsFile != null) {
            write(metricsFile, RunsTable.metricsCsv(runs));
            out.println("metrics: the series of " + runs.size() + " runs in " + metricsFile);
        }
        out.flush();
        return 0;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // said as "FILE: reason" by UserMessages
        }
    }
}
