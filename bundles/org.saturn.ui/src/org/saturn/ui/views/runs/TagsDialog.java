package org.saturn.ui.views.runs;

import java.util.List;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunTags;

/**
 * Tags ({@code key=value}, space-separated) and a note on one run, as {@code saturn tag} writes
 * them: into the run's {@code tags.json} sidecar, which workers never write, so a run may be
 * tagged while it trains. A malformed tag is named in the dialog, which then stays open.
 */
final class TagsDialog extends TitleAreaDialog {

    private final RunDirectory run;
    private Text tags;
    private Text note;

    TagsDialog(Shell parent, RunDirectory run) {
        super(parent);
        this.run = run;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Tags and Note of " + run.study() + "/" + run.runId());
        setMessage("Tags as key=value separated by spaces (filter the Runs view with tag.KEY=VALUE); "
                + "stored in the run's " + RunTags.FILE + ".");
        Composite fields = new Composite(area, SWT.NONE);
        fields.setLayout(new GridLayout(2, false));
        fields.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        RunTags current = RunTags.read(run.path());
        new Label(fields, SWT.NONE).setText("Tags:");
        tags = new Text(fields, SWT.BORDER | SWT.SINGLE);
        tags.setText(current.text());
        tags.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(fields, SWT.NONE).setText("Note:");
        note = new Text(fields, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
        note.setText(current.note() == null ? "" : current.note());
        GridData noteLayout = new GridData(SWT.FILL, SWT.FILL, true, true);
        noteLayout.heightHint = 80;
        noteLayout.widthHint = 420;
        note.setLayoutData(noteLayout);
        return area;
    }

    @Override
    protected void okPressed() {
        try {
            write(run, tags.getText(), note.getText());
            super.okPressed();
        } catch (IllegalArgumentException e) {
            setMessage(e.getMessage(), IMessageProvider.ERROR);
        }
    }

    /**
     * Replaces the run's tags and note: {@code tags} "key=value key2=value2" (quotes not needed
     * for values without spaces), {@code note} blank for none; a malformed tag is a clear error.
     */
    static RunTags write(RunDirectory run, String tags, String note) {
        List<String> assignments = tags.isBlank() ? List.of() : List.of(tags.strip().split("\\s+"));
        RunTags written = RunTags.NONE.with(assignments, List.of(), note.strip());
        written.write(run.path());
        return written;
    }
}
