package org.saturn.engine.run;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.StoreException;


/**
 * A run's {@code config.json}, the one contract between the dispatchers ({@code saturn run},
 * {@code saturn slurm}, a worker given a spec) and the worker: the dispatcher writes the compiled
 * {@link RunConfig} into the run's folder before a worker starts, and the worker trains what it reads
 * there, so a spec edited meanwhile cannot change or break a queued run.
 */
public final class PlannedRun {

    private PlannedRun() {
    }

    /** Writes the run's config (and the spec it came from, when known) into its folder. */
    public static void write(RunDirectory directory, RunConfig config, String specText) {
        if (specText != null) {
            directory.writeText(RunDirectory.SPEC, specText);
        }
        directory.writeText(RunDirectory.CONFIG, config.toJson() + "\n");
    }

    /**
     * As {@link #write}, under the run's lock; a run another worker is writing keeps its files (that
     * worker reports it). Returns whether the files were written.
     */
    public static boolean writeUnlessBusy(RunDirectory directory, RunConfig config, String specText) {
        try (RunLock lock = directory.lock()) {
            write(directory, config, specText);
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    /** The config in the run's folder; a missing, unreadable or edited one is one clear message. */
    public static RunConfig read(RunDirectory directory) {
        String text = directory.readText(RunDirectory.CONFIG).orElseThrow(() -> new IllegalArgumentException(
                directory.path() + " has no " + RunDirectory.CONFIG + ": plan it first (saturn run or saturn slurm "
                        + "write it, or give the worker the spec)"));
        try {
            return RunConfig.fromJson(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(directory.path().resolve(RunDirectory.CONFIG) + " was changed after "
                    + "planning or is damaged: " + e.getMessage());
        }
    }
}
