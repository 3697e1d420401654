package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saturn.engine.run.RunProcesses.saturn;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.RunStore;
import org.saturn.engine.cli.SaturnCli;

import picocli.CommandLine;

/**
 * Worker memory and runs held by other processes, end to end with real worker JVMs: a run given too
 * little memory ends FAILED saying what it had and what it needs, and trains with the estimate; a
 * run another process trains is reported as running there (exit 0), and --wait waits for it.
 */
class WorkerResourcesTest {

    @TempDir
    Path folder;


    @Test
    void aRunOutOfMemoryEndsFailedWithWhatItHadAndNeedsAndTrainsWithTheEstimate() throws Exception {
        Path spec = RunProcesses.spec(folder, "/run/wide.saturn");
        Path store = folder.resolve("runs");

        StringWriter starved = new StringWriter();
        assertThat(saturn(starved, "run", spec.toString(), "--store", store.toString(), "--memory", "48m"))
                .as(starved.toString()).isEqualTo(1);
        RunDirectory run = RunStore.open(store).runs("WideStudy").get(0);
        RunRecord failed = run.record().orElseThrow();
        assertThat(failed.getStatus()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.getMessage()).matches("out of (Java heap|resident memory|memory) with \\d+ MB heap \\+ \\d+ MB "
                + "off-heap; the estimate for this run is .* heap \\+ .* off-heap\\); run it again with more "
                + "\\(saturn run --memory SIZE\\) or train a smaller model or batch");
        assertThat(starved.toString()).contains("0 trained, 1 failed").doesNotContain("Exception");

        StringWriter fed = new StringWriter();
        assertThat(saturn(fed, "run", spec.toString(), "--store", store.toString())).as(fed.toString()).isZero();
        RunRecord finished = run.record().orElseThrow();
        assertThat(finished.getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(finished.getStep()).isEqualTo(20);
    }

    @Test
    void aWorkerThatNeedsMoreThanTheMachineHasIsRefusedWithOneLine() throws Exception {
        Path spec = RunProcesses.spec(folder, "/run/wide.saturn");
        StringWriter err = new StringWriter();
        assertThat(saturn(err, "run", spec.toString(), "--store", folder.resolve("runs").toString(), "--memory", "64T"))
                .isEqualTo(2);
        assertThat(err.toString().trim()).startsWith("saturn: run WideStudy/").contains(" would get 65536")
                .contains("of memory and this machine has ").endsWith("; give it less with --memory")
                .doesNotContain("\n");
        assertThat(saturn(err, "run", spec.toString(), "--memory", "plenty")).isEqualTo(2);
        assertThat(err.toString()).contains("--memory 'plenty' is not a memory size (e.g. 4G, 512M)");
    }

    @Test
    void runsHeldByAnotherProcessAreReportedAsRunningThereAndWaitWaitsForThem() throws Exception {
        Path spec = RunProcesses.spec(folder, "/run/slow.saturn");
        Path store = folder.resolve("runs");
        StringWriter plan = new StringWriter();
        CommandLine cli = SaturnCli.commandLine();
        StringWriter planned = new StringWriter();
        cli.setOut(new PrintWriter(planned, true));
        cli.setErr(new PrintWriter(plan, true));
        assertThat(cli.execute("plan", spec.toString(), "--no-probe")).isZero();
        String runId = planned.toString().lines().filter(line -> line.contains("SlowStudy")).findFirst().orElseThrow()
                .split("\\s+")[0];
        Process worker = RunProcesses.worker(spec, runId, store);
        try {
            RunDirectory run = RunStore.create(store).run("SlowStudy", runId);
            // training, not a short look under the lock before it (a damage check takes and lets go of it)
            RunProcesses.await("the worker to hold the run and train it",
                    () -> RunLock.held(run.path()) && java.nio.file.Files.exists(run.path().resolve("metrics.csv")));
            assertThat(worker.isAlive()).as("the worker holding the run").isTrue();
            String holder = "pid " + worker.pid() + " (host ";

            StringWriter without = new StringWriter();
            assertThat(saturn(without, "run", spec.toString(), "--store", store.toString())).as(without.toString())
                    .isZero();
            assertThat(without.toString()).contains("saturn run: 1 run is running in " + holder)
                    .contains("(saturn run --wait waits for them)").contains("0 trained, 1 held by other processes")
                    .contains(" 0 failed; ");
            assertThat(worker.isAlive()).as("the run was still training when saturn run looked").isTrue();

            StringWriter waiting = new StringWriter();
            assertThat(saturn(waiting, "run", spec.toString(), "--store", store.toString(), "--wait"))
                    .as(waiting.toString()).isZero();
            assertThat(waiting.toString()).contains("1 run is running in " + holder).contains("waiting for them")
                    .contains("saturn run: 1 run finished by " + holder);
            assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(worker.exitValue()).isZero();
            assertThat(run.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);
        } finally {
            worker.destroyForcibly();
        }
    }
}
