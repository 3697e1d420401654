package org.saturn.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.saturn.core.store.Damage;
import org.saturn.core.store.RunDamage;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.RunStore;
import org.saturn.engine.run.Checkpoint;
import org.saturn.engine.run.StoreRepair;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code saturn fsck STORE [--repair]}: lists every damaged file of the store's runs with its
 * reason (exit 1 when there is damage, 0 when the store is sound); {@code --repair} sets each
 * damaged run aside under {@code STORE/.damaged/} (nothing is deleted) so the next {@code saturn
 * run} trains it again, and says what it did (exit 0). Runs other processes train now are left alone.
 */
@Command(name = "fsck", mixinStandardHelpOptions = true,
        description = "Check a run store for damaged files (records, configs, metrics, completions, checkpoints); "
                + "--repair sets damaged runs aside under STORE/.damaged/ so that they train again.")
public final class FsckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "STORE", description = "the run store folder (e.g. runs/)")
    Path store;

    @Option(names = "--repair", description = "set damaged runs aside (kept under STORE/.damaged/) so they train again")
    boolean repair;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        RunStore runStore = RunStore.open(store);
        int runs = 0;
        int damagedRuns = 0;
        int damagedFiles = 0;
        int busy = 0;
        for (String study : runStore.studies()) {
            for (RunDirectory run : runStore.runs(study)) {
                runs++;
                try (RunLock lock = run.lock()) {
                    List<Damage> damage = StoreRepair.find(run);
                    if (damage.isEmpty()) {
                        continue;
                    }
                    damagedRuns++;
                    damagedFiles += damage.size();
                    if (repair) {
                        out.println("repaired: " + StoreRepair.describe(run, damage,
                                RunDamage.setAside(run, damage, Checkpoint::readableStep)));
                    } else {
                        damage.forEach(d -> out.println(d.line()));
                    }
                } catch (RunLock.HeldException e) {
                    busy++;
                }
            }
        }
        out.printf("saturn fsck: %d runs in %s, %d damaged files in %d runs%s%s%n", runs, store, damagedFiles,
                damagedRuns, busy == 0 ? "" : ", " + busy + " running in other processes (not checked)",
                damagedRuns == 0 ? "" : repair ? "; set aside under " + store.resolve(RunDamage.FOLDER)
                        + ", saturn run trains them again" : "; saturn fsck --repair sets them aside");
        out.flush();
        return damagedRuns == 0 || repair ? 0 : 1;
    }
}
