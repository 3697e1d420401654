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

import org.saturn.core.export.RunSelection;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.ReferenceComparison;
import org.saturn.core.report.ReportConventions;
import org.saturn.core.report.ReportFormats;
import org.saturn.core.report.RunsFilter;
import org.saturn.core.report.StudyColumns;
import org.saturn.core.report.StudyReport;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreWarnings;
import org.saturn.dsl.compiler.RunChanceLevels;

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

    @Option(names = "--html", paramLabel = "FILE", description = "also write a self-contained HTML report (one offline file): the tables, and per study the loss, "
                    + "gap and rule-accuracy curves against steps (mean ± std over seeds, exact optimum, chance "
                    + "levels), test loss per group with error bars, OOD R1 against the gap")
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

    @Option(names = "--reference", paramLabel = "FILE.csv",
            description = "published numbers to set beside the measured ones (columns study,group,metric,mean,std,n,"
                    + "source; group = MODEL/REGIME, metric = testLoss or a report metric such as ood.R1): a table "
                    + "after the report, a \"reference\" array in --json, a section in --html and, with --csv FILE, "
                    + "FILE's name with -reference.csv; agree = means within sqrt(std_measured² + std_reference²)")
    Path reference;

    @Option(names = "--filter", paramLabel = "TERM", description = "only runs matching every term, as in the Runs view: "
            + "key=value (status, model, regime, seed, id, any config key), tag=X, tag.KEY=VALUE, or text; repeatable")
    List<String> filter = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        ReportConventions conventions = ReportConventions.parse(unfinished, summaries);
        List<ReferenceComparison.Reference> references = reference == null ? null : references(reference);
        PrintWriter err = command.commandLine().getErr();
        // a damaged run is left out with one line on stderr; the report of the others goes on
        java.util.function.Consumer<String> previous = StoreWarnings.routeTo(line -> {
            err.println(line);
            err.flush();
        });
        List<GroupRow> rows;
        Map<String, StudyColumns> columns;
        try {
            RunStore opened = RunStore.open(store);
            rows = filter.isEmpty() ? StudyReport.of(opened, study, conventions)
                    : StudyReport.of(RunSelection.records(opened, study, RunsFilter.parse(String.join(" ", filter))),
                            conventions);
            columns = StudyColumns.of(rows, opened);
        } finally {
            StoreWarnings.routeTo(previous);
        }
        PrintWriter out = command.commandLine().getOut();
        if (rows.isEmpty()) {
            command.commandLine().getErr().println("saturn report: no finished or running runs in " + store
                    + (study == null ? "" : " for study " + study) + (filter.isEmpty() ? "" : " matching the filter"));
            command.commandLine().getErr().flush();
            return 1;
        }
        List<ReferenceComparison.Row> compared = references == null ? null
                : ReferenceComparison.compare(rows, references, conventions);
        String report = json ? ReportFormats.json(rows, conventions, columns) : ReportFormats.table(rows, conventions, columns);
        if (compared != null) {
            report = json ? withField(report, "reference", ReferenceComparison.json(compared))
                    : report + "\n" + ReferenceComparison.table(compared);
        }
        out.print(report);
        if (!json) {
            out.print(RunSelection.tagLines(store, rows)); // saturn tag's tags and notes, when a run has some
        }
        out.flush();
        if (html != null) {
            String page = ReportFormats.html(rows, conventions, columns, new RunChanceLevels(() -> SpecSupport.checker().injector())::of);
            if (compared != null) {
                page = page.replace("</body></html>", ReferenceComparison.htmlSection(compared) + "</body></html>");
            }
            Files.writeString(html, page, StandardCharsets.UTF_8);
        }
        if (csv != null) {
            Files.writeString(csv, ReportFormats.csv(rows, conventions, columns), StandardCharsets.UTF_8);
            if (compared != null) {
                Files.writeString(referenceCsv(csv), ReferenceComparison.csv(compared), StandardCharsets.UTF_8);
            }
        }
        return 0;
    }

    private static List<ReferenceComparison.Reference> references(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no reference file " + file);
        }
        try {
            return ReferenceComparison.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException("the reference file " + file + " is not UTF-8 text");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    /** {@code out.csv} -> {@code out-reference.csv} beside it. */
    static Path referenceCsv(Path csv) {
        String name = csv.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(stem + "-reference.csv");
    }

    /** The report's JSON object with one more field at its end. */
    private static String withField(String object, String name, String value) {
        String trimmed = object.stripTrailing();
        if (!trimmed.endsWith("}")) {
            throw new IllegalStateException("the report's JSON is not an object");
        }
        return trimmed.substring(0, trimmed.length() - 1) + ",\"" + name + "\":" + value + "}\n";
    }
}
