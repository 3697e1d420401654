package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saturn.engine.run.RunProcesses.saturn;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * saturn run's persistent workers, end to end with real worker JVMs: {@code --workers 2} on four
 * seed-batched jobs starts two worker JVMs, not four, and every run's metrics equal those of the same
 * job trained by a worker that trained nothing before it.
 */
class PersistentWorkersTest {

    @TempDir
    Path folder;

    @Test
    void twoWorkersStartOnceForFourJobsAndTrainWhatFreshWorkersTrain() throws Exception {
        Path spec = RunProcesses.spec(folder, "/run/groups.saturn");
        Path store = folder.resolve("runs");
        StringWriter err = new StringWriter();
        assertThat(saturn(err, "run", spec.toString(), "--store", store.toString(), "--workers", "2"))
                .as(err.toString()).isZero();
        assertThat(err.toString()).contains("8 trained, 0 failed");

        List<RunDirectory> runs = RunStore.open(store).runs("Groups");
        assertThat(runs).hasSize(8);
        List<RunConfig> configs = new ArrayList<>(runs.stream().map(PlannedRun::read).toList());
        configs.sort(Comparator.comparing(RunConfig::model).thenComparing(RunConfig::regime)
                .thenComparing(RunConfig::seed));
        List<List<RunConfig>> jobs = SeedBatching.plan(configs, run -> 0, SeedBatching.Mode.AUTO, 2);
        assertThat(jobs).as("more jobs than workers").hasSize(4);

        Map<Long, Integer> runsByWorker = new TreeMap<>();
        for (RunDirectory run : runs) {
            assertThat(run.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);
            runsByWorker.merge(workerPid(run), 1, Integer::sum);
        }
        assertThat(runsByWorker).as("worker JVMs (pid: runs trained)").hasSize(2)
                .doesNotContainKey(ProcessHandle.current().pid());
        // which worker takes which job depends on which is idle first (one JVM may train both 3-seed
        // jobs while the other starts): two pids for four jobs is what shows the workers were reused
        assertThat(runsByWorker.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(runs.size());

        // the same jobs, each by a worker that trained nothing before it (saturn worker, one job each)
        Path fresh = folder.resolve("fresh");
        for (List<RunConfig> job : jobs) {
            List<String> args = new ArrayList<>(List.of("worker", spec.toString(), "--store", fresh.toString()));
            job.forEach(run -> args.addAll(List.of("--run", run.id())));
            StringWriter workerErr = new StringWriter();
            assertThat(saturn(workerErr, args.toArray(String[]::new))).as(workerErr.toString()).isZero();
        }
        RunStore freshStore = RunStore.open(fresh);
        for (RunDirectory run : runs) {
            RunDirectory alone = freshStore.run("Groups", run.path().getFileName().toString());
            assertThat(RunProcesses.lines(run)).as(run.path().toString()).isNotEmpty()
                    .isEqualTo(RunProcesses.lines(alone));
        }
    }

    /** The pid of the worker JVM that trained the run, from its timing.json. */
    private static long workerPid(RunDirectory run) {
        try {
            return new ObjectMapper().readTree(run.path().resolve(PhaseTimes.FILE_NAME).toFile()).path("pretraining")
                    .path("workerPid").asLong(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
