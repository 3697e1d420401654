package org.saturn.ui.charts;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.events.PaintEvent;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ICustomPaintListener;

/**
 * What SWTChart's line series cannot draw, painted behind the series of a chart's plot area:
 * translucent bands between two curves (seed ±std, chance levels) and text labels anchored at data
 * coordinates (the optimal-loss line's name). The SVG export reads the same bands and labels.
 */
public final class Overlay implements ICustomPaintListener {

    /** A filled region between {@code lower} and {@code upper} over {@code x}. */
    public record Band(double[] x, double[] lower, double[] upper, Color colour, int alpha) {
    }

    /** Text whose lower-left corner sits at ({@code x}, {@code y}) in data coordinates. */
    public record Label(double x, double y, String text, Color colour) {
    }

    private final Chart chart;
    private final List<Band> bands = new ArrayList<>();
    private final List<Label> labels = new ArrayList<>();

    public Overlay(Chart chart) {
        this.chart = chart;
        chart.getPlotArea().addCustomPaintListener(this);
    }

    public void clear() {
        bands.clear();
        labels.clear();
    }

    public void addBand(Band band) {
        bands.add(band);
    }

    public void addLabel(Label label) {
        labels.add(label);
    }

    public List<Band> bands() {
        return List.copyOf(bands);
    }

    public List<Label> labels() {
        return List.copyOf(labels);
    }

    @Override
    public boolean drawBehindSeries() {
        return true;
    }

    @Override
    public void paintControl(PaintEvent event) {
        IAxis x = chart.getAxisSet().getXAxis(0);
        IAxis y = chart.getAxisSet().getYAxis(0);
        GC gc = event.gc;
        int alpha = gc.getAlpha();
        for (Band band : bands) {
            int[] polygon = polygon(band, x, y);
            if (polygon.length >= 6) {
                gc.setAlpha(band.alpha());
                gc.setBackground(band.colour());
                gc.fillPolygon(polygon);
            }
        }
        gc.setAlpha(alpha);
        List<Rectangle> drawn = new ArrayList<>();
        for (Label label : labels) {
            gc.setForeground(label.colour());
            Point extent = gc.textExtent(label.text());
            int px = Math.max(2, Math.min(x.getPixelCoordinate(label.x()), event.width - extent.x - 4));
            Rectangle place = free(new Rectangle(px, y.getPixelCoordinate(label.y()) - extent.y - 1, extent.x, extent.y), drawn);
            drawn.add(place);
            gc.drawText(label.text(), place.x, place.y, SWT.DRAW_TRANSPARENT);
        }
    }

    /**
     * Where a label goes so that it never prints over one already drawn: its own place, else moved
     * up (then down) a line at a time until it is clear.
     */
    static Rectangle free(Rectangle wanted, List<Rectangle> drawn) {
        for (int shift = 0; shift <= 2 * drawn.size(); shift++) {
            int lines = (shift + 1) / 2 * (shift % 2 == 1 ? -1 : 1);
            Rectangle candidate = new Rectangle(wanted.x, wanted.y + lines * (wanted.height + 1), wanted.width, wanted.height);
            if (drawn.stream().noneMatch(candidate::intersects)) {
                return candidate;
            }
        }
        return wanted;
    }

    /** Upper edge left to right, then lower edge back; points that a log axis cannot show are skipped. */
    static int[] polygon(Band band, IAxis x, IAxis y) {
        List<Integer> points = new ArrayList<>();
        boolean log = y.isLogScaleEnabled();
        for (int i = 0; i < band.x().length; i++) {
            if (drawable(band.upper()[i], log) && drawable(band.lower()[i], log)) {
                points.add(x.getPixelCoordinate(band.x()[i]));
                points.add(y.getPixelCoordinate(band.upper()[i]));
            }
        }
        for (int i = band.x().length - 1; i >= 0; i--) {
            if (drawable(band.upper()[i], log) && drawable(band.lower()[i], log)) {
                points.add(x.getPixelCoordinate(band.x()[i]));
                points.add(y.getPixelCoordinate(band.lower()[i]));
            }
        }
        return points.stream().mapToInt(Integer::intValue).toArray();
    }

    static boolean drawable(double value, boolean log) {
        return Double.isFinite(value) && (!log || value > 0);
    }
}
