package org.saturn.ui.charts;

import java.text.Format;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ILineSeries.PlotSymbolType;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.ISeries.SeriesType;
import org.eclipse.swtchart.LineStyle;

/**
 * The look every Saturn chart shares (white background, light grid, legend at the bottom) and
 * the few series kinds they draw; each chart type is a subclass that only sets its title, axes
 * and formats.
 */
public abstract class SaturnChart extends Chart {

    private final Overlay overlay;
    private int seriesCount;
    private String[] titles = {};
    private String[] yTitles = {};

    protected SaturnChart(Composite parent, String title, String xTitle, String yTitle) {
        super(parent, SWT.NONE);
        setBackground(ChartColours.WHITE);
        setBackgroundInPlotArea(ChartColours.WHITE);
        getTitle().setForeground(ChartColours.REFERENCE);
        setTitles(title);
        // after the layout settles: a resize arrives in steps (a maximized view grows from its old size)
        addListener(SWT.Resize, e -> getDisplay().asyncExec(this::fitTitle));
        // and whenever it paints: a chart laid out while hidden gets no resize when it is shown
        addListener(SWT.Paint, e -> fitTitle());
        getLegend().setPosition(SWT.RIGHT);
        getLegend().setBackground(ChartColours.WHITE);
        for (IAxis axis : getAxisSet().getAxes()) {
            axis.getGrid().setForeground(ChartColours.GRID);
            axis.getTick().setForeground(ChartColours.REFERENCE);
            axis.getTitle().setForeground(ChartColours.REFERENCE);
        }
        xAxis().getTitle().setText(xTitle);
        setYTitles(yTitle);
        xAxis().getTick().setFormat(new TickFormat("#,##0"));
        overlay = new Overlay(this);
    }

    /**
     * The chart's title, longest first then shorter forms: the chart shows the longest that fits
     * its width (re-chosen on resize), and cuts the shortest with an ellipsis only when even that
     * does not fit, so a title never loses its beginning.
     */
    public void setTitles(String... longestFirst) {
        titles = longestFirst.clone();
        fitTitle();
    }

    /** The y axis title, longest first then shorter forms, fitted to the chart's height like the title. */
    public void setYTitles(String... longestFirst) {
        yTitles = longestFirst.clone();
        fitTitle();
    }

    /** The title in full (the longest form), whatever the chart shows now. */
    public String fullTitle() {
        return titles.length > 0 ? titles[0] : getTitle().getText();
    }

    /** The y axis title in full (the longest form), for exports: the view may show a shorter one. */
    public String fullYTitle() {
        return yTitles.length > 0 ? yTitles[0] : yAxis().getTitle().getText();
    }

    /**
     * Shows the longest title (and y-axis title) that fits the chart as it is now; sets a text only
     * when it changes, since each change lays the chart out and paints it again.
     */
    private void fitTitle() {
        if (isDisposed()) {
            return;
        }
        org.eclipse.swt.graphics.Rectangle area = getClientArea();
        if (yTitles.length > 0) {
            // the axis title runs along the plot: the chart's height less its title, legend and x axis
            String y = area.height == 0 ? yTitles[0] : fitting(yTitles, area.height - 110, yAxis().getTitle().getFont(), false);
            if (!y.equals(yAxis().getTitle().getText())) {
                yAxis().getTitle().setText(y);
            }
        }
        if (titles.length > 0) {
            String title = area.width == 0 ? titles[0] : fitting(titles, area.width - 16, getTitle().getFont(), true);
            if (!title.equals(getTitle().getText())) {
                getTitle().setText(title);
            }
        }
    }

    /**
     * The first candidate that fits {@code space} pixels in {@code font}; else the last, cut to fit
     * with an ellipsis when {@code cut} (a title keeps its beginning), or whole (an axis title).
     */
    private String fitting(String[] candidates, int space, org.eclipse.swt.graphics.Font font, boolean cut) {
        GC gc = new GC(this);
        try {
            if (font != null) {
                gc.setFont(font);
            }
            for (String candidate : candidates) {
                if (gc.textExtent(candidate).x <= space) {
                    return candidate;
                }
            }
            String shortest = candidates[candidates.length - 1];
            if (!cut) {
                return shortest;
            }
            int end = shortest.length();
            while (end > 1 && gc.textExtent(shortest.substring(0, end) + "…").x > space) {
                end--;
            }
            return shortest.substring(0, end) + "…";
        } finally {
            gc.dispose();
        }
    }

    public IAxis xAxis() {
        return getAxisSet().getXAxis(0);
    }

    public IAxis yAxis() {
        return getAxisSet().getYAxis(0);
    }

    public Overlay overlay() {
        return overlay;
    }

    protected void yFormat(Format format) {
        yAxis().getTick().setFormat(format);
    }

    /** Removes every series, band and label (before a new input is mapped). */
    public void clear() {
        for (ISeries<?> series : getSeriesSet().getSeries()) {
            getSeriesSet().deleteSeries(series.getId());
        }
        overlay.clear();
        seriesCount = 0;
    }

    /** A line without symbols; {@code legend} null keeps it out of the legend. */
    public ILineSeries<?> addLine(String legend, double[] x, double[] y, Color colour, int width, LineStyle style) {
        ILineSeries<?> series = (ILineSeries<?>) getSeriesSet().createSeries(SeriesType.LINE, "s" + seriesCount++);
        // y before x: SWTChart turns a log axis off when a series' other array is still empty
        series.setYSeries(y);
        series.setXSeries(x);
        series.setLineColor(colour);
        series.setLineWidth(width);
        series.setLineStyle(style);
        series.setSymbolType(PlotSymbolType.NONE);
        series.setAntialias(SWT.ON);
        series.setDescription(legend == null ? "" : legend);
        series.setVisibleInLegend(legend != null);
        return series;
    }

    /** Markers without a connecting line (scatter plots). */
    public ILineSeries<?> addPoints(String legend, double[] x, double[] y, Color colour, PlotSymbolType symbol, int size) {
        ILineSeries<?> series = addLine(legend, x, y, colour, 1, LineStyle.NONE);
        series.setSymbolType(symbol);
        series.setSymbolColor(colour);
        series.setSymbolSize(size);
        return series;
    }

    /** The legend text of a series (its description; SWTChart shows the id when there is none). */
    public static String legendOf(ISeries<?> series) {
        String description = series.getDescription();
        return description == null || description.isEmpty() ? series.getId() : description;
    }
}
