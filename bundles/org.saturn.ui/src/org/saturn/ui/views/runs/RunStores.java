package org.saturn.ui.views.runs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.saturn.ui.launch.StudyLaunchSettings;

/**
 * The run stores the Runs view shows: the {@code runs/} folder of every open project of the
 * workspace ({@code saturn run}'s default store is {@code runs/} next to the spec) and the store
 * of every "Saturn Study" launch configuration (its chosen folder, or {@code runs/} next to its spec).
 */
public final class RunStores {

    private RunStores() {
    }

    public static List<Path> discover() {
        Set<Path> stores = new LinkedHashSet<>();
        for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            if (project.isOpen() && project.getLocation() != null) {
                stores.add(project.getLocation().toFile().toPath().resolve("runs").normalize());
            }
        }
        ILaunchConfigurationType type = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(StudyLaunchSettings.TYPE_ID);
        try {
            for (ILaunchConfiguration configuration : DebugPlugin.getDefault().getLaunchManager()
                    .getLaunchConfigurations(type)) {
                try {
                    stores.add(StudyLaunchSettings.read(configuration).storeFolder());
                } catch (CoreException e) {
                    // a configuration whose spec is gone has no store to show
                }
            }
        } catch (CoreException e) {
            // no configurations readable: the projects' stores remain
        }
        return new ArrayList<>(stores);
    }
}
