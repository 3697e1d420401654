package org.saturn.ui.charts;

/** A view's chart(s) and data that can be written as PNG, SVG and CSV, under a name the save dialogs offer. */
public interface Exportable extends ChartFiles {

    /** The file name offered by the save dialogs, without extension. */
    String exportName();
}
