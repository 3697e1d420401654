package org.saturn.ui.charts;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;

/** A colour-blind-safe qualitative palette (Okabe–Ito) and the greys the charts share. */
public final class ChartColours {

    private static final RGB[] PALETTE = { new RGB(0, 114, 178), new RGB(213, 94, 0), new RGB(0, 158, 115),
            new RGB(204, 121, 167), new RGB(230, 159, 0), new RGB(86, 180, 233), new RGB(120, 94, 240),
            new RGB(153, 153, 153) };

    public static final Color REFERENCE = new Color(0, 0, 0);
    public static final Color CHANCE = new Color(150, 150, 150);
    public static final Color GRID = new Color(225, 225, 225);
    public static final Color WHITE = new Color(255, 255, 255);

    private ChartColours() {
    }

    public static RGB rgb(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /** Colours are plain values since SWT 3.115: nothing to dispose. */
    public static Color colour(int index) {
        RGB rgb = rgb(index);
        return new Color(rgb.red, rgb.green, rgb.blue);
    }

    /** The palette colour mixed with white: faint member runs behind their group's mean. */
    public static Color faint(int index, double whiteShare) {
        RGB rgb = rgb(index);
        return new Color(mix(rgb.red, whiteShare), mix(rgb.green, whiteShare), mix(rgb.blue, whiteShare));
    }

    private static int mix(int channel, double whiteShare) {
        return (int) Math.round(channel * (1 - whiteShare) + 255 * whiteShare);
    }
}
