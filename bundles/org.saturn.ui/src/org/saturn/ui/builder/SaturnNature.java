package org.saturn.ui.builder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.ICommand;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IProjectNature;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;

/** A project of Saturn specs: configuring it adds the {@link SpecBuilder} to the project's build. */
public final class SaturnNature implements IProjectNature {

    public static final String ID = "org.saturn.ui.nature";

    private IProject project;

    /** Adds the nature (and with it the builder) to an open project that lacks it. */
    public static void addTo(IProject project, IProgressMonitor monitor) throws CoreException {
        if (!project.isOpen() || project.hasNature(ID)) {
            return;
        }
        IProjectDescription description = project.getDescription();
        List<String> natures = new ArrayList<>(Arrays.asList(description.getNatureIds()));
        natures.add(ID);
        description.setNatureIds(natures.toArray(String[]::new));
        project.setDescription(description, monitor);
    }

    @Override
    public void configure() throws CoreException {
        IProjectDescription description = project.getDescription();
        ICommand[] commands = description.getBuildSpec();
        for (ICommand command : commands) {
            if (SpecBuilder.ID.equals(command.getBuilderName())) {
                return;
            }
        }
        ICommand builder = description.newCommand();
        builder.setBuilderName(SpecBuilder.ID);
        ICommand[] withBuilder = Arrays.copyOf(commands, commands.length + 1);
        withBuilder[commands.length] = builder;
        description.setBuildSpec(withBuilder);
        project.setDescription(description, null);
    }

    @Override
    public void deconfigure() throws CoreException {
        IProjectDescription description = project.getDescription();
        description.setBuildSpec(Arrays.stream(description.getBuildSpec())
                .filter(command -> !SpecBuilder.ID.equals(command.getBuilderName())).toArray(ICommand[]::new));
        project.setDescription(description, null);
        project.deleteMarkers(SpecBuilder.MARKER_TYPE, true, org.eclipse.core.resources.IResource.DEPTH_INFINITE);
    }

    @Override
    public IProject getProject() {
        return project;
    }

    @Override
    public void setProject(IProject project) {
        this.project = project;
    }
}
