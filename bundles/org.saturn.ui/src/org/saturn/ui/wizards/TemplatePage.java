package org.saturn.ui.wizards;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/** Which case study the new experiment starts from, with the template's own description. */
public final class TemplatePage extends WizardPage {

    private ExperimentTemplate selected = ExperimentTemplate.CASE_STUDY_1;
    private TableViewer templates;
    private Label description;

    TemplatePage() {
        super("template");
        setTitle("Template");
        setDescription("Start from one of the case studies (each one runs in minutes on a laptop CPU).");
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().applyTo(page);
        templates = new TableViewer(page, SWT.SINGLE | SWT.BORDER | SWT.FULL_SELECTION);
        templates.setContentProvider(ArrayContentProvider.getInstance());
        templates.setLabelProvider(LabelProvider.createTextProvider(t -> ((ExperimentTemplate) t).title()));
        templates.setInput(ExperimentTemplate.all());
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 90).applyTo(templates.getControl());
        description = new Label(page, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, true).hint(400, SWT.DEFAULT).applyTo(description);
        templates.addSelectionChangedListener(event -> {
            if (event.getStructuredSelection().getFirstElement() instanceof ExperimentTemplate template) {
                selected = template;
                description.setText(template.description());
                page.layout(true);
            }
        });
        templates.setSelection(new StructuredSelection(selected));
        setControl(page);
    }

    public ExperimentTemplate selected() {
        return selected;
    }

    /** Chooses the template as a click in the list would. */
    public void select(ExperimentTemplate template) {
        selected = template;
        if (templates != null && !templates.getControl().isDisposed()) {
            templates.setSelection(new StructuredSelection(template));
        }
    }
}
