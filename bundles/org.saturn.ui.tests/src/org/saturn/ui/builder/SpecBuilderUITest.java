package org.saturn.ui.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.ui.tests.NoErrorsLoggedExtension;

/** The project builder marks errors of specs that no editor has open, and clears them once fixed. */
@ExtendWith(NoErrorsLoggedExtension.class)
class SpecBuilderUITest {

    private static final String WRONG = "model Broken transformer { layers 2 dModel }\n"
            + "study S on NoSuchLanguage with NoSuchPrompts using NoSuchProtocol { models Broken }\n";
    private static final String RIGHT = "// nothing to train yet\n";

    @Test
    void aClosedSpecWithErrorsGetsErrorMarkers() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("builder-test");
        project.create(null);
        project.open(null);
        SaturnNature.addTo(project, null);
        try {
            assertTrue(project.hasNature(SaturnNature.ID));
            assertTrue(Arrays.stream(project.getDescription().getBuildSpec())
                    .anyMatch(command -> SpecBuilder.ID.equals(command.getBuilderName())), "the nature adds its builder");
            IFile spec = project.getFile("wrong.saturn");
            spec.create(new ByteArrayInputStream(WRONG.getBytes(StandardCharsets.UTF_8)), true, null);
            project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);

            for (IEditorReference editor : PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage()
                    .getEditorReferences()) {
                assertFalse(editor.getName().equals("wrong.saturn"), "the spec is not open");
            }
            IMarker[] markers = spec.findMarkers(SpecBuilder.MARKER_TYPE, true, IResource.DEPTH_ZERO);
            assertTrue(Arrays.stream(markers).anyMatch(m -> m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR
                    && m.getAttribute(IMarker.LINE_NUMBER, -1) >= 1 && !m.getAttribute(IMarker.MESSAGE, "").isBlank()),
                    "error markers with a line and a message: " + Arrays.toString(markers));
            // the platform's problem marker type covers them: they are rows of the Problems view
            assertTrue(project.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_INFINITE).length >= markers.length);

            spec.setContents(new ByteArrayInputStream(RIGHT.getBytes(StandardCharsets.UTF_8)), true, false, null);
            project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
            assertEquals(0, Arrays.stream(spec.findMarkers(SpecBuilder.MARKER_TYPE, true, IResource.DEPTH_ZERO))
                    .filter(m -> m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR).count(),
                    "a fixed spec has no error markers left");
        } finally {
            project.delete(true, true, null);
        }
    }
}
