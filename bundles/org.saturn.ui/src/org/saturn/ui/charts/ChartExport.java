package org.saturn.ui.charts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Format;
import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ILineSeries.PlotSymbolType;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.LineStyle;

/**
 * Writes charts as they are shown: PNG from SWTChart's offscreen rendering, SVG redrawn from the
 * same series, bands, labels, axes and legend (vector, for papers). Several charts of one view are
 * stacked top to bottom into one file.
 */
public final class ChartExport {

    private ChartExport() {
    }

    public static void png(List<? extends SaturnChart> charts, Path file) throws IOException {
        int width = 0;
        int height = 0;
        for (SaturnChart chart : charts) {
            width = Math.max(width, chart.getSize().x);
            height += chart.getSize().y;
        }
        if (width <= 0 || height <= 0) {
            throw new IOException("the chart is not visible yet: open the view before exporting");
        }
        var display = charts.get(0).getDisplay();
        Image page = new Image(display, width, height);
        GC gc = new GC(page);
        try {
            gc.setBackground(ChartColours.WHITE);
            gc.fillRectangle(0, 0, width, height);
            int top = 0;
            for (SaturnChart chart : charts) {
                Point size = chart.getSize();
                Image image = new Image(display, size.x, size.y);
                try {
                    chart.renderOffscreenImage(image);
                    gc.drawImage(image, 0, top);
                } finally {
                    image.dispose();
                }
                top += size.y;
            }
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { page.getImageData() };
            Files.createDirectories(file.toAbsolutePath().getParent());
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            page.dispose();
        }
    }

    public static void svg(List<? extends SaturnChart> charts, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, svg(charts), StandardCharsets.UTF_8);
    }

    public static String svg(List<? extends SaturnChart> charts) {
        int width = 0;
        int height = 0;
        for (SaturnChart chart : charts) {
            width = Math.max(width, chart.getSize().x);
            height += chart.getSize().y;
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' font-family='sans-serif' font-size='11'>\n",
                width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width='%d' height='%d' fill='white'/>\n", width, height));
        int top = 0;
        int index = 0;
        for (SaturnChart chart : charts) {
            svg.append(String.format(Locale.ROOT, "<g transform='translate(0,%d)'>\n", top));
            chart(svg, chart, "c" + index++);
            svg.append("</g>\n");
            top += chart.getSize().y;
        }
        return svg.append("</svg>\n").toString();
    }

    private static void chart(StringBuilder svg, SaturnChart chart, String id) {
        Point size = chart.getSize();
        Rectangle plot = chart.getPlotArea().getBounds();
        IAxis x = chart.xAxis();
        IAxis y = chart.yAxis();
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='18' font-size='14' font-weight='bold' text-anchor='middle'>%s</text>\n",
                size.x / 2, escape(chart.getTitle().getText())));
        svg.append(String.format(Locale.ROOT, "<clipPath id='%s'><rect x='%d' y='%d' width='%d' height='%d'/></clipPath>\n", id,
                plot.x, plot.y, plot.width, plot.height));
        ticks(svg, x, plot, true);
        ticks(svg, y, plot, false);
        svg.append(String.format(Locale.ROOT, "<g clip-path='url(#%s)'>\n", id));
        for (Overlay.Band band : chart.overlay().bands()) {
            int[] polygon = Overlay.polygon(band, x, y);
            if (polygon.length >= 6) {
                svg.append("<polygon points='");
                for (int i = 0; i < polygon.length; i += 2) {
                    svg.append(plot.x + polygon[i]).append(',').append(plot.y + polygon[i + 1]).append(' ');
                }
                svg.append(String.format(Locale.ROOT, "' fill='%s' fill-opacity='%.2f' stroke='none'/>\n", hex(band.colour()),
                        band.alpha() / 255.0));
            }
        }
        for (ISeries<?> series : chart.getSeriesSet().getSeries()) {
            if (series instanceof ILineSeries<?> line && series.isVisible()) {
                series(svg, line, x, y, plot);
            }
        }
        for (Overlay.Label label : chart.overlay().labels()) {
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='%s'>%s</text>\n",
                    Math.min(plot.x + x.getPixelCoordinate(label.x()), plot.x + plot.width - 7 * label.text().length()),
                    plot.y + y.getPixelCoordinate(label.y()) - 3, hex(label.colour()), escape(label.text())));
        }
        svg.append("</g>\n");
        svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#333'/>\n", plot.x,
                plot.y, plot.width, plot.height));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' text-anchor='middle'>%s</text>\n",
                plot.x + plot.width / 2, Math.min(size.y - 4, plot.y + plot.height + 34), escape(x.getTitle().getText())));
        int middle = plot.y + plot.height / 2;
        svg.append(String.format(Locale.ROOT,
                "<text x='14' y='%d' font-size='12' text-anchor='middle' transform='rotate(-90 14 %d)'>%s</text>\n", middle,
                middle, escape(chart.fullYTitle()))); // a figure names its axis in full, whatever room the view had
        legend(svg, chart, plot);
    }

    private static void ticks(StringBuilder svg, IAxis axis, Rectangle plot, boolean horizontal) {
        Format format = axis.getTick().getFormat();
        for (double value : axis.getTick().getTickLabelValues()) {
            int pixel = axis.getPixelCoordinate(value);
            String text = format == null ? Double.toString(value) : format.format(value);
            if (horizontal) {
                int px = plot.x + pixel;
                svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#e1e1e1'/>", px, px, plot.y,
                        plot.y + plot.height));
                svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text>\n", px,
                        plot.y + plot.height + 14, escape(text)));
            } else {
                int py = plot.y + pixel;
                svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#e1e1e1'/>", plot.x,
                        plot.x + plot.width, py, py));
                svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>%s</text>\n", plot.x - 4, py + 4,
                        escape(text)));
            }
        }
    }

    private static void series(StringBuilder svg, ILineSeries<?> line, IAxis x, IAxis y, Rectangle plot) {
        double[] xs = line.getXSeries();
        double[] ys = line.getYSeries();
        boolean log = y.isLogScaleEnabled();
        String colour = hex(line.getLineColor());
        if (line.getLineStyle() != LineStyle.NONE && xs.length > 1) {
            svg.append("<polyline fill='none' stroke='").append(colour).append("' stroke-width='")
                    .append(line.getLineWidth()).append('\'').append(dashes(line.getLineStyle())).append(" points='");
            for (int i = 0; i < xs.length; i++) {
                if (Overlay.drawable(ys[i], log)) {
                    svg.append(plot.x + x.getPixelCoordinate(xs[i])).append(',').append(plot.y + y.getPixelCoordinate(ys[i]))
                            .append(' ');
                }
            }
            svg.append("'/>\n");
        }
        if (line.getSymbolType() != PlotSymbolType.NONE) {
            String fill = hex(line.getSymbolColor());
            int r = Math.max(2, line.getSymbolSize());
            for (int i = 0; i < xs.length; i++) {
                if (Overlay.drawable(ys[i], log)) {
                    int px = plot.x + x.getPixelCoordinate(xs[i]);
                    int py = plot.y + y.getPixelCoordinate(ys[i]);
                    if (line.getSymbolType() == PlotSymbolType.CROSS) {
                        svg.append(String.format(Locale.ROOT,
                                "<path d='M%d %dL%d %dM%d %dL%d %d' stroke='%s' stroke-width='2'/>\n", px - r, py - r, px + r,
                                py + r, px - r, py + r, px + r, py - r, fill));
                    } else {
                        svg.append(String.format(Locale.ROOT, "<circle cx='%d' cy='%d' r='%d' fill='%s'/>\n", px, py, r, fill));
                    }
                }
            }
        }
    }

    private static void legend(StringBuilder svg, SaturnChart chart, Rectangle plot) {
        if (!chart.getLegend().isVisible()) {
            return;
        }
        int left = plot.x + plot.width + 12;
        int row = 0;
        for (ISeries<?> series : chart.getSeriesSet().getSeries()) {
            if (!series.isVisibleInLegend() || !(series instanceof ILineSeries<?> line)) {
                continue;
            }
            int yy = plot.y + 12 + 16 * row++;
            if (line.getLineStyle() != LineStyle.NONE) {
                svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='%s' stroke-width='2'%s/>", left,
                        left + 18, yy - 4, yy - 4, hex(line.getLineColor()), dashes(line.getLineStyle())));
            } else {
                svg.append(String.format(Locale.ROOT, "<circle cx='%d' cy='%d' r='4' fill='%s'/>", left + 9, yy - 4,
                        hex(line.getSymbolColor())));
            }
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>%s</text>\n", left + 24, yy,
                    escape(SaturnChart.legendOf(series))));
        }
    }

    private static String dashes(LineStyle style) {
        return switch (style) {
            case DASH -> " stroke-dasharray='8,4'";
            case DOT -> " stroke-dasharray='2,3'";
            case DASHDOT -> " stroke-dasharray='8,3,2,3'";
            case DASHDOTDOT -> " stroke-dasharray='8,3,2,3,2,3'";
            default -> "";
        };
    }

    private static String hex(Color colour) {
        return colour == null ? "#000000"
                : String.format(Locale.ROOT, "#%02x%02x%02x", colour.getRed(), colour.getGreen(), colour.getBlue());
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
