package org.saturn.ui.views.incontext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ILineSeries.PlotSymbolType;
import org.eclipse.swtchart.LineStyle;
import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.report.IdentifiabilityProvider.Aggregate;
import org.saturn.ui.charts.AggregateChoice;
import org.saturn.ui.charts.ChartColours;
import org.saturn.ui.charts.ChartExport;
import org.saturn.ui.charts.ChartFiles;
import org.saturn.ui.charts.InContextChart;
import org.saturn.ui.charts.Overlay;

/**
 * The ICL-against-k picture: per group its mean accuracy on the context's task over seeds (line
 * with dots, ±std band), its accuracy on any task dotted, and the chance level per k dashed grey.
 * Only maps {@link InContextCurves} to the chart; loading is the view's business.
 */
public final class InContextComposite extends Composite implements ChartFiles {

    private static final int BAND_ALPHA = 50;

    private final Label status;
    private final AggregateChoice aggregateChoice;
    private final InContextChart chart;
    private List<InContextCurves> curves = List.of();
    private Runnable onAggregateChanged = () -> {
    };

    public InContextComposite(Composite parent) {
        super(parent, SWT.NONE);
        setLayout(new GridLayout(3, false));
        aggregateChoice = new AggregateChoice(this, () -> onAggregateChanged.run());
        status = new Label(this, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        chart = new InContextChart(this);
        chart.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        chart.getLegend().setPosition(SWT.BOTTOM);
        setStatus("Select groups or runs of an in-context study (case study 2) in the Runs view.");
    }

    public InContextChart chart() {
        return chart;
    }

    public void setStatus(String text) {
        status.setText(text);
        layout(true);
    }

    public String status() {
        return status.getText();
    }

    public List<InContextCurves> curves() {
        return curves;
    }

    /** Which value of a run's metric over its evaluations the chart shows. */
    public Aggregate aggregate() {
        return aggregateChoice.selected();
    }

    public void onAggregateChanged(Runnable listener) {
        this.onAggregateChanged = listener;
    }

    public void show(List<InContextCurves> newCurves) {
        this.curves = List.copyOf(newCurves);
        chart.suspendUpdate(true);
        try {
            chart.clear();
            int largest = 1;
            for (InContextCurves group : curves) {
                draw(group);
                largest = Math.max(largest, group.examples()[group.examples().length - 1]);
            }
            chanceLines();
            chart.showExamples(largest);
        } finally {
            chart.suspendUpdate(false);
            chart.redraw();
        }
        if (!curves.isEmpty()) {
            setStatus(String.format(Locale.ROOT, "%d group(s): solid = answers of the context's task (mean over seeds, "
                    + "band ±1 std), dotted = answers of any task, dashed grey = chance; %s", curves.size(),
                    aggregate().label()));
        }
    }

    private void draw(InContextCurves group) {
        int index = ChartColours.groupIndex(group.study(), group.group());
        Color colour = ChartColours.colour(index);
        double[] k = Arrays.stream(group.examples()).asDoubleStream().toArray();
        double[] mean = Arrays.stream(group.task()).mapToDouble(GroupSummary::mean).toArray();
        double[] lower = new double[k.length];
        double[] upper = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            double std = Double.isFinite(group.task()[i].std()) ? group.task()[i].std() : 0;
            // an accuracy stays within 0..1 whatever its spread
            lower[i] = Math.max(0, mean[i] - std);
            upper[i] = Math.min(1, mean[i] + std);
        }
        chart.overlay().addBand(new Overlay.Band(k, lower, upper, colour, BAND_ALPHA));
        ILineSeries<?> line = chart.addLine(group.label(), k, mean, colour, 2, LineStyle.SOLID);
        line.setSymbolType(PlotSymbolType.CIRCLE);
        line.setSymbolColor(colour);
        line.setSymbolSize(4);
        if (Arrays.stream(group.anyTask()).anyMatch(Double::isFinite)) {
            chart.addLine(null, k, group.anyTask(), colour, 1, LineStyle.DOT);
        }
    }

    /** One dashed grey line per distinct chance curve, named once in the legend and labelled once on the plot. */
    private void chanceLines() {
        List<double[]> drawn = new ArrayList<>();
        for (InContextCurves group : curves) {
            double[] chance = group.chance();
            if (Arrays.stream(chance).noneMatch(Double::isFinite) || drawn.stream().anyMatch(d -> same(d, chance))) {
                continue;
            }
            drawn.add(chance);
            double[] k = Arrays.stream(group.examples()).asDoubleStream().toArray();
            chart.addLine(drawn.size() == 1 ? "chance level" : null, k, chance, ChartColours.CHANCE, 2, LineStyle.DASH);
            // labels at different k when the curves differ, so that they never print over each other
            int at = Math.max(0, k.length - drawn.size());
            chart.overlay().addLabel(new Overlay.Label(k[at], chance[at], String.format(Locale.ROOT, "chance %.2f", chance[at]),
                    ChartColours.CHANCE));
        }
    }

    private static boolean same(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-9 && !(Double.isNaN(a[i]) && Double.isNaN(b[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void exportPng(Path file) throws IOException {
        ChartExport.png(List.of(chart), file);
    }

    @Override
    public void exportSvg(Path file) throws IOException {
        ChartExport.svg(List.of(chart), file);
    }

    /** One row per group and k: the numbers behind the chart. */
    @Override
    public void exportCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("study,group,label,k,n,mean,std,anyTask,chance\n");
        for (InContextCurves group : curves) {
            for (int i = 0; i < group.examples().length; i++) {
                GroupSummary task = group.task()[i];
                csv.append(String.join(",", quote(group.study()), quote(group.group()), quote(group.label()),
                        String.valueOf(group.examples()[i]), String.valueOf(task.n()), number(task.mean()), number(task.std()),
                        number(group.anyTask()[i]), number(group.chance()[i]))).append('\n');
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.valueOf(value) : "";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
