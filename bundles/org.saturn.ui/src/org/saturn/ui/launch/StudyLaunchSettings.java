package org.saturn.ui.launch;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.saturn.ui.preferences.SaturnPreferences;

/**
 * What a "Saturn Study" launch configuration holds: the spec, which runs, how to train them
 * (backend, workers) and where (store; or a Slurm cluster). Immutable; read from and written
 * to launch configurations.
 */
public record StudyLaunchSettings(String spec, String study, String only, String backend, int workers, String store,
        boolean slurm, String partition, String time, int cpusPerTask, int gpus) {

    public static final String TYPE_ID = "org.saturn.ui.launch.study";

    private static final String PREFIX = "org.saturn.ui.launch.";
    public static final String SPEC = PREFIX + "spec";
    public static final String STUDY = PREFIX + "study";
    public static final String ONLY = PREFIX + "only";
    public static final String BACKEND = PREFIX + "backend";
    public static final String WORKERS = PREFIX + "workers";
    public static final String STORE = PREFIX + "store";
    public static final String SLURM = PREFIX + "slurm";
    public static final String PARTITION = PREFIX + "partition";
    public static final String TIME = PREFIX + "time";
    public static final String CPUS_PER_TASK = PREFIX + "cpusPerTask";
    public static final String GPUS = PREFIX + "gpus";

    /** Workers of a new configuration: Window > Preferences > Saturn (built in: one per core, at most 4). */
    public static int defaultWorkers() {
        return SaturnPreferences.current().workers();
    }

    public static StudyLaunchSettings defaults(String spec) {
        return new StudyLaunchSettings(spec, "", "", "cpu", defaultWorkers(), "", false, "", "", 1, 0);
    }

    public static StudyLaunchSettings read(ILaunchConfiguration configuration) throws CoreException {
        return new StudyLaunchSettings(configuration.getAttribute(SPEC, ""), configuration.getAttribute(STUDY, ""),
                configuration.getAttribute(ONLY, ""), configuration.getAttribute(BACKEND, "cpu"),
                configuration.getAttribute(WORKERS, defaultWorkers()), configuration.getAttribute(STORE, ""),
                configuration.getAttribute(SLURM, false), configuration.getAttribute(PARTITION, ""),
                configuration.getAttribute(TIME, ""), configuration.getAttribute(CPUS_PER_TASK, 1),
                configuration.getAttribute(GPUS, 0));
    }

    public void write(ILaunchConfigurationWorkingCopy configuration) {
        configuration.setAttribute(SPEC, spec);
        configuration.setAttribute(STUDY, study);
        configuration.setAttribute(ONLY, only);
        configuration.setAttribute(BACKEND, backend);
        configuration.setAttribute(WORKERS, workers);
        configuration.setAttribute(STORE, store);
        configuration.setAttribute(SLURM, slurm);
        configuration.setAttribute(PARTITION, partition);
        configuration.setAttribute(TIME, time);
        configuration.setAttribute(CPUS_PER_TASK, cpusPerTask);
        configuration.setAttribute(GPUS, gpus);
    }

    /**
     * The spec on disk: a workspace path ({@code /examples/quick-study.saturn}) or, when no such
     * workspace file exists, a file-system path.
     */
    public Path specFile() throws CoreException {
        if (spec.isBlank()) {
            throw error("No spec file: choose the .saturn file of the study on the Study tab.");
        }
        Path file = null;
        if (ResourcesPlugin.getPlugin() != null) {
            IResource member = ResourcesPlugin.getWorkspace().getRoot().findMember(spec);
            if (member != null && member.getLocation() != null) {
                file = member.getLocation().toFile().toPath();
            }
        }
        if (file == null) {
            file = Path.of(spec);
        }
        if (!Files.isRegularFile(file)) {
            throw error("The spec file " + spec + " does not exist.");
        }
        return file.toAbsolutePath().normalize();
    }

    /**
     * The run store the runs go to: the chosen folder, else the default store of Window > Preferences >
     * Saturn, else {@code runs/} next to the spec (as saturn run).
     */
    public Path storeFolder() throws CoreException {
        String chosen = effectiveStore();
        return chosen.isBlank() ? specFile().getParent().resolve("runs") : Path.of(chosen).toAbsolutePath().normalize();
    }

    /** The store folder as named (this configuration's, else the preferences' default), or empty for runs/ next to the spec. */
    public String effectiveStore() {
        return store.isBlank() ? SaturnPreferences.current().store() : store.strip();
    }

    /** The first problem of these settings as one sentence, or null when they can launch. */
    public String problem() {
        if (spec.isBlank()) {
            return "Choose the .saturn file of the study.";
        }
        try {
            specFile();
        } catch (CoreException e) {
            return e.getMessage();
        }
        if (!backend.equals("cpu") && !backend.equals("cuda")) {
            return "The backend is cpu or cuda, not " + backend + ".";
        }
        if (workers < 1) {
            return "At least one worker is needed.";
        }
        if (!only.isBlank()) {
            for (String term : only.split(",")) {
                if (!term.strip().matches("[^=\\s]+=[^=\\s]+")) {
                    return "The run filter is key=value pairs separated by commas (e.g. regime=oracle,seed=1), not '"
                            + term.strip() + "'.";
                }
            }
        }
        if (slurm && !time.isBlank() && !time.matches("(\\d+-)?\\d+(:\\d\\d){0,2}")) {
            return "The Slurm time limit looks like 30, 4:00:00 or 1-12:00:00, not '" + time + "'.";
        }
        return null;
    }

    static CoreException error(String message) {
        return new CoreException(Status.error(message));
    }

    static boolean isError(IStatus status) {
        return status.getSeverity() == IStatus.ERROR;
    }
}
