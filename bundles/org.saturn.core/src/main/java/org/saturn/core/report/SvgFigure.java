package org.saturn.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One SVG figure of the HTML report: a plot area with labelled ticks on both axes, data clipped to
 * it, and a legend in its own column to the right of the plot, so that no legend ever covers data.
 * Every mark a reader may want a number from carries an SVG {@code <title>}: browsers show it on
 * hover. Marks are tagged ({@code class="data"}, {@code class="legend-box"}, {@code class="tick-x"},
 * {@code class="tick-y"}) so that tests can check the geometry from the emitted SVG alone.
 */
final class SvgFigure {

    /** Okabe–Ito, the workbench's palette (charts/ChartColours): colour-blind safe, in the same order. */
    static final String[] PALETTE = { "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#785ef0",
            "#999999" };
    static final String CHANCE = "#9a9a9a";

    private static final int LEFT = 78;
    private static final int TOP = 14;
    private static final int PLOT_WIDTH = 470;
    private static final int PLOT_HEIGHT = 250;
    private static final int BOTTOM = 52;
    private static final int LEGEND_GAP = 18;
    private static final int LEGEND_LINE = 17;
    private static final double CHAR_WIDTH = 6.4; // of the 11px sans-serif legend text, generously
    private static final int LEGEND_MAX_CHARS = 40;

    private final String id;
    private final String xTitle;
    private final String yTitle;
    private double xMin = Double.POSITIVE_INFINITY;
    private double xMax = Double.NEGATIVE_INFINITY;
    private double yMin = Double.POSITIVE_INFINITY;
    private double yMax = Double.NEGATIVE_INFINITY;
    private final List<Mark> marks = new ArrayList<>();
    private final List<LegendEntry> legend = new ArrayList<>();
    private List<String> categories;
    private double fixedYMin = Double.NaN;
    private double fixedYMax = Double.NaN;

    /** A mark in data coordinates, drawn once the axes' ranges are known. */
    private interface Mark {
        void draw(StringBuilder svg);
    }

    private record LegendEntry(String colour, String label, String kind) {
    }

    /** @param id unique within the page (the clip path's id) */
    SvgFigure(String id, String xTitle, String yTitle) {
        this.id = id;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    /** Categories on the x axis (bar charts): category i sits at x = i, each labelled. */
    SvgFigure categories(List<String> names) {
        this.categories = List.copyOf(names);
        include(-0.5, Double.NaN);
        include(names.size() - 0.5, Double.NaN);
        return this;
    }

    /** A y range that data never widens (accuracies: 0 to 1; a band beyond it is clipped). */
    SvgFigure yRange(double min, double max) {
        fixedYMin = min;
        fixedYMax = max;
        return this;
    }

    /** Widens the axes' ranges to hold the point (NaN or infinite coordinates are ignored). */
    SvgFigure include(double x, double y) {
        if (Double.isFinite(x)) {
            xMin = Math.min(xMin, x);
            xMax = Math.max(xMax, x);
        }
        if (Double.isFinite(y)) {
            yMin = Math.min(yMin, y);
            yMax = Math.max(yMax, y);
        }
        return this;
    }

    boolean isEmpty() {
        return marks.isEmpty();
    }

    /** The mean as a line over the steps with its ±std band (a polygon), and a hover point per step. */
    void band(String colour, double[] xs, double[] mean, double[] lower, double[] upper, List<String> hovers) {
        List<double[]> edge = new ArrayList<>();
        List<double[]> centre = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(mean[i])) {
                include(xs[i], lower[i]);
                include(xs[i], upper[i]);
                include(xs[i], mean[i]);
                centre.add(new double[] { xs[i], mean[i], i });
            }
        }
        if (centre.isEmpty()) {
            return;
        }
        centre.forEach(p -> edge.add(new double[] { p[0], upper[(int) p[2]] }));
        for (int i = centre.size() - 1; i >= 0; i--) {
            edge.add(new double[] { centre.get(i)[0], lower[(int) centre.get(i)[2]] });
        }
        marks.add(svg -> {
            svg.append("<polygon class='data band' fill='").append(colour).append("' fill-opacity='0.18' stroke='none' points='");
            edge.forEach(p -> svg.append(px(p[0])).append(',').append(py(p[1])).append(' '));
            svg.append("'/>");
        });
        marks.add(svg -> {
            svg.append("<polyline class='data' fill='none' stroke='").append(colour).append("' stroke-width='2' points='");
            centre.forEach(p -> svg.append(px(p[0])).append(',').append(py(p[1])).append(' '));
            svg.append("'/>");
            // hover points: thinned so that a long run keeps the page small
            int every = Math.max(1, centre.size() / 120);
            for (int i = 0; i < centre.size(); i++) {
                if (i % every == 0 || i == centre.size() - 1) {
                    double[] p = centre.get(i);
                    svg.append("<circle class='data hover' cx='").append(px(p[0])).append("' cy='").append(py(p[1]))
                            .append("' r='3' fill='").append(colour).append("'><title>")
                            .append(ReportFormats.escape(hovers.get((int) p[2]))).append("</title></circle>");
                }
            }
        });
    }

    /** A horizontal line across the plot (an optimum, zero gap), with its value on hover. */
    void horizontal(double y, String colour, boolean dashed, String hover) {
        if (!Double.isFinite(y)) {
            return;
        }
        include(Double.NaN, y);
        marks.add(svg -> svg.append("<line class='data' x1='").append(LEFT).append("' x2='").append(LEFT + PLOT_WIDTH)
                .append("' y1='").append(py(y)).append("' y2='").append(py(y)).append("' stroke='").append(colour)
                .append("' stroke-width='1.5'").append(dashed ? " stroke-dasharray='6,4'" : "").append("><title>")
                .append(ReportFormats.escape(hover)).append("</title></line>"));
    }

    /** A horizontal band across the plot from {@code low} to {@code high} (a chance level's interval). */
    void horizontalBand(double low, double value, double high, String hover) {
        if (!Double.isFinite(value)) {
            return;
        }
        double lo = Double.isFinite(low) ? low : value;
        double hi = Double.isFinite(high) ? high : value;
        include(Double.NaN, lo);
        include(Double.NaN, hi);
        marks.add(svg -> {
            double top = Math.min(y(hi), y(value) - 1); // at least 2px tall: an exact level stays visible
            double height = Math.max(y(lo), y(value) + 1) - top;
            svg.append("<rect class='data chance' x='").append(LEFT).append("' y='").append(fmt(top))
                    .append("' width='").append(PLOT_WIDTH).append("' height='").append(fmt(height)).append("' fill='")
                    .append(CHANCE).append("' fill-opacity='0.3'><title>").append(ReportFormats.escape(hover))
                    .append("</title></rect>");
            svg.append("<line x1='").append(LEFT).append("' x2='").append(LEFT + PLOT_WIDTH).append("' y1='")
                    .append(py(value)).append("' y2='").append(py(value)).append("' stroke='").append(CHANCE)
                    .append("' stroke-dasharray='2,3'/>");
        });
    }

    /** A filled point with its value on hover. */
    void point(String colour, double x, double y, double radius, double opacity, String hover) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return;
        }
        include(x, y);
        marks.add(svg -> svg.append("<circle class='data' cx='").append(px(x)).append("' cy='").append(py(y))
                .append("' r='").append(fmt(radius)).append("' fill='").append(colour).append("' fill-opacity='")
                .append(fmt(opacity)).append("'><title>").append(ReportFormats.escape(hover)).append("</title></circle>"));
    }

    /**
     * A mean with error bars: vertical from {@code yLow} to {@code yHigh}, horizontal from {@code xLow}
     * to {@code xHigh} (NaN: none that way), capped, a diamond at the mean.
     */
    void errorBars(String colour, double x, double y, double xLow, double xHigh, double yLow, double yHigh, String hover) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return;
        }
        include(x, y);
        include(xLow, yLow);
        include(xHigh, yHigh);
        marks.add(svg -> {
            svg.append("<g class='data' stroke='").append(colour).append("' stroke-width='1.6'><title>")
                    .append(ReportFormats.escape(hover)).append("</title>");
            if (Double.isFinite(yLow) && Double.isFinite(yHigh)) {
                svg.append(segment(x(x), y(yLow), x(x), y(yHigh)))
                        .append(segment(x(x) - 5, y(yLow), x(x) + 5, y(yLow)))
                        .append(segment(x(x) - 5, y(yHigh), x(x) + 5, y(yHigh)));
            }
            if (Double.isFinite(xLow) && Double.isFinite(xHigh)) {
                svg.append(segment(x(xLow), y(y), x(xHigh), y(y)))
                        .append(segment(x(xLow), y(y) - 5, x(xLow), y(y) + 5))
                        .append(segment(x(xHigh), y(y) - 5, x(xHigh), y(y) + 5));
            }
            double cx = x(x);
            double cy = y(y);
            svg.append("<polygon fill='").append(colour).append("' stroke='#222' stroke-width='0.8' points='")
                    .append(fmt(cx)).append(',').append(fmt(cy - 6)).append(' ').append(fmt(cx + 6)).append(',')
                    .append(fmt(cy)).append(' ').append(fmt(cx)).append(',').append(fmt(cy + 6)).append(' ')
                    .append(fmt(cx - 6)).append(',').append(fmt(cy)).append("'/></g>");
        });
    }

    /** A short horizontal dash at category {@code x} (e.g. a group's exact optimum over its bar). */
    void dash(double x, double y, double width, String colour, String hover) {
        if (!Double.isFinite(y)) {
            return;
        }
        include(x, y);
        marks.add(svg -> svg.append("<line class='data' x1='").append(px(x - width / 2)).append("' x2='")
                .append(px(x + width / 2)).append("' y1='").append(py(y)).append("' y2='").append(py(y))
                .append("' stroke='").append(colour).append("' stroke-width='2' stroke-dasharray='5,3'><title>")
                .append(ReportFormats.escape(hover)).append("</title></line>"));
    }

    /** kind: {@code band}, {@code line}, {@code dashed}, {@code point}, {@code mean} or {@code chance}. */
    void legend(String colour, String label, String kind) {
        legend.add(new LegendEntry(colour, label, kind));
    }

    String svg() {
        if (!(xMin <= xMax)) {
            xMin = 0;
            xMax = 1;
        }
        if (!(yMin <= yMax)) {
            yMin = 0;
            yMax = 1;
        }
        if (!Double.isNaN(fixedYMin)) {
            yMin = fixedYMin;
            yMax = fixedYMax;
        }
        double[] xTicks = categories != null ? null : ticks(xMin, xMax);
        double[] yTicks = ticks(yMin, yMax);
        if (xTicks != null) {
            xMin = Math.min(xMin, xTicks[0]);
            xMax = Math.max(xMax, xTicks[xTicks.length - 1]);
        }
        yMin = Math.min(yMin, yTicks[0]);
        yMax = Math.max(yMax, yTicks[yTicks.length - 1]);
        int legendChars = legend.stream().mapToInt(e -> Math.min(LEGEND_MAX_CHARS, e.label().length())).max().orElse(0);
        int legendWidth = legend.isEmpty() ? 0 : (int) Math.ceil(36 + CHAR_WIDTH * legendChars);
        int legendHeight = legend.isEmpty() ? 0 : 8 + LEGEND_LINE * legend.size();
        int width = LEFT + PLOT_WIDTH + (legend.isEmpty() ? 20 : LEGEND_GAP + legendWidth + 4);
        int height = Math.max(TOP + PLOT_HEIGHT + BOTTOM, TOP + legendHeight + 4);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' "
                        + "font-family='sans-serif' style='background:#fff'>",
                width, height, width, height, width));
        svg.append("<defs><clipPath id='").append(id).append("'><rect x='").append(LEFT - 6).append("' y='").append(TOP - 6)
                .append("' width='").append(PLOT_WIDTH + 12).append("' height='").append(PLOT_HEIGHT + 12)
                .append("'/></clipPath></defs>");
        // grid and ticks
        for (double t : yTicks) {
            svg.append("<line x1='").append(LEFT).append("' x2='").append(LEFT + PLOT_WIDTH).append("' y1='").append(py(t))
                    .append("' y2='").append(py(t)).append("' stroke='#e4e4e4'/>");
            svg.append("<text class='tick-y' x='").append(LEFT - 6).append("' y='").append(fmt(y(t) + 4))
                    .append("' font-size='11' text-anchor='end'>").append(tickLabel(t, yTicks)).append("</text>");
        }
        if (categories != null) {
            for (int i = 0; i < categories.size(); i++) {
                svg.append("<text class='tick-x' x='").append(px(i)).append("' y='").append(TOP + PLOT_HEIGHT + 16)
                        .append("' font-size='11' text-anchor='middle'>")
                        .append(ReportFormats.escape(shorten(categories.get(i), PLOT_WIDTH / categories.size() / 6)))
                        .append("<title>").append(ReportFormats.escape(categories.get(i))).append("</title></text>");
            }
        } else {
            for (double t : xTicks) {
                svg.append("<line x1='").append(px(t)).append("' x2='").append(px(t)).append("' y1='").append(TOP)
                        .append("' y2='").append(TOP + PLOT_HEIGHT).append("' stroke='#f0f0f0'/>");
                svg.append("<text class='tick-x' x='").append(px(t)).append("' y='").append(TOP + PLOT_HEIGHT + 16)
                        .append("' font-size='11' text-anchor='middle'>").append(tickLabel(t, xTicks)).append("</text>");
            }
        }
        svg.append("<g clip-path='url(#").append(id).append(")'>");
        marks.forEach(mark -> mark.draw(svg));
        svg.append("</g>");
        // axes over the data's edges
        svg.append(segment(LEFT, TOP + PLOT_HEIGHT, LEFT + PLOT_WIDTH, TOP + PLOT_HEIGHT).replace("/>", " stroke='#333'/>"))
                .append(segment(LEFT, TOP, LEFT, TOP + PLOT_HEIGHT).replace("/>", " stroke='#333'/>"));
        svg.append("<text class='axis-title' x='").append(LEFT + PLOT_WIDTH / 2).append("' y='").append(TOP + PLOT_HEIGHT + 38)
                .append("' font-size='12' text-anchor='middle'>").append(ReportFormats.escape(xTitle)).append("</text>");
        int yMid = TOP + PLOT_HEIGHT / 2;
        svg.append("<text class='axis-title' x='14' y='").append(yMid).append("' font-size='12' transform='rotate(-90 14 ")
                .append(yMid).append(")' text-anchor='middle'>").append(ReportFormats.escape(shorten(yTitle, 44)))
                .append("<title>").append(ReportFormats.escape(yTitle)).append("</title></text>");
        appendLegend(svg, legendWidth, legendHeight);
        return svg.append("</svg>").toString();
    }

    private void appendLegend(StringBuilder svg, int legendWidth, int legendHeight) {
        if (legend.isEmpty()) {
            return;
        }
        int x = LEFT + PLOT_WIDTH + LEGEND_GAP;
        svg.append("<g class='legend'><rect class='legend-box' x='").append(x).append("' y='").append(TOP).append("' width='")
                .append(legendWidth).append("' height='").append(legendHeight)
                .append("' fill='#fff' stroke='#ccc'/>");
        for (int i = 0; i < legend.size(); i++) {
            LegendEntry entry = legend.get(i);
            int y = TOP + 4 + LEGEND_LINE * i + LEGEND_LINE / 2;
            String c = entry.colour();
            switch (entry.kind()) {
            case "band" -> svg.append("<rect x='").append(x + 6).append("' y='").append(y - 5).append("' width='20' height='10' fill='")
                    .append(c).append("' fill-opacity='0.18'/>").append(segment(x + 6, y, x + 26, y).replace("/>",
                            " stroke='" + c + "' stroke-width='2'/>"));
            case "chance" -> svg.append("<rect x='").append(x + 6).append("' y='").append(y - 5)
                    .append("' width='20' height='10' fill='").append(CHANCE).append("' fill-opacity='0.3'/>");
            case "dashed" -> svg.append(segment(x + 6, y, x + 26, y).replace("/>",
                    " stroke='" + c + "' stroke-width='1.5' stroke-dasharray='6,4'/>"));
            case "mean" -> svg.append("<polygon fill='").append(c).append("' stroke='#222' stroke-width='0.8' points='")
                    .append(x + 16).append(',').append(y - 5).append(' ').append(x + 21).append(',').append(y).append(' ')
                    .append(x + 16).append(',').append(y + 5).append(' ').append(x + 11).append(',').append(y).append("'/>");
            // a path, not a circle: circles are the runs (tests count them)
            case "point" -> svg.append("<path d='M").append(x + 12).append(' ').append(y)
                    .append(" a4,4 0 1,0 8,0 a4,4 0 1,0 -8,0' fill='").append(c).append("'/>");
            default -> svg.append(segment(x + 6, y, x + 26, y).replace("/>", " stroke='" + c + "' stroke-width='2'/>"));
            }
            svg.append("<text x='").append(x + 32).append("' y='").append(y + 4).append("' font-size='11'>")
                    .append(ReportFormats.escape(shorten(entry.label(), LEGEND_MAX_CHARS))).append("<title>")
                    .append(ReportFormats.escape(entry.label())).append("</title></text>");
        }
        svg.append("</g>");
    }

    private double x(double value) {
        return LEFT + PLOT_WIDTH * (value - xMin) / (xMax - xMin);
    }

    private double y(double value) {
        return TOP + PLOT_HEIGHT - PLOT_HEIGHT * (value - yMin) / (yMax - yMin);
    }

    private String px(double value) {
        return fmt(x(value));
    }

    private String py(double value) {
        return fmt(y(value));
    }

    private static String segment(double x1, double y1, double x2, double y2) {
        return "<line x1='" + fmt(x1) + "' y1='" + fmt(y1) + "' x2='" + fmt(x2) + "' y2='" + fmt(y2) + "'/>";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Round tick values (1, 2 or 5 × 10^k) covering [min, max]: 4 to 11 of them. */
    static double[] ticks(double min, double max) {
        if (max - min < 1e-12 * Math.max(1, Math.abs(max))) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.05;
            min -= pad;
            max += pad;
        }
        double raw = (max - min) / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double factor : new double[] { 1, 2, 5, 10 }) {
            step = factor * magnitude;
            if (step >= raw) {
                break;
            }
        }
        double first = Math.floor(min / step) * step;
        double last = Math.ceil(max / step) * step;
        int count = (int) Math.round((last - first) / step) + 1;
        double[] ticks = new double[count];
        for (int i = 0; i < count; i++) {
            ticks[i] = first + i * step;
            if (Math.abs(ticks[i]) < step * 1e-9) {
                ticks[i] = 0; // no "-0"
            }
        }
        return ticks;
    }

    /** A tick's label with as many decimals as the tick spacing needs; large or tiny values in short form. */
    static String tickLabel(double value, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : Math.abs(value);
        double largest = Math.max(Math.abs(ticks[0]), Math.abs(ticks[ticks.length - 1]));
        if (largest >= 1e5 || (largest > 0 && largest < 1e-3)) {
            return String.format(Locale.ROOT, "%.2g", value).replace("e+0", "e").replace("e-0", "e-");
        }
        int decimals = step <= 0 ? 0 : Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String shorten(String text, int chars) {
        int limit = Math.max(4, chars);
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
