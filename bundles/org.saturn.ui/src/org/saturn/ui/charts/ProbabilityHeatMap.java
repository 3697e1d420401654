package org.saturn.ui.charts;

import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.saturn.core.report.CompletionsProvider.HeatMap;

/**
 * Next-token probabilities along one prompt and its completion: columns are positions (the symbol
 * just read), rows the vocabulary, cells white (0) to dark blue (1) with the value printed; the
 * token actually generated next is outlined, and a line separates prompt from completion. SWTChart
 * 0.13 has no heat map, so this one canvas paints it (and writes the same picture as SVG).
 */
public class ProbabilityHeatMap extends Canvas {

    private static final int LEFT = 60;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    private HeatMap map;
    private int promptLength;
    private List<String> symbols = List.of();
    private String title = "";

    public ProbabilityHeatMap(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        setBackground(ChartColours.WHITE);
        addPaintListener(e -> paint(e.gc, getSize().x, getSize().y));
    }

    /** {@code symbols} = prompt then completion, {@code promptLength} of them the prompt. */
    public void setInput(HeatMap heatMap, List<String> promptAndCompletion, int promptSymbols, String heading) {
        this.map = heatMap;
        this.symbols = List.copyOf(promptAndCompletion);
        this.promptLength = promptSymbols;
        this.title = heading;
        redraw();
    }

    public HeatMap input() {
        return map;
    }

    public void paint(GC gc, int width, int height) {
        gc.setBackground(ChartColours.WHITE);
        gc.fillRectangle(0, 0, width, height);
        gc.setForeground(ChartColours.REFERENCE);
        if (map == null || map.isEmpty()) {
            gc.drawText(map == null ? "Select a completion to see its next-token probabilities."
                    : "This evaluation recorded no next-token probabilities for the selected completion.", 10, 10, true);
            return;
        }
        gc.drawText(title, LEFT, 6, true);
        Geometry g = geometry(width, height);
        for (int c = 0; c < g.columns; c++) {
            for (int r = 0; r < g.rows; r++) {
                double p = map.probabilities()[c][r];
                int x = LEFT + c * g.cellWidth;
                int y = TOP + r * g.cellHeight;
                gc.setBackground(shade(p));
                gc.fillRectangle(x, y, g.cellWidth, g.cellHeight);
                if (g.cellWidth >= 30 && g.cellHeight >= 14 && p >= 0.005) {
                    gc.setForeground(p > 0.5 ? ChartColours.WHITE : ChartColours.REFERENCE);
                    String text = String.format(Locale.ROOT, "%.2f", p);
                    Point extent = gc.textExtent(text);
                    gc.drawText(text, x + (g.cellWidth - extent.x) / 2, y + (g.cellHeight - extent.y) / 2, true);
                }
                if (r == generatedToken(c)) {
                    gc.setForeground(ChartColours.REFERENCE);
                    gc.setLineWidth(2);
                    gc.drawRectangle(x + 1, y + 1, g.cellWidth - 2, g.cellHeight - 2);
                    gc.setLineWidth(1);
                }
            }
        }
        gc.setForeground(ChartColours.REFERENCE);
        for (int r = 0; r < g.rows; r++) {
            String token = map.vocabulary().get(r);
            Point extent = gc.textExtent(token);
            gc.drawText(token, LEFT - extent.x - 6, TOP + r * g.cellHeight + (g.cellHeight - extent.y) / 2, true);
        }
        for (int c = 0; c < g.columns; c++) {
            String context = map.contexts().get(c);
            Point extent = gc.textExtent(context);
            gc.drawText(context, LEFT + c * g.cellWidth + (g.cellWidth - extent.x) / 2, TOP + g.rows * g.cellHeight + 4, true);
        }
        int boundary = LEFT + (promptLength + 1) * g.cellWidth;
        if (promptLength + 1 < g.columns) {
            gc.setLineWidth(2);
            gc.drawLine(boundary, TOP - 4, boundary, TOP + g.rows * g.cellHeight + 4);
            gc.setLineWidth(1);
        }
        gc.drawText("after symbol (| = end of prompt); outlined: the token generated", LEFT, height - 18, true);
    }

    /** The vocabulary index of the symbol generated after column {@code c}, or -1 for prompt positions. */
    int generatedToken(int column) {
        if (column < promptLength) {
            return -1;
        }
        String next = column < symbols.size() ? symbols.get(column) : "EOS";
        return map.vocabulary().indexOf(next);
    }

    private record Geometry(int columns, int rows, int cellWidth, int cellHeight) {
    }

    private Geometry geometry(int width, int height) {
        int columns = map.probabilities().length;
        int rows = map.vocabulary().size();
        int cellWidth = Math.max(4, Math.min(60, (width - LEFT - 10) / Math.max(1, columns)));
        int cellHeight = Math.max(4, Math.min(28, (height - TOP - BOTTOM) / Math.max(1, rows)));
        return new Geometry(columns, rows, cellWidth, cellHeight);
    }

    /** White to the palette's dark blue. */
    static Color shade(double p) {
        double t = Math.max(0, Math.min(1, p));
        return new Color((int) Math.round(255 - t * (255 - 8)), (int) Math.round(255 - t * (255 - 48)),
                (int) Math.round(255 - t * (255 - 107)));
    }

    /** The same picture as SVG. */
    public String svg(int width, int height) {
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='11'>\n"
                        + "<rect width='%d' height='%d' fill='white'/>\n", width, height, width, height));
        if (map == null || map.isEmpty()) {
            return svg.append("<text x='10' y='20'>no next-token probabilities</text>\n</svg>\n").toString();
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='18'>%s</text>\n", LEFT, ChartExport.escape(title)));
        Geometry g = geometry(width, height);
        for (int c = 0; c < g.columns; c++) {
            for (int r = 0; r < g.rows; r++) {
                double p = map.probabilities()[c][r];
                Color colour = shade(p);
                int x = LEFT + c * g.cellWidth;
                int y = TOP + r * g.cellHeight;
                svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='#%02x%02x%02x'%s>"
                        + "<title>%s after %s: %.4f</title></rect>\n", x, y, g.cellWidth, g.cellHeight, colour.getRed(),
                        colour.getGreen(), colour.getBlue(), r == generatedToken(c) ? " stroke='black' stroke-width='2'" : "",
                        ChartExport.escape(map.vocabulary().get(r)), ChartExport.escape(map.contexts().get(c)), p));
            }
        }
        for (int r = 0; r < g.rows; r++) {
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>%s</text>\n", LEFT - 6,
                    TOP + r * g.cellHeight + g.cellHeight / 2 + 4, ChartExport.escape(map.vocabulary().get(r))));
        }
        for (int c = 0; c < g.columns; c++) {
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text>\n",
                    LEFT + c * g.cellWidth + g.cellWidth / 2, TOP + g.rows * g.cellHeight + 16,
                    ChartExport.escape(map.contexts().get(c))));
        }
        return svg.append("</svg>\n").toString();
    }
}
