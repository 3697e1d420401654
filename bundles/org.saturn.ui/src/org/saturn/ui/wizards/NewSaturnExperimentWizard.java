package org.saturn.ui.wizards;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.dialogs.WizardNewFileCreationPage;
import org.eclipse.ui.ide.IDE;
import org.saturn.dsl.scoping.SaturnImportResolver;

/**
 * File → New → Saturn Experiment: a .saturn file started from one of the case studies, with the
 * standard library it imports placed beside it (so the folder is self-contained and the imports
 * can be read and changed), opened in the editor.
 */
public final class NewSaturnExperimentWizard extends Wizard implements INewWizard {

    /** The wizard's id (plugin.xml), for New-menu shortcuts. */
    public static final String ID = "org.saturn.ui.wizards.newExperiment";

    static final String STDLIB = "stdlib.saturn";

    private IWorkbench workbench;
    private IStructuredSelection selection;
    private FilePage filePage;
    private TemplatePage templatePage;
    private IFile created;

    public NewSaturnExperimentWizard() {
        setWindowTitle("New Saturn Experiment");
        setNeedsProgressMonitor(false);
    }

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        this.workbench = workbench;
        this.selection = selection;
    }

    @Override
    public void addPages() {
        filePage = new FilePage(selection);
        templatePage = new TemplatePage();
        addPage(filePage);
        addPage(templatePage);
    }

    /** The file page's fields, for callers that fill the wizard in (tests, shortcuts). */
    public WizardNewFileCreationPage filePage() {
        return filePage;
    }

    public TemplatePage templatePage() {
        return templatePage;
    }

    /** The file the last Finish created, or null. */
    public IFile createdFile() {
        return created;
    }

    @Override
    public boolean performFinish() {
        IFile file = filePage.createNewFile();
        if (file == null) {
            return false; // the page has shown why
        }
        try {
            ensureStandardLibrary(file.getParent());
            org.saturn.ui.builder.SaturnNature.addTo(file.getProject(), null); // the Problems view lists its errors
        } catch (CoreException | IOException e) {
            MessageDialog.openError(getShell(), "New Saturn Experiment",
                    "Created " + file.getFullPath() + ", but could not add " + STDLIB + " beside it: " + e.getMessage());
        }
        created = file;
        IWorkbenchPage page = workbench == null || workbench.getActiveWorkbenchWindow() == null ? null
                : workbench.getActiveWorkbenchWindow().getActivePage();
        if (page != null) {
            try {
                IDE.openEditor(page, file);
            } catch (PartInitException e) {
                MessageDialog.openError(getShell(), "New Saturn Experiment",
                        "Created " + file.getFullPath() + ", but could not open it: " + e.getMessage());
            }
        }
        return true;
    }

    /** Copies the language's bundled stdlib.saturn into the folder unless one is there (never overwrites). */
    static void ensureStandardLibrary(IContainer container) throws CoreException, IOException {
        IFile library = container.getFile(new org.eclipse.core.runtime.Path(STDLIB));
        if (library.exists()) {
            return;
        }
        URI bundled = SaturnImportResolver.bundled(STDLIB);
        if (bundled == null) {
            throw new IOException("the Saturn language has no bundled " + STDLIB);
        }
        try (InputStream in = new URL(bundled.toString()).openStream()) {
            library.create(in, false, null);
        }
    }

    private final class FilePage extends WizardNewFileCreationPage {

        FilePage(IStructuredSelection selection) {
            super("file", selection == null ? org.eclipse.jface.viewers.StructuredSelection.EMPTY : selection);
            setTitle("Saturn Experiment");
            setDescription("Choose the folder and the name of the new experiment spec.");
            setFileName("experiment.saturn");
            setFileExtension("saturn");
        }

        @Override
        protected InputStream getInitialContents() {
            return new ByteArrayInputStream(templatePage.selected().text().getBytes(StandardCharsets.UTF_8));
        }
    }
}
