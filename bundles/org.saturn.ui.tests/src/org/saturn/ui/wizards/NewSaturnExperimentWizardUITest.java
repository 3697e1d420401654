package org.saturn.ui.wizards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.wizards.IWizardDescriptor;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.ui.editor.SaturnLanguage;
import org.saturn.ui.editor.SpecSnapshot;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.Screenshots;
import org.saturn.ui.tests.UiWait;

@ExtendWith(NoErrorsLoggedExtension.class)
class NewSaturnExperimentWizardUITest {

    private IProject project;

    @BeforeEach
    void createProject() throws CoreException {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("wizard-test");
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
    }

    @AfterEach
    void close() throws CoreException {
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
        project.delete(true, null);
    }

    @Test
    void theWizardIsUnderFileNewSaturn() {
        IWizardDescriptor descriptor = PlatformUI.getWorkbench().getNewWizardRegistry()
                .findWizard(NewSaturnExperimentWizard.ID);
        assertNotNull(descriptor, "registered as a New wizard");
        assertEquals("Saturn Experiment", descriptor.getLabel());
        assertEquals("Saturn", descriptor.getCategory().getLabel());
    }

    @Test
    void theWizardCreatesACaseStudyWithItsLibraryThatHasNoErrorsAndOpensIt() throws Exception {
        List<SpecSnapshot> snapshots = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.Consumer<SpecSnapshot> recorder = snapshots::add;
        SpecSnapshot.addListener(recorder);
        NewSaturnExperimentWizard wizard = new NewSaturnExperimentWizard();
        wizard.init(PlatformUI.getWorkbench(), new StructuredSelection(project));
        WizardDialog dialog = new WizardDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            wizard.filePage().setFileName("finetune");
            Screenshots.capture(dialog.getShell(), "wizard-file");
            dialog.showPage(wizard.templatePage());
            wizard.templatePage().select(ExperimentTemplate.CASE_STUDY_3);
            Screenshots.capture(dialog.getShell(), "wizard-template");
            assertTrue(wizard.canFinish(), "a folder, a name and a template: Finish is enabled");
            assertTrue(wizard.performFinish());
        } finally {
            dialog.close();
        }

        IFile file = project.getFile("finetune.saturn");
        assertTrue(file.exists(), "the .saturn extension is added to the name");
        assertEquals(ExperimentTemplate.CASE_STUDY_3.text(), read(file));
        assertTrue(project.getFile("stdlib.saturn").exists(), "the library it imports lies beside it");

        IEditorPart editor = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().getActiveEditor();
        assertEquals("finetune.saturn", editor.getEditorInput().getName(), "the new file is open in the editor");
        // the reconciler publishes its snapshot after it has written the markers
        long checked = UiWait.until(() -> snapshots.stream()
                .anyMatch(s -> s.text().equals(ExperimentTemplate.CASE_STUDY_3.text())), 3000);
        SpecSnapshot.removeListener(recorder);
        assertNotEquals(-1, checked, "the editor checked the new file");
        assertTrue(snapshots.stream().anyMatch(s -> s.outline().size() > 5), "a real spec was parsed");
        assertEquals(List.of(), problems(file, IMarker.SEVERITY_ERROR), "no error markers");
        Screenshots.capture(editor.getSite().getShell(), "wizard-created-file");
    }

    @Test
    void anExistingLibraryIsKeptAsItIs() throws Exception {
        IFile library = project.getFile("stdlib.saturn");
        String own = "// my own library\n";
        library.create(new ByteArrayInputStream(own.getBytes(StandardCharsets.UTF_8)), true, null);
        NewSaturnExperimentWizard.ensureStandardLibrary(project);
        assertEquals(own, read(library), "never overwritten");
    }

    @Test
    void everyTemplateValidatesWithoutErrorsBesideTheLibrary() throws Exception {
        NewSaturnExperimentWizard.ensureStandardLibrary(project);
        for (ExperimentTemplate template : ExperimentTemplate.all()) {
            IFile file = project.getFile(template.name() + ".saturn");
            URI uri = URI.createPlatformResourceURI(file.getFullPath().toString(), true);
            List<Issue> errors = SaturnLanguage.validate(SaturnLanguage.parse(template.text(), uri), () -> false)
                    .stream().filter(issue -> issue.getSeverity() == Severity.ERROR).toList();
            assertEquals(List.of(), errors, template.title());
            assertTrue(template.description().length() > 40, "a description to show: " + template.description());
        }
    }

    @Test
    void theTemplatesAreTheReducedCaseStudiesOfExamples() throws IOException {
        // target/screenshots of this test bundle → the repository's examples/
        Path examples = Paths.get(System.getProperty("saturn.screenshots", "target/screenshots")).toAbsolutePath()
                .getParent().getParent().getParent().getParent().resolve("examples");
        if (!Files.isDirectory(examples)) {
            return; // not run from the source tree: nothing to compare with
        }
        for (int study = 1; study <= 3; study++) {
            ExperimentTemplate template = ExperimentTemplate.values()[study - 1];
            assertEquals(Files.readString(examples.resolve("case-study-" + study + "-reduced.saturn")), template.text(),
                    "templates/ " + template.bundlePath() + " is a copy of examples/case-study-" + study
                            + "-reduced.saturn");
        }
    }

    private static String read(IFile file) throws CoreException, IOException {
        try (var in = file.getContents()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<IMarker> problems(IFile file, int severity) throws CoreException {
        return Arrays.stream(file.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_ZERO))
                .filter(m -> m.getAttribute(IMarker.SEVERITY, -1) == severity).toList();
    }
}
