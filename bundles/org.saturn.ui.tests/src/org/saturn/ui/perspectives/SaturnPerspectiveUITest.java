package org.saturn.ui.perspectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveDescriptor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.WorkbenchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.Screenshots;

@ExtendWith(NoErrorsLoggedExtension.class)
class SaturnPerspectiveUITest {

    @Test
    void saturnPerspectiveOpensAndBecomesActive() throws WorkbenchException {
        IWorkbench workbench = PlatformUI.getWorkbench();
        IPerspectiveDescriptor descriptor = workbench.getPerspectiveRegistry()
                .findPerspectiveWithId(SaturnPerspective.ID);
        assertNotNull(descriptor, "the Saturn perspective is registered");
        assertEquals("Saturn", descriptor.getLabel());

        IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
        workbench.showPerspective(SaturnPerspective.ID, window);
        IWorkbenchPage page = window.getActivePage();

        assertEquals(SaturnPerspective.ID, page.getPerspective().getId());
        assertNotNull(page.findView(IPageLayout.ID_PROJECT_EXPLORER), "Project Explorer is part of the layout");
        assertNotNull(page.findView(IPageLayout.ID_PROBLEM_VIEW), "Problems view is part of the layout");
        assertNotNull(page.findView(SaturnPerspective.RUNS_VIEW), "Runs view is part of the layout");
        assertNotNull(page.findView(SaturnPerspective.SATURATION_VIEW), "Saturation view is part of the layout");
        assertTrue(java.util.Arrays.asList(page.getNewWizardShortcuts()).contains(SaturnPerspective.NEW_EXPERIMENT_WIZARD),
                "File > New offers the New Saturn Experiment wizard");

        File screenshot = Screenshots.capture(window.getShell(), "saturn-perspective");
        assertTrue(screenshot.length() > 1000, "screenshot written: " + screenshot);
    }
}
