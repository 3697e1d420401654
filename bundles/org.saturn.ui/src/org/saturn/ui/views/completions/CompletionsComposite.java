package org.saturn.ui.views.completions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.saturn.core.report.CompletionsProvider;
import org.saturn.core.report.CompletionsProvider.Page;
import org.saturn.core.report.CompletionsProvider.SetSummary;
import org.saturn.core.store.CompletionRow;
import org.saturn.ui.charts.ChartFiles;
import org.saturn.ui.charts.ProbabilityHeatMap;

/**
 * One evaluation step of one run: every prompt with its completion, which rules hold and whether it
 * finished, a per-set summary, and the next-token probabilities along the chosen row. A run without
 * completions shows a message saying so instead.
 */
public final class CompletionsComposite extends Composite implements ChartFiles {

    private final StackLayout stack = new StackLayout();
    private final Label empty;
    private final Composite content;
    private final Combo stepChoice;
    private final Label summary;
    private final Table table;
    private final ProbabilityHeatMap heatMap;
    private Page page;
    private LongConsumer onStepChosen = step -> {
    };

    public CompletionsComposite(Composite parent) {
        super(parent, SWT.NONE);
        setLayout(stack);
        empty = new Label(this, SWT.WRAP);
        content = new Composite(this, SWT.NONE);
        content.setLayout(new GridLayout(3, false));
        new Label(content, SWT.NONE).setText("Evaluation step:");
        stepChoice = new Combo(content, SWT.READ_ONLY);
        summary = new Label(content, SWT.NONE);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        SashForm split = new SashForm(content, SWT.VERTICAL);
        split.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        table = new Table(split, SWT.FULL_SELECTION | SWT.SINGLE | SWT.BORDER | SWT.V_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        heatMap = new ProbabilityHeatMap(split);
        split.setWeights(3, 2);
        stepChoice.addListener(SWT.Selection, e -> {
            if (page != null && stepChoice.getSelectionIndex() >= 0) {
                onStepChosen.accept(page.steps().get(stepChoice.getSelectionIndex()));
            }
        });
        table.addListener(SWT.Selection, e -> showHeatMap(table.getSelectionIndex()));
        showEmpty("Select a run in the Runs view (or another Saturn view) to see its completions.");
    }

    public void onStepChosen(LongConsumer listener) {
        this.onStepChosen = listener;
    }

    public void showEmpty(String message) {
        page = null;
        empty.setText(message);
        stack.topControl = empty;
        layout(true, true);
    }

    public boolean isEmptyState() {
        return stack.topControl == empty;
    }

    public String emptyMessage() {
        return empty.getText();
    }

    public Page page() {
        return page;
    }

    public Table table() {
        return table;
    }

    public ProbabilityHeatMap heatMap() {
        return heatMap;
    }

    public void show(Page newPage) {
        if (newPage.isEmpty()) {
            showEmpty("No completions recorded for " + newPage.run() + " yet: the engine writes "
                    + "completions/step-N.tsv at each evaluation. Runs trained before completions were recorded have none.");
            return;
        }
        page = newPage;
        stepChoice.setItems(newPage.steps().stream().map(s -> Long.toString(s)).toArray(String[]::new));
        stepChoice.select(newPage.steps().indexOf(newPage.step()));
        List<String> rules = newPage.rules();
        table.setRedraw(false);
        try {
            table.removeAll();
            for (TableColumn column : table.getColumns()) {
                column.dispose();
            }
            List<String> headers = new ArrayList<>(List.of("set", "prompt", "completion", "finished"));
            headers.addAll(rules);
            for (String header : headers) {
                TableColumn column = new TableColumn(table, SWT.LEFT);
                column.setText(header);
            }
            for (CompletionRow row : newPage.rows()) {
                TableItem item = new TableItem(table, SWT.NONE);
                List<String> cells = new ArrayList<>(List.of(row.set(), String.join(" ", row.prompt()),
                        row.completion().isEmpty() ? "(nothing)" : String.join(" ", row.completion()),
                        row.finished() ? "yes" : "no"));
                for (String rule : rules) {
                    Boolean holds = row.rules().get(rule);
                    cells.add(holds == null ? "" : holds ? "✓" : "✗");
                }
                item.setText(cells.toArray(String[]::new));
            }
            for (TableColumn column : table.getColumns()) {
                column.pack();
            }
        } finally {
            table.setRedraw(true);
        }
        summary.setText(summaryText(CompletionsProvider.summaries(newPage.rows())));
        stack.topControl = content;
        layout(true, true);
        table.select(0);
        showHeatMap(0);
    }

    /** Selects row {@code index} and shows its probabilities. */
    public void showHeatMap(int index) {
        if (page == null || index < 0 || index >= page.rows().size()) {
            heatMap.setInput(null, List.of(), 0, "");
            return;
        }
        table.select(index);
        CompletionRow row = page.rows().get(index);
        List<String> symbols = new ArrayList<>(row.prompt());
        symbols.addAll(row.completion());
        heatMap.setInput(CompletionsProvider.heatMap(row, page.vocabulary()), symbols, row.prompt().size(),
                String.format(Locale.ROOT, "Next-token probabilities (%s prompt): %s | %s", row.set(),
                        String.join(" ", row.prompt()), String.join(" ", row.completion())));
    }

    private static String summaryText(List<SetSummary> summaries) {
        List<String> parts = new ArrayList<>();
        for (SetSummary s : summaries) {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s: %d/%d finished", s.set(), s.finished(), s.rows()));
            s.ruleAccuracy().forEach((rule, accuracy) -> text.append(String.format(Locale.ROOT, ", %s %.2f", rule, accuracy)));
            parts.add(text.toString());
        }
        return String.join("   ·   ", parts) + "   (accuracies over finished completions)";
    }

    @Override
    public void exportPng(Path file) throws IOException {
        Point size = heatMap.getSize();
        if (size.x <= 0 || size.y <= 0) {
            throw new IOException("the heat map is not visible: open the view and choose a completion first");
        }
        Image image = new Image(getDisplay(), size.x, size.y);
        GC gc = new GC(image);
        try {
            heatMap.paint(gc, size.x, size.y);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            Files.createDirectories(file.toAbsolutePath().getParent());
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    @Override
    public void exportSvg(Path file) throws IOException {
        Point size = heatMap.getSize();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, heatMap.svg(Math.max(size.x, 200), Math.max(size.y, 120)), StandardCharsets.UTF_8);
    }

    /** The step's rows (set, prompt, completion, finished, one column per rule). */
    @Override
    public void exportCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder();
        if (page != null) {
            List<String> rules = page.rules();
            csv.append("step,set,prompt,completion,finished");
            rules.forEach(r -> csv.append(',').append(quote(r)));
            csv.append('\n');
            for (CompletionRow row : page.rows()) {
                csv.append(page.step()).append(',').append(quote(row.set())).append(',')
                        .append(quote(String.join(" ", row.prompt()))).append(',')
                        .append(quote(String.join(" ", row.completion()))).append(',').append(row.finished() ? 1 : 0);
                for (String rule : rules) {
                    Boolean holds = row.rules().get(rule);
                    csv.append(',').append(holds == null ? "" : holds ? "1" : "0");
                }
                csv.append('\n');
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
    }

    private static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
