package org.saturn.ui.views.identifiability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swtchart.ILineSeries.PlotSymbolType;
import org.eclipse.swtchart.Range;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.report.ChartCsv;
import org.saturn.core.report.IdentifiabilityProvider;
import org.saturn.core.report.IdentifiabilityProvider.Aggregate;
import org.saturn.core.report.IdentifiabilityProvider.GroupPoints;
import org.saturn.core.report.IdentifiabilityProvider.RunPoint;
import org.saturn.core.report.IdentifiabilityProvider.Snapshot;
import org.saturn.core.store.RunDirectory;
import org.saturn.ui.charts.AggregateChoice;
import org.saturn.ui.charts.ChartColours;
import org.saturn.ui.charts.ChartExport;
import org.saturn.ui.charts.ChartFiles;
import org.saturn.ui.charts.IdentifiabilityChart;

/**
 * The non-identifiability scatter with its metric choices: one point per run, coloured by group,
 * group means as crosses, selected runs ringed; a click on a point reports its run.
 */
public final class IdentifiabilityComposite extends Composite implements ChartFiles {

    private static final int HIT_RADIUS = 8;

    private final Label status;
    private final Combo pictureChoice;
    private List<AxesPreset> pictures = List.of();
    private final Combo xChoice;
    private final Combo yChoice;
    private final AggregateChoice aggregateChoice;
    private final IdentifiabilityChart chart;
    private Snapshot snapshot;
    private List<GroupPoints> groups = List.of();
    private Set<RunDirectory> highlighted = Set.of();
    private Consumer<RunDirectory> onPointClicked = run -> {
    };

    public IdentifiabilityComposite(Composite parent) {
        super(parent, SWT.NONE);
        setLayout(new GridLayout(9, false));
        new Label(this, SWT.NONE).setText("picture:");
        pictureChoice = new Combo(this, SWT.READ_ONLY);
        pictureChoice.setToolTipText("The axes a case study asks for; x and y can then be changed one by one");
        new Label(this, SWT.NONE).setText("x:");
        xChoice = new Combo(this, SWT.READ_ONLY);
        new Label(this, SWT.NONE).setText("y:");
        yChoice = new Combo(this, SWT.READ_ONLY);
        aggregateChoice = new AggregateChoice(this, this::replot);
        status = new Label(this, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        chart = new IdentifiabilityChart(this);
        chart.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 9, 1));
        pictureChoice.addListener(SWT.Selection, e -> {
            int index = pictureChoice.getSelectionIndex();
            if (index >= 0 && index < pictures.size()) {
                setMetrics(pictures.get(index).x(), pictures.get(index).y());
            }
        });
        xChoice.addListener(SWT.Selection, e -> replot());
        yChoice.addListener(SWT.Selection, e -> replot());
        chart.getPlotArea().getControl().addListener(SWT.MouseDown, e -> {
            RunDirectory hit = runAt(e.x, e.y);
            if (hit != null) {
                onPointClicked.accept(hit);
            }
        });
        setStatus("Choose a run store from this view's menu, or select a run in the Runs view.");
    }

    public IdentifiabilityChart chart() {
        return chart;
    }

    public void setStatus(String text) {
        status.setText(text);
        layout(true);
    }

    public String status() {
        return status.getText();
    }

    public void onPointClicked(Consumer<RunDirectory> listener) {
        this.onPointClicked = listener;
    }

    public List<GroupPoints> groups() {
        return groups;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /**
     * A new store snapshot; keeps the chosen metrics when they still exist, else takes the store's
     * first picture (gap against OOD R1 where the runs have it).
     */
    public void show(Snapshot newSnapshot) {
        this.snapshot = newSnapshot;
        List<String> metrics = newSnapshot.metrics();
        pictures = AxesPreset.available(metrics);
        pictureChoice.setItems(pictures.stream().map(AxesPreset::name).toArray(String[]::new));
        AxesPreset preferred = pictures.isEmpty()
                ? new AxesPreset("", IdentifiabilityProvider.GAP_PERCENT, IdentifiabilityProvider.DEFAULT_Y)
                : pictures.get(0);
        choose(xChoice, metrics, preferred.x());
        choose(yChoice, metrics, preferred.y());
        replot();
    }

    /** Picks the axes' metrics (names as in {@link Snapshot#metrics()}). */
    public void setMetrics(String x, String y) {
        xChoice.select(Math.max(0, xChoice.indexOf(x)));
        yChoice.select(Math.max(0, yChoice.indexOf(y)));
        replot();
    }

    /** Picks one of the store's pictures by name ({@link AxesPreset#name()}); false when it has none such. */
    public boolean showPicture(String name) {
        for (AxesPreset preset : pictures) {
            if (preset.name().equals(name)) {
                setMetrics(preset.x(), preset.y());
                return true;
            }
        }
        return false;
    }

    /** The pictures the shown store's metrics allow, in the picture choice's order. */
    public List<AxesPreset> pictures() {
        return pictures;
    }

    public String xMetric() {
        return xChoice.getText();
    }

    public String yMetric() {
        return yChoice.getText();
    }

    public void highlight(Set<RunDirectory> runs) {
        this.highlighted = Set.copyOf(runs);
        replot();
    }

    /** The pixel centre of a run's point in the plot area, or null when it is not drawn. */
    public org.eclipse.swt.graphics.Point pixelOf(RunDirectory run) {
        for (GroupPoints group : groups) {
            for (RunPoint point : group.points()) {
                if (point.run().equals(run)) {
                    return new org.eclipse.swt.graphics.Point(chart.xAxis().getPixelCoordinate(point.x()),
                            chart.yAxis().getPixelCoordinate(point.y()));
                }
            }
        }
        return null;
    }

    /** The run whose point is nearest to the plot-area pixel, within a few pixels; else null. */
    public RunDirectory runAt(int px, int py) {
        RunDirectory best = null;
        double bestDistance = HIT_RADIUS;
        for (GroupPoints group : groups) {
            for (RunPoint point : group.points()) {
                double dx = chart.xAxis().getPixelCoordinate(point.x()) - px;
                double dy = chart.yAxis().getPixelCoordinate(point.y()) - py;
                double distance = Math.hypot(dx, dy);
                if (distance <= bestDistance) {
                    bestDistance = distance;
                    best = point.run();
                }
            }
        }
        return best;
    }

    private void replot() {
        if (snapshot == null || xChoice.getSelectionIndex() < 0 || yChoice.getSelectionIndex() < 0) {
            return;
        }
        String x = xChoice.getText();
        String y = yChoice.getText();
        int picture = indexOfPicture(x, y);
        if (picture >= 0) {
            pictureChoice.select(picture);
        } else {
            pictureChoice.deselectAll();
        }
        Aggregate aggregate = aggregateChoice.selected();
        groups = IdentifiabilityProvider.points(snapshot, x, y, aggregate);
        chart.suspendUpdate(true);
        chart.clear();
        int points = 0;
        // selected runs first: a larger black square behind the run's coloured dot reads as a ring
        List<double[]> ringed = new ArrayList<>();
        groups.forEach(group -> group.points().stream().filter(p -> highlighted.contains(p.run()))
                .forEach(p -> ringed.add(new double[] { p.x(), p.y() })));
        if (!ringed.isEmpty()) {
            chart.addPoints("selected run", ringed.stream().mapToDouble(p -> p[0]).toArray(),
                    ringed.stream().mapToDouble(p -> p[1]).toArray(), ChartColours.REFERENCE, PlotSymbolType.SQUARE, 8);
        }
        // groups that differ only in a varied parameter share model and regime: their labels then name the parameter
        Set<String> plain = new java.util.HashSet<>();
        boolean ambiguous = groups.stream().anyMatch(group -> !plain.add(group.label()));
        Map<String, String> labels = ambiguous ? distinguishingLabels() : Map.of();
        for (GroupPoints group : groups) {
            if (group.points().isEmpty()) {
                continue;
            }
            double[] xs = group.points().stream().mapToDouble(RunPoint::x).toArray();
            double[] ys = group.points().stream().mapToDouble(RunPoint::y).toArray();
            Color colour = ChartColours.group(group.points().get(0).run().study(), group.group());
            String label = labels.getOrDefault(group.group(), group.label());
            chart.addPoints(label + " (n=" + group.points().size() + ")", xs, ys, colour, PlotSymbolType.CIRCLE, 5);
            chart.addPoints(null, new double[] { group.x().mean() }, new double[] { group.y().mean() }, colour,
                    PlotSymbolType.CROSS, 9);
            points += xs.length;
        }
        chart.xAxis().getTitle().setText(axisTitle(x, aggregate));
        chart.yAxis().getTitle().setText(axisTitle(y, aggregate));
        chart.getAxisSet().adjustRange();
        range(chart.xAxis(), x, groups.stream().flatMap(g -> g.points().stream()).mapToDouble(RunPoint::x).toArray());
        range(chart.yAxis(), y, groups.stream().flatMap(g -> g.points().stream()).mapToDouble(RunPoint::y).toArray());
        chart.suspendUpdate(false);
        chart.redraw();
        setStatus(String.format(Locale.ROOT, "%d run(s) in %d group(s) of %s; click a point to select its run", points,
                groups.size(), snapshot.store().root()));
    }

    private Map<String, String> distinguishingLabels() {
        Map<String, String> plain = new java.util.LinkedHashMap<>();
        Map<String, org.saturn.core.results.RunRecord> records = new java.util.LinkedHashMap<>();
        for (GroupPoints group : groups) {
            plain.put(group.group(), group.label());
            group.points().stream().findFirst().map(p -> snapshot.records().get(p.run()))
                    .ifPresent(record -> records.put(group.group(), record));
        }
        return GroupLabels.distinguishing(plain, records);
    }

    /** The picture whose axes are these, or -1 (the combo then shows none). */
    private int indexOfPicture(String x, String y) {
        for (int i = 0; i < pictures.size(); i++) {
            if (pictures.get(i).x().equals(x) && pictures.get(i).y().equals(y)) {
                return i;
            }
        }
        return -1;
    }

    private static String axisTitle(String metric, Aggregate aggregate) {
        return AxesPreset.label(metric) + ", " + aggregate.label();
    }

    /** Accuracies on their whole 0–1 scale (how far apart runs are is the point); other metrics padded. */
    private static void range(org.eclipse.swtchart.IAxis axis, String metric, double[] values) {
        boolean accuracy = !metric.contains("loss") && !IdentifiabilityProvider.GAP_PERCENT.equals(metric)
                && !metric.startsWith(MetricKeys.HESSIAN) && values.length > 0
                && java.util.Arrays.stream(values).allMatch(v -> v >= 0 && v <= 1);
        if (accuracy) {
            axis.setRange(new Range(-0.05, 1.05));
        } else {
            pad(axis);
        }
    }

    /** A margin so that points on the range's edge are not cut in half. */
    private static void pad(org.eclipse.swtchart.IAxis axis) {
        Range range = axis.getRange();
        double margin = Math.max(1e-3, (range.upper - range.lower) * 0.06);
        axis.setRange(new Range(range.lower - margin, range.upper + margin));
    }

    private static void choose(Combo combo, List<String> items, String preferred) {
        String current = combo.getText();
        combo.setItems(items.toArray(String[]::new));
        int index = combo.indexOf(current.isEmpty() ? preferred : current);
        combo.select(index >= 0 ? index : Math.max(0, combo.indexOf(preferred)));
    }

    @Override
    public void exportPng(Path file) throws IOException {
        ChartExport.png(List.of(chart), file);
    }

    @Override
    public void exportSvg(Path file) throws IOException {
        ChartExport.svg(List.of(chart), file);
    }

    @Override
    public void exportCsv(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, ChartCsv.identifiability(groups, xChoice.getText(), yChoice.getText()), StandardCharsets.UTF_8);
    }
}
