package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.store.Damage;
import org.saturn.core.store.RunDamage;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.RunStore;

/**
 * The engine's side of store damage: the core's check plus the checkpoints (read completely
 * through {@link Checkpoint}), and setting damaged runs aside under their lock, so a run another
 * process trains is never touched.
 */
public final class StoreRepair {

    private StoreRepair() {
    }

    /** Every damaged file of the run, checkpoints included. */
    public static List<Damage> find(RunDirectory run) {
        return RunDamage.find(run, Checkpoint::readableStep);
    }

    /**
     * Before dispatch ({@code saturn run}, {@code saturn slurm}): sets aside the damaged files of the
     * planned runs that are not held by another process, with one line per run to {@code lines}.
     * Checkpoints are read for unfinished runs only (the ones that resume from them): a finished
     * run's results do not depend on them, and reading every checkpoint would slow every dispatch.
     */
    public static int setAsideDamaged(RunStore store, List<RunConfig> runs, String command, Consumer<String> lines) {
        int damaged = 0;
        for (RunConfig config : runs) {
            RunDirectory run = store.run(config.study(), config.id());
            if (!java.nio.file.Files.isDirectory(run.path())) {
                continue;
            }
            try (RunLock lock = run.lock()) {
                List<Damage> damage = RunDamage.find(run);
                boolean finished = damage.isEmpty() && run.record()
                        .map(r -> r.getStatus() == org.saturn.core.results.RunStatus.FINISHED).orElse(false);
                if (!finished) {
                    damage = find(run);
                }
                if (!damage.isEmpty()) {
                    damaged++;
                    lines.accept(command + ": " + describe(run, damage, RunDamage.setAside(run, damage, Checkpoint::readableStep)));
                }
            } catch (RunLock.HeldException e) {
                // another process trains it now: its damage, if any, is that process's to meet
            }
        }
        return damaged;
    }

    /** One line: the run, its damaged files with their reasons, where the originals went, what follows. */
    public static String describe(RunDirectory run, List<Damage> damage, RunDamage.SetAside aside) {
        List<String> reasons = new ArrayList<>();
        for (Damage d : damage) {
            reasons.add(run.path().relativize(d.file()) + " " + d.reason());
        }
        List<String> actions = aside.actions();
        String next = actions.isEmpty() ? "" : actions.get(actions.size() - 1);
        return "set aside run " + run + " (" + String.join("; ", reasons) + "): originals in " + aside.folder()
                + (next.startsWith("the run") ? "; " + next : "");
    }
}
