package org.saturn.ui.startup;

import java.io.File;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.ILog;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.WorkbenchException;
import org.eclipse.ui.ide.IDE;

/**
 * First start of the product ({@code ./saturn workbench}): when {@code -Dsaturn.examples=DIR}
 * names a folder and the workspace has no project there yet, imports it as the project
 * {@code examples}, opens the Saturn perspective in a window that fills the screen and the quick
 * study in the editor. Later starts leave the workspace as the user left it.
 */
public final class ExamplesProject implements IStartup {

    public static final String PROPERTY = "saturn.examples";
    public static final String PERSPECTIVE = "org.saturn.ui.perspective";
    /** The spec a first start opens. */
    static final String FIRST_SPEC = "quick-study.saturn";

    @Override
    public void earlyStartup() {
        String folder = System.getProperty(PROPERTY);
        if (folder == null || folder.isBlank() || !new File(folder).isDirectory()) {
            return;
        }
        try {
            File examples = new File(folder).getAbsoluteFile();
            if (importProject(examples)) {
                PlatformUI.getWorkbench().getDisplay().asyncExec(() -> openPerspective(examples.getName()));
            }
        } catch (CoreException e) {
            ILog.of(ExamplesProject.class).warn("Could not import " + folder + " as a project: " + e.getMessage());
        }
    }

    /** Creates and opens the project (false when the workspace already has one at that folder). */
    static boolean importProject(File folder) throws CoreException {
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        IPath location = IPath.fromFile(folder);
        for (IProject existing : workspace.getRoot().getProjects()) {
            if (location.equals(existing.getLocation())) {
                if (!existing.isOpen()) {
                    existing.open(null);
                }
                org.saturn.ui.builder.SaturnNature.addTo(existing, null); // a workspace from before the builder
                return false;
            }
        }
        IProject project = workspace.getRoot().getProject(folder.getName());
        if (project.exists()) {
            return false;
        }
        IProjectDescription description = workspace.newProjectDescription(project.getName());
        if (!location.equals(workspace.getRoot().getLocation().append(folder.getName()))) {
            description.setLocation(location); // outside the workspace folder: link the project to it
        }
        project.create(description, null);
        project.open(null);
        // after open: a nature given at create is not configured, and its builder would never run
        org.saturn.ui.builder.SaturnNature.addTo(project, null);
        project.refreshLocal(IResource.DEPTH_INFINITE, null);
        return true;
    }

    private static void openPerspective(String projectName) {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window == null) {
            return;
        }
        try {
            PlatformUI.getWorkbench().showPerspective(PERSPECTIVE, window);
        } catch (WorkbenchException e) {
            ILog.of(ExamplesProject.class).warn("Could not open the Saturn perspective: " + e.getMessage());
        }
        IFile spec = ResourcesPlugin.getWorkspace().getRoot().getProject(projectName).getFile(FIRST_SPEC);
        firstStart(window, spec);
    }

    /**
     * What a first start shows: the window filling the screen (the platform's default is a third
     * of it, with the charts squeezed) and a spec open in the editor, so the workbench is never empty.
     */
    static void firstStart(IWorkbenchWindow window, IFile spec) {
        window.getShell().setMaximized(true);
        if (spec.exists() && window.getActivePage() != null) {
            try {
                IDE.openEditor(window.getActivePage(), spec);
            } catch (PartInitException e) {
                ILog.of(ExamplesProject.class).warn("Could not open " + spec.getFullPath() + ": " + e.getMessage());
            }
        }
    }
}
