package org.saturn.ui.launch;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchShortcut;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;

/**
 * Run As → Saturn Study on a {@code .saturn} file or in its editor: reuses the file's
 * configuration, or creates one with the defaults (every study, runs/ next to the spec).
 */
public final class SaturnLaunchShortcut implements ILaunchShortcut {

    @Override
    public void launch(ISelection selection, String mode) {
        if (selection instanceof IStructuredSelection structured && structured.size() == 1) {
            IFile file = Adapters.adapt(structured.getFirstElement(), IFile.class);
            if (file != null) {
                launch(file, mode);
            }
        }
    }

    @Override
    public void launch(IEditorPart editor, String mode) {
        IFile file = Adapters.adapt(editor.getEditorInput(), IFile.class);
        if (file != null) {
            launch(file, mode);
        }
    }

    private void launch(IFile spec, String mode) {
        try {
            DebugUITools.launch(configurationFor(spec), mode);
        } catch (CoreException e) {
            ErrorDialog.openError(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "Saturn Study",
                    "Could not create the launch configuration of " + spec.getFullPath(), e.getStatus());
        }
    }

    /** The existing configuration of this spec (all studies, default store) or a new saved one. */
    public static ILaunchConfiguration configurationFor(IFile spec) throws CoreException {
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType type = manager.getLaunchConfigurationType(StudyLaunchSettings.TYPE_ID);
        String path = spec.getFullPath().toString();
        for (ILaunchConfiguration existing : manager.getLaunchConfigurations(type)) {
            if (path.equals(existing.getAttribute(StudyLaunchSettings.SPEC, ""))) {
                return existing;
            }
        }
        String name = manager.generateLaunchConfigurationName(spec.getFullPath().removeFileExtension().lastSegment());
        ILaunchConfigurationWorkingCopy copy = type.newInstance(null, name);
        StudyLaunchSettings.defaults(path).write(copy);
        copy.setMappedResources(new org.eclipse.core.resources.IResource[] { spec });
        return copy.doSave();
    }
}
