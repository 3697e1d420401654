package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saturn.engine.run.RunProcesses.lines;
import static org.saturn.engine.run.RunProcesses.saturn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.CompletionsLog;
import org.saturn.core.store.MetricPoint;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

/**
 * saturn run with real worker processes: trains, skips finished runs, resumes a killed worker
 * exactly, and stops cleanly on SIGTERM (the workbench's Cancel) so that the same command resumes.
 */
class RunEndToEndTest {

    @TempDir
    Path folder;

    @Test
    void trainsEveryRunThenSkipsThemAndAKilledOrStoppedRunResumesToTheSameResult() throws Exception {
        Path spec = RunProcesses.spec(folder, "/run/tiny.saturn");
        Path store = folder.resolve("runs");
        assertThat(saturn("run", spec.toString(), "--store", store.toString(), "--workers", "2", "--progress", "json"))
                .isZero();

        RunStore runs = RunStore.open(store);
        List<RunRecord> records = runs.records("TinyStudy");
        assertThat(records).hasSize(2).allSatisfy(record -> {
            assertThat(record.getStatus()).isEqualTo(RunStatus.FINISHED);
            assertThat(record.getStep()).isEqualTo(40);
            assertThat(record.getOptimalLoss()).isCloseTo(Math.log(4) / 9, org.assertj.core.data.Offset.offset(1e-9));
        });
        RunDirectory oracle = runs.runs("TinyStudy").stream()
                .filter(r -> r.record().orElseThrow().getRegime().equals("oracle")).findFirst().orElseThrow();
        List<MetricPoint> uninterrupted = oracle.metrics();
        assertThat(uninterrupted.stream().filter(p -> p.key().equals("test.loss"))).hasSize(4);
        assertThat(uninterrupted.stream().map(MetricPoint::key)).contains("ood.R1", "id.R1", "sos.finished");

        // a second run has nothing to do
        long before = Files.getLastModifiedTime(oracle.path().resolve(RunDirectory.RECORD)).toMillis();
        assertThat(saturn("run", spec.toString(), "--store", store.toString())).isZero();
        assertThat(Files.getLastModifiedTime(oracle.path().resolve(RunDirectory.RECORD)).toMillis()).isEqualTo(before);

        // kill -9 a fresh worker of the same run after its first evaluation, then run again
        Path second = folder.resolve("runs2");
        Process worker = RunProcesses.worker(spec, oracle.runId(), second);
        RunDirectory killed = RunStore.create(second).run("TinyStudy", oracle.runId());
        RunProcesses.await("a checkpoint at step 10",
                () -> killed.record().map(RunRecord::getCheckpointStep).orElse(-1L) >= 10);
        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        RunRecord interrupted = killed.record().orElseThrow();
        assertThat(interrupted.getStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(interrupted.getStep()).isLessThan(40);

        assertThat(saturn("run", spec.toString(), "--store", second.toString(), "--only", "regime=oracle")).isZero();
        RunRecord resumed = killed.record().orElseThrow();
        assertThat(resumed.getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(lines(killed)).containsExactlyElementsOf(lines(oracle));

        // SIGTERM to saturn run (Process.destroy(), as the workbench's Cancel) after the first evaluation
        Path third = folder.resolve("runs3");
        Path out = folder.resolve("run.out");
        Path err = folder.resolve("run.err");
        Process run = RunProcesses.run(spec, third, out, err, "--only", "regime=oracle");
        RunDirectory stopped = RunStore.create(third).run("TinyStudy", oracle.runId());
        RunProcesses.await("the completions of step 10", () -> Files.exists(CompletionsLog.file(stopped.path(), 10)));
        run.destroy();
        assertThat(run.waitFor(90, TimeUnit.SECONDS)).isTrue();
        List<String> messages = Files.readAllLines(err);
        assertThat(run.exitValue()).as(String.join("\n", messages)).isEqualTo(143);
        assertThat(messages.get(messages.size() - 1)).startsWith("saturn run: stopped by SIGTERM; 0 of 1 runs finished");
        assertThat(Files.readString(out)).contains("\"status\":\"stopped\"");
        RunRecord atStop = stopped.record().orElseThrow();
        assertThat(atStop.getStatus()).isEqualTo(RunStatus.STOPPED);
        assertThat(atStop.getStep()).isBetween(10L, 39L);
        assertThat(Checkpoint.step(stopped.checkpoint(TrainingLoop.LATEST))).isEqualTo(atStop.getStep());
        assertThat(Files.readString(stopped.path().resolve("worker.log")))
                .contains("saturn worker: stopped by SIGTERM at step " + atStop.getStep());

        assertThat(saturn("run", spec.toString(), "--store", third.toString(), "--only", "regime=oracle")).isZero();
        assertThat(stopped.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(lines(stopped)).containsExactlyElementsOf(lines(oracle));
        for (long step : CompletionsLog.steps(oracle.path())) {
            assertThat(Files.readString(CompletionsLog.file(stopped.path(), step)))
                    .isEqualTo(Files.readString(CompletionsLog.file(oracle.path(), step)));
        }
    }

    @Test
    void aKilledRunWithDropoutResumesToTheSameResult() throws Exception {
        // dropout masks are drawn from (seed, update): the resumed run draws the masks it would have drawn
        Path spec = RunProcesses.spec(folder, "/run/tiny-dropout.saturn");
        Path store = folder.resolve("runs");
        assertThat(saturn("run", spec.toString(), "--store", store.toString())).isZero();
        RunDirectory uninterrupted = RunStore.open(store).runs("DropoutStudy").get(0);
        assertThat(uninterrupted.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);

        Path second = folder.resolve("runs2");
        Process worker = RunProcesses.worker(spec, uninterrupted.runId(), second);
        RunDirectory killed = RunStore.create(second).run("DropoutStudy", uninterrupted.runId());
        RunProcesses.await("a checkpoint at step 100",
                () -> killed.record().map(RunRecord::getCheckpointStep).orElse(-1L) >= 100);
        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(killed.record().orElseThrow().getStep()).isLessThan(400);

        assertThat(saturn("run", spec.toString(), "--store", second.toString())).isZero();
        assertThat(killed.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(lines(killed)).containsExactlyElementsOf(lines(uninterrupted));
    }
}
