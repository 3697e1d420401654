package org.saturn.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.saturn.core.report.GroupRow;
import org.saturn.core.report.ReportConventions;
import org.saturn.core.report.ReportFormats;
import org.saturn.core.report.StudyColumns;
import org.saturn.core.report.StudyReport;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreWarnings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code saturn report STORE}: per group of runs, test loss against the optimum and the rule metrics. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Summarise a run store: per group of runs (everything but the seed) n, test loss mean ± std, "
                + "optimal loss, gap, ID/OOD R1, R2, R2 on the completion, finished; the first line states the "
                + "conventions (--summary, --unfinished) the numbers use.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "STORE", description = "the run store folder (e.g. runs/)")
    Path store;

    @Option(names = "--study", paramLabel = "S")
    String study;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "also write a self-contained HTML report with charts")
    Path html;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write every aggregate as CSV")
    Path csv;

    @Option(names = "--unfinished", paramLabel = "zero|undefined", defaultValue = "undefined",
            description = "a rule accuracy of a run with no finished completion: undefined (left out of the mean, "
                    + "default) or zero (the papers)")
    String unfinished;

    @Option(names = "--summary", paramLabel = "max|atBest|METRIC=max|atBest",
            description = "each run's value of a metric: atBest (at its minimum test loss, default; the ICML analysis) "
                    + "or max (its maximum over evaluations; the NeurIPS tables' accuracies), for the table or, as "
                    + "METRIC=..., one metric (e.g. ood.finished=atBest); repeatable. The test loss is always its minimum.")
    List<String> summaries = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        ReportConventions conventions = ReportConventions.parse(unfinished, summaries);
        PrintWriter err = command.commandLine().getErr();
        // a damaged run is left out with one line on stderr; the report of the others goes on
        java.util.function.Consumer<String> previous = StoreWarnings.routeTo(line -> {
            err.println(line);
            err.flush();
        });
        List<GroupRow> rows;
        Map<String, StudyColumns> columns;
        try {
            RunStore runStore = RunStore.open(store);
            rows = StudyReport.of(runStore, study, conventions);
            columns = StudyColumns.of(rows, runStore);
        } finally {
            StoreWarnings.routeTo(previous);
        }
        PrintWriter out = command.commandLine().getOut();
        if (rows.isEmpty()) {
            command.commandLine().getErr().println("saturn report: no finished or running runs in " + store
                    + (study == null ? "" : " for study " + study));
            command.commandLine().getErr().flush();
            return 1;
        }
        out.print(json ? ReportFormats.json(rows, conventions, columns) : ReportFormats.table(rows, conventions, columns));
        out.flush();
        if (html != null) {
            Files.writeString(html, ReportFormats.html(rows, conventions, columns), StandardCharsets.UTF_8);
        }
        if (csv != null) {
            Files.writeString(csv, ReportFormats.csv(rows, conventions, columns), StandardCharsets.UTF_8);
        }
        return 0;
    }
}
