package org.saturn.ui.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.LaunchConfigurationDelegate;
import org.saturn.ui.preferences.SaturnPreferences;

/**
 * Launches a "Saturn Study": starts the engine's {@code saturn run --progress json} (or
 * {@code saturn slurm}) as a process of the launch. The engine starts one worker JVM per run
 * ({@code --workers} at a time); the Console shows its output, the Debug view the process, the
 * Progress view the per-run progress. Every problem is one clear message, never a stack trace.
 */
public final class SaturnLaunchDelegate extends LaunchConfigurationDelegate {

    /** The process attribute that names the run store the launch writes (the Runs view reads it). */
    public static final String ATTR_STORE = "org.saturn.ui.launch.storeFolder";

    @Override
    public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
            throws CoreException {
        StudyLaunchSettings settings = StudyLaunchSettings.read(configuration);
        String problem = settings.problem();
        if (problem != null) {
            throw StudyLaunchSettings.error(configuration.getName() + ": " + problem);
        }
        Path spec = settings.specFile();
        EngineLocator.EngineCommand engine = EngineLocator.locate(SaturnPreferences.current());
        List<String> command = new ArrayList<>(engine.command());
        command.addAll(StudyCommandLine.arguments(settings, spec));

        ProcessBuilder builder = new ProcessBuilder(command).directory(spec.getParent().toFile());
        builder.environment().putAll(engine.environment());
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process system;
        try {
            system = builder.start();
        } catch (IOException e) {
            throw StudyLaunchSettings.error("Could not start Saturn's engine (" + command.get(0) + "): " + e.getMessage());
        }
        Map<String, String> attributes = new HashMap<>();
        attributes.put(IProcess.ATTR_CMDLINE, StudyCommandLine.display(command));
        attributes.put(IProcess.ATTR_PROCESS_TYPE, "saturn");
        attributes.put(ATTR_STORE, settings.storeFolder().toString());
        attributes.put(DebugPlugin.ATTR_WORKING_DIRECTORY, spec.getParent().toString());
        String label = (settings.slurm() ? "saturn slurm " : "saturn run ") + spec.getFileName()
                + (settings.study().isBlank() ? "" : " --study " + settings.study()) + " (pid " + system.pid() + ")";
        StudyProcess process = new StudyProcess(launch, system, label, attributes);
        if (!settings.slurm()) {
            new StudyProgressJob("Saturn Study " + configuration.getName(), process).schedule();
        }
    }
}
