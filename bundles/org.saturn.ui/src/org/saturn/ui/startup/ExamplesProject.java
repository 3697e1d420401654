package org.saturn.ui.startup;

import java.io.File;

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
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.WorkbenchException;

/**
 * First start of the product ({@code ./saturn workbench}): when {@code -Dsaturn.examples=DIR}
 * names a folder and the workspace has no project there yet, imports it as the project
 * {@code examples} and opens the Saturn perspective. Later starts leave the workspace as the
 * user left it.
 */
public final class ExamplesProject implements IStartup {

    public static final String PROPERTY = "saturn.examples";
    public static final String PERSPECTIVE = "org.saturn.ui.perspective";

    @Override
    public void earlyStartup() {
        String folder = System.getProperty(PROPERTY);
        if (folder == null || folder.isBlank() || !new File(folder).isDirectory()) {
            return;
        }
        try {
            if (importProject(new File(folder).getAbsoluteFile())) {
                PlatformUI.getWorkbench().getDisplay().asyncExec(ExamplesProject::openPerspective);
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

    private static void openPerspective() {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window == null) {
            return;
        }
        try {
            PlatformUI.getWorkbench().showPerspective(PERSPECTIVE, window);
        } catch (WorkbenchException e) {
            ILog.of(ExamplesProject.class).warn("Could not open the Saturn perspective: " + e.getMessage());
        }
    }
}
