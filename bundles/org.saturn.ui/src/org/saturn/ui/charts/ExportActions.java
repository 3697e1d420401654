package org.saturn.ui.charts;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IContributionManager;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

/** "Export PNG… / SVG… / CSV…" for a view's toolbar or menu, each asking for a file. */
public final class ExportActions {

    private interface Writer {
        void write(Path file) throws IOException;
    }

    private ExportActions() {
    }

    public static void contribute(IContributionManager manager, Shell shell, Exportable exportable) {
        manager.add(action(shell, exportable, "Export Chart as PNG…", "png", exportable::exportPng));
        manager.add(action(shell, exportable, "Export Chart as SVG…", "svg", exportable::exportSvg));
        manager.add(action(shell, exportable, "Export Data as CSV…", "csv", exportable::exportCsv));
    }

    private static Action action(Shell shell, Exportable exportable, String label, String extension, Writer writer) {
        return new Action(label) {
            @Override
            public void run() {
                FileDialog dialog = new FileDialog(shell, SWT.SAVE);
                dialog.setFilterExtensions(new String[] { "*." + extension });
                dialog.setFileName(exportable.exportName() + "." + extension);
                dialog.setOverwrite(true);
                String chosen = dialog.open();
                if (chosen == null) {
                    return;
                }
                try {
                    writer.write(Path.of(chosen));
                } catch (IOException | RuntimeException e) {
                    MessageDialog.openError(shell, "Export failed", "Cannot write " + chosen + ": " + e.getMessage());
                }
            }
        };
    }
}
