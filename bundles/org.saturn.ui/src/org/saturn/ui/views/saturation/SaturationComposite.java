package org.saturn.ui.views.saturation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swtchart.LineStyle;
import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.report.ChartCsv;
import org.saturn.core.report.MetricSeries;
import org.saturn.core.report.RunCurves;
import org.saturn.core.report.SaturationCurves;
import org.saturn.core.report.SaturationProvider;
import org.saturn.core.report.SeedBand;
import org.saturn.ui.charts.AccuracyChart;
import org.saturn.ui.charts.ChartColours;
import org.saturn.ui.charts.ChartExport;
import org.saturn.ui.charts.ChartFiles;
import org.saturn.ui.charts.GapChart;
import org.saturn.ui.charts.LossChart;
import org.saturn.ui.charts.Overlay;
import org.saturn.ui.charts.SaturnChart;

/**
 * The Saturation picture: loss against the exact optimal loss, the gap on a log axis and the rule
 * accuracies over steps, for runs (one line each) and groups (seed mean, ±std band, faint members).
 * Only maps {@link SaturationCurves} to charts; loading is the view's business.
 */
public final class SaturationComposite extends Composite implements ChartFiles {

    /** The accuracy metrics shown by default, each with its own line style. */
    public static final List<String> DEFAULT_ACCURACIES = List.of("ood.R1", "id.R1", "ood.R2", "ood.finished");
    private static final LineStyle[] STYLES = { LineStyle.SOLID, LineStyle.DASH, LineStyle.DOT, LineStyle.DASHDOT };
    private static final String[] STYLE_NAMES = { "solid", "dashed", "dotted", "dash-dot" };
    private static final int LEGEND_LIMIT = 12;
    private static final int BAND_ALPHA = 60;
    private static final String CHANCE_NOTE = "uniform random tokens until EOS";

    private final Label status;
    private final LossChart loss;
    private final GapChart gap;
    private final AccuracyChart accuracy;
    private List<SaturationCurves> entries = List.of();
    private Map<String, Estimate> chance = Map.of();
    private List<String> accuracies = DEFAULT_ACCURACIES;
    private boolean showMembers = true;

    public SaturationComposite(Composite parent) {
        super(parent, SWT.NONE);
        setLayout(new GridLayout(1, false));
        status = new Label(this, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        SashForm charts = new SashForm(this, SWT.VERTICAL);
        charts.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        loss = new LossChart(charts);
        gap = new GapChart(charts);
        accuracy = new AccuracyChart(charts);
        // one legend for the three charts: the colours mean the same runs and groups in each
        loss.getLegend().setPosition(SWT.BOTTOM);
        gap.getLegend().setVisible(false);
        accuracy.getLegend().setVisible(false);
        charts.setWeights(40, 30, 30);
        show(List.of(), Map.of());
        setStatus("Select runs or groups in the Runs view, or choose a run store from this view's menu.");
    }

    public void setStatus(String text) {
        status.setText(text);
        layout(true);
    }

    public String status() {
        return status.getText();
    }

    public List<SaturnChart> charts() {
        return List.of(loss, gap, accuracy);
    }

    public LossChart lossChart() {
        return loss;
    }

    public GapChart gapChart() {
        return gap;
    }

    public AccuracyChart accuracyChart() {
        return accuracy;
    }

    public List<SaturationCurves> entries() {
        return entries;
    }

    public void setShowMembers(boolean show) {
        this.showMembers = show;
        show(entries, chance);
    }

    public boolean showMembers() {
        return showMembers;
    }

    /** At most four accuracy metrics (one line style each). */
    public void setAccuracies(List<String> metrics) {
        this.accuracies = List.copyOf(metrics.subList(0, Math.min(STYLES.length, metrics.size())));
        show(entries, chance);
    }

    public List<String> accuracies() {
        return accuracies;
    }

    /** Maps the entries to the three charts; {@code chanceLevels} by metric key (may be empty). */
    public void show(List<SaturationCurves> newEntries, Map<String, Estimate> chanceLevels) {
        this.entries = List.copyOf(newEntries);
        this.chance = Map.copyOf(chanceLevels);
        for (SaturnChart chart : charts()) {
            chart.suspendUpdate(true);
            chart.clear();
        }
        try {
            // few entries: a line each; many: one line style per group of seeds, named once in the legend.
            // Colours follow the group (the same in every view); runs of one group shown on their own
            // take darker shades of it.
            boolean byGroup = entries.size() > LEGEND_LIMIT;
            Set<String> named = new HashSet<>();
            Map<String, Integer> runsShown = new HashMap<>();
            for (SaturationCurves entry : entries) {
                String key = groupKey(entry);
                int index = colourIndex(entry);
                if (byGroup) {
                    boolean first = named.add(key) && named.size() <= LEGEND_LIMIT;
                    map(entry, index, ChartColours.colour(index),
                            first ? (entry.group() ? entry.label() : key + " (" + count(key) + " runs)") : null);
                } else if (entry.group()) {
                    map(entry, index, ChartColours.colour(index), entry.label());
                } else {
                    int member = runsShown.merge(key, 1, Integer::sum) - 1;
                    map(entry, index, ChartColours.shade(index, member), entry.label());
                }
            }
            referenceLines();
            chanceBands();
            accuracy.setTitles(accuracyTitle(), "Rule accuracies: " + shortStyles(), "Rule accuracies");
            loss.getAxisSet().adjustRange();
            loss.xAxis().adjustRange();
            accuracy.xAxis().adjustRange();
            if (gap.getSeriesSet().getSeries().length > 0) {
                gap.yAxis().enableLogScale(true); // every gap series is positive: the axis stays logarithmic
                gap.getAxisSet().adjustRange();
            }
        } finally {
            for (SaturnChart chart : charts()) {
                chart.suspendUpdate(false);
                chart.redraw();
            }
        }
        if (!entries.isEmpty()) {
            long groups = entries.stream().filter(SaturationCurves::group).count();
            List<String> parts = new ArrayList<>();
            if (entries.size() > groups) {
                parts.add((entries.size() - groups) + " run(s): one line each");
            }
            if (groups > 0) {
                parts.add(groups + " group(s) of seeds: mean line, ±1 std band" + (showMembers ? ", faint lines: the seeds" : ""));
            }
            setStatus(String.join("; ", parts) + (chance.isEmpty() ? "" : "; grey bands: chance levels (" + CHANCE_NOTE + ")"));
        }
    }

    private static String groupKey(SaturationCurves entry) {
        return entry.group() || entry.members().isEmpty() ? entry.label() : entry.members().get(0).group();
    }

    /** The entry's group colour: by the study and group of its first member. */
    private static int colourIndex(SaturationCurves entry) {
        if (entry.members().isEmpty()) {
            return ChartColours.groupIndex("", entry.label());
        }
        RunCurves first = entry.members().get(0);
        return ChartColours.groupIndex(first.run().study(), first.group());
    }

    private long count(String groupKey) {
        return entries.stream().filter(e -> groupKey(e).equals(groupKey)).count();
    }

    /**
     * Maps one entry: lines in {@code colour}, bands and faint members in palette colour
     * {@code index}; {@code legend} null keeps it out of the legend.
     */
    private void map(SaturationCurves entry, int index, Color colour, String legend) {
        if (entry.group()) {
            if (showMembers) {
                Color faint = ChartColours.faint(index, 0.65);
                for (RunCurves member : entry.members()) {
                    line(loss, null, member.series(SaturationProvider.TEST_LOSS), faint, 1, LineStyle.SOLID, false);
                    line(gap, null, member.series(SaturationProvider.GAP_PERCENT), faint, 1, LineStyle.SOLID, true);
                    for (int m = 0; m < accuracies.size(); m++) {
                        line(accuracy, null, member.series(accuracies.get(m)), faint, 1, STYLES[m], false);
                    }
                }
            }
            band(loss, entry.band(SaturationProvider.TEST_LOSS), index);
            band(gap, entry.band(SaturationProvider.GAP_PERCENT), index);
            mean(loss, legend, entry.band(SaturationProvider.TEST_LOSS), colour, LineStyle.SOLID, false);
            mean(loss, null, entry.band(SaturationProvider.TRAIN_LOSS), colour, LineStyle.DASH, false);
            mean(gap, legend, entry.band(SaturationProvider.GAP_PERCENT), colour, LineStyle.SOLID, true);
            // a band only for the first (main) metric: four overlapping bands per group would hide the lines
            if (!accuracies.isEmpty()) {
                band(accuracy, entry.band(accuracies.get(0)), index);
            }
            for (int m = 0; m < accuracies.size(); m++) {
                mean(accuracy, m == 0 ? legend : null, entry.band(accuracies.get(m)), colour, STYLES[m],
                        false);
            }
        } else {
            RunCurves run = entry.members().get(0);
            int width = entries.size() > LEGEND_LIMIT ? 1 : 2; // a hundred thick lines hide each other
            line(loss, legend, run.series(SaturationProvider.TEST_LOSS), colour, width, LineStyle.SOLID, false);
            line(loss, null, run.series(SaturationProvider.TRAIN_LOSS), colour, 1, LineStyle.DASH, false);
            line(gap, legend, run.series(SaturationProvider.GAP_PERCENT), colour, width, LineStyle.SOLID, true);
            for (int m = 0; m < accuracies.size(); m++) {
                line(accuracy, m == 0 ? legend : null, run.series(accuracies.get(m)), colour, width, STYLES[m], false);
            }
        }
    }

    /** One dashed black line per distinct optimal loss, named in the legend and labelled on the plot. */
    private void referenceLines() {
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        for (SaturationCurves entry : entries) {
            for (RunCurves member : entry.members()) {
                MetricSeries test = member.series(SaturationProvider.TEST_LOSS);
                if (test != null && test.size() > 0) {
                    first = Math.min(first, test.steps()[0]);
                    last = Math.max(last, test.steps()[test.size() - 1]);
                }
            }
        }
        if (first > last) {
            return;
        }
        TreeSet<Double> optima = new TreeSet<>();
        entries.stream().map(SaturationCurves::optimalLoss).filter(Double::isFinite).forEach(optima::add);
        for (double optimal : optima) {
            String text = String.format(Locale.ROOT, "exact optimal loss %.4f nats/token", optimal);
            loss.addLine(text, new double[] { first, last }, new double[] { optimal, optimal }, ChartColours.REFERENCE, 2,
                    LineStyle.DASH);
            loss.overlay().addLabel(new Overlay.Label(first, optimal, "optimal " + String.format(Locale.ROOT, "%.4f", optimal),
                    ChartColours.REFERENCE));
        }
    }

    /** Chance levels of the shown accuracies as grey bands (its 95% interval, or ±0.01 when exact). */
    private void chanceBands() {
        double first = accuracy.getSeriesSet().getSeries().length == 0 ? 0 : Double.POSITIVE_INFINITY;
        double last = first == 0 ? 1 : Double.NEGATIVE_INFINITY;
        for (var series : accuracy.getSeriesSet().getSeries()) {
            double[] x = series.getXSeries();
            if (x.length > 0) {
                first = Math.min(first, x[0]);
                last = Math.max(last, x[x.length - 1]);
            }
        }
        if (first > last || entries.isEmpty()) {
            return;
        }
        for (int m = 0; m < accuracies.size(); m++) {
            String metric = accuracies.get(m);
            Estimate level = chance.get(metric);
            if (level == null || !Double.isFinite(level.value())) {
                continue;
            }
            double low = level.exact() ? level.value() - 0.01 : level.low();
            double high = level.exact() ? level.value() + 0.01 : level.high();
            accuracy.overlay().addBand(new Overlay.Band(new double[] { first, last }, new double[] { low, low },
                    new double[] { high, high }, ChartColours.CHANCE, 90));
            // labels staggered along the x axis, so that close chance levels do not print over each other
            double labelX = first + (last - first) * (0.55 + 0.15 * m);
            accuracy.overlay().addLabel(new Overlay.Label(labelX, high, String.format(Locale.ROOT, "chance %s %.2f",
                    pretty(metric), level.value()), ChartColours.CHANCE));
        }
    }

    private String accuracyTitle() {
        List<String> parts = new ArrayList<>();
        for (int m = 0; m < accuracies.size(); m++) {
            parts.add(STYLE_NAMES[m] + ": " + pretty(accuracies.get(m)));
        }
        return "Rule accuracies over finished completions — " + String.join(", ", parts)
                + (chance.isEmpty() ? "" : "; grey: chance");
    }

    /** The line styles' key without words: "— OOD R1, - - ID R1, ··· OOD R2". */
    private String shortStyles() {
        String[] marks = { "—", "- -", "···", "-·-" };
        List<String> parts = new ArrayList<>();
        for (int m = 0; m < accuracies.size(); m++) {
            parts.add(marks[m] + " " + pretty(accuracies.get(m)));
        }
        return String.join(", ", parts);
    }

    /** {@code ood.R1} → {@code OOD R1}. */
    public static String pretty(String metric) {
        int dot = metric.indexOf('.');
        return dot < 0 ? metric : metric.substring(0, dot).toUpperCase(Locale.ROOT) + " " + metric.substring(dot + 1);
    }

    private static void line(SaturnChart chart, String legend, MetricSeries series, Color colour, int width, LineStyle style,
            boolean positiveOnly) {
        if (series == null || series.size() == 0) {
            return;
        }
        double[] x = series.steps();
        double[] y = series.values();
        if (positiveOnly) {
            int n = 0;
            double[] px = new double[x.length];
            double[] py = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                if (y[i] > 0 && Double.isFinite(y[i])) {
                    px[n] = x[i];
                    py[n++] = y[i];
                }
            }
            if (n == 0) {
                return;
            }
            x = Arrays.copyOf(px, n);
            y = Arrays.copyOf(py, n);
        }
        chart.addLine(legend, x, y, colour, width, style);
    }

    private static void mean(SaturnChart chart, String legend, SeedBand band, Color colour, LineStyle style, boolean positiveOnly) {
        if (band != null) {
            line(chart, legend, new MetricSeries(band.key(), band.steps(), band.mean()), colour, 2, style, positiveOnly);
        }
    }

    private static void band(SaturnChart chart, SeedBand band, int index) {
        if (band == null || band.size() == 0) {
            return;
        }
        double[] lower = new double[band.size()];
        double[] upper = new double[band.size()];
        for (int i = 0; i < band.size(); i++) {
            lower[i] = band.lower(i);
            upper[i] = band.upper(i);
        }
        chart.overlay().addBand(new Overlay.Band(band.steps(), lower, upper, ChartColours.colour(index), BAND_ALPHA));
    }

    @Override
    public void exportPng(Path file) throws IOException {
        ChartExport.png(charts(), file);
    }

    @Override
    public void exportSvg(Path file) throws IOException {
        ChartExport.svg(charts(), file);
    }

    @Override
    public void exportCsv(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, ChartCsv.saturation(entries), StandardCharsets.UTF_8);
    }
}
