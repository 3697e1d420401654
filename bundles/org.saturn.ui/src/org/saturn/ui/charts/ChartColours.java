package org.saturn.ui.charts;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;

/**
 * A colour-blind-safe qualitative palette (Okabe–Ito) and the greys the charts share. A group of
 * runs keeps one palette entry in every view ({@link #groupIndex}): assigned the first time any
 * view shows the group, so the same group is never blue in one chart and orange in another.
 */
public final class ChartColours {

    private static final RGB[] PALETTE = { new RGB(0, 114, 178), new RGB(213, 94, 0), new RGB(0, 158, 115),
            new RGB(204, 121, 167), new RGB(230, 159, 0), new RGB(86, 180, 233), new RGB(120, 94, 240),
            new RGB(153, 153, 153) };

    public static final Color REFERENCE = new Color(0, 0, 0);
    public static final Color CHANCE = new Color(150, 150, 150);
    public static final Color GRID = new Color(225, 225, 225);
    public static final Color WHITE = new Color(255, 255, 255);

    /** Palette index by group identity (study and group), in the order the session first showed them. */
    private static final Map<String, Integer> GROUP_INDEX = new HashMap<>();

    private ChartColours() {
    }

    /**
     * The palette index of a group, the same in every view for the rest of the session: the next
     * unused entry the first time a view shows it (wrapping after the palette's eight colours).
     */
    public static synchronized int groupIndex(String study, String group) {
        return GROUP_INDEX.computeIfAbsent(study + "\u0000" + group, key -> GROUP_INDEX.size());
    }

    /** The colour of a group ({@link #groupIndex}). */
    public static Color group(String study, String group) {
        return colour(groupIndex(study, group));
    }

    /**
     * The group's colour for its {@code member}-th run shown on its own: the group's hue, each
     * further run darker, so seeds of one group stay apart yet read as one family.
     */
    public static Color shade(int index, int member) {
        RGB rgb = rgb(index);
        double keep = 1 - 0.28 * Math.min(member, 3);
        return new Color((int) Math.round(rgb.red * keep), (int) Math.round(rgb.green * keep), (int) Math.round(rgb.blue * keep));
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
