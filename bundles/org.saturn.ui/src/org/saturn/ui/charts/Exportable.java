package org.saturn.ui.charts;

import java.io.IOException;
import java.nio.file.Path;

/** A view's chart(s) and data that can be written as PNG, SVG and CSV. */
public interface Exportable {

    /** The file name offered by the save dialogs, without extension. */
    String exportName();

    void exportPng(Path file) throws IOException;

    void exportSvg(Path file) throws IOException;

    void exportCsv(Path file) throws IOException;
}
