package org.saturn.ui.charts;

import java.io.IOException;
import java.nio.file.Path;

/** Chart(s) and data that can be written as PNG, SVG and CSV: a chart view's composite, and so the view. */
public interface ChartFiles {

    void exportPng(Path file) throws IOException;

    void exportSvg(Path file) throws IOException;

    void exportCsv(Path file) throws IOException;
}
