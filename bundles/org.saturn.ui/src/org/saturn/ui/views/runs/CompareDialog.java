package org.saturn.ui.views.runs;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.saturn.core.export.RunDiff;

/**
 * The Runs view's Compare: {@code saturn diff}'s table of the selected runs (config keys that
 * differ, environment differences, every metric's summaries side by side), in a window that does
 * not block the workbench, so the runs' curves can be looked at beside it.
 */
final class CompareDialog extends Dialog {

    private final RunDiff diff;
    private Text table;

    CompareDialog(Shell parent, RunDiff diff) {
        super(parent);
        this.diff = diff;
        setShellStyle(SWT.DIALOG_TRIM | SWT.RESIZE | SWT.MODELESS);
        setBlockOnOpen(false);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Compare " + diff.runs().size() + " Runs");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        table = new Text(area, SWT.MULTI | SWT.READ_ONLY | SWT.H_SCROLL | SWT.V_SCROLL | SWT.BORDER);
        table.setFont(JFaceResources.getTextFont());
        table.setText(diff.table());
        GridData layout = new GridData(SWT.FILL, SWT.FILL, true, true);
        layout.widthHint = 900;
        layout.heightHint = 480;
        table.setLayoutData(layout);
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        close();
    }

    /** The table as shown. */
    String text() {
        return table.getText();
    }
}
