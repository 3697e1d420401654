package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saturn.engine.run.RunProcesses.lines;
import static org.saturn.engine.run.RunProcesses.saturn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.CompletionsLog;
import org.saturn.core.store.MetricPoint;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

/**
 * An interrupted fine-tuning resumes from its own checkpoint, with real processes: a worker killed
 * (kill -9) mid fine-tuning and a {@code saturn run} stopped by SIGTERM mid fine-tuning both end
 * with exactly the metrics and completions of the uninterrupted run (CPU, no dropout), and the
 * resume neither pre-trains nor reparametrises nor measures the Hessian again.
 */
class FineTuningResumeTest {

    /** Pre-training steps (the offset of the fine-tuning's steps in the store) and fine-tuning steps. */
    private static final long PRETRAINING = 20;
    private static final long FINE_TUNING = 400;
    private static final long END = PRETRAINING + FINE_TUNING;
    private static final String STUDY = "Resume";

    @TempDir
    Path folder;

    @Test
    void aKilledOrStoppedFineTuningResumesFromItsCheckpointToTheUninterruptedResult() throws Exception {
        Path spec = RunProcesses.spec(folder, "/run/finetune-resume.saturn");
        Path store = folder.resolve("runs");
        assertThat(saturn("run", spec.toString(), "--store", store.toString())).isZero();
        List<RunDirectory> uninterrupted = RunStore.open(store).runs(STUDY);
        assertThat(uninterrupted).hasSize(2);
        RunDirectory first = seed(uninterrupted, 1);
        RunRecord record = first.record().orElseThrow();
        assertThat(record.getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(record.getStep()).isEqualTo(END);
        assertThat(record.getCheckpointStep()).isEqualTo(END);
        assertThat(record.getMessage()).contains("fine-tuned 400 steps");
        // checkpoint every 10 steps keep all, counted in fine-tuning steps, in the fine-tuning's own folders
        assertThat(Checkpoint.step(first.checkpoint(Stage.PRETRAINED))).isEqualTo(PRETRAINING);
        assertThat(Checkpoint.step(first.checkpoint(TrainingLoop.LATEST))).isEqualTo(PRETRAINING);
        assertThat(Checkpoint.step(first.checkpoint("finetune-latest"))).isEqualTo(END);
        assertThat(Checkpoint.step(first.checkpoint("finetune-step-00000030"))).isEqualTo(30);
        assertThat(Checkpoint.step(first.checkpoint("finetune-step-00000420"))).isEqualTo(END);
        assertThat(Checkpoint.step(first.checkpoint("finetune-best"))).isBetween(PRETRAINING + 20, END);
        // completions of every evaluation: pre-training's, then every 20 fine-tuning steps
        assertThat(CompletionsLog.steps(first.path())).containsExactlyElementsOf(LongStream.concat(
                LongStream.of(10, 20), LongStream.rangeClosed(1, FINE_TUNING / 20).map(k -> PRETRAINING + 20 * k))
                .boxed().toList());
        assertThat(first.metrics().stream().filter(p -> p.key().equals(MetricKeys.HESSIAN_TRACE))).hasSize(1);

        // kill -9 a worker of the first run mid fine-tuning, then saturn run
        Path second = folder.resolve("killed");
        Process worker = RunProcesses.worker(spec, first.runId(), second);
        RunDirectory killed = RunStore.create(second).run(STUDY, first.runId());
        RunProcesses.await("a checkpoint 40 steps into the fine-tuning",
                () -> killed.record().map(RunRecord::getCheckpointStep).orElse(-1L) >= PRETRAINING + 40);
        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        RunRecord atKill = killed.record().orElseThrow();
        assertThat(atKill.getStatus()).isEqualTo(RunStatus.RUNNING);
        long resumeFrom = Checkpoint.step(killed.checkpoint("finetune-latest"));
        assertThat(resumeFrom).as("killed mid fine-tuning").isBetween(PRETRAINING + 40, END - 1);
        List<MetricPoint> kept = killed.metrics().stream().filter(p -> p.step() <= resumeFrom).toList();

        assertThat(saturn("run", spec.toString(), "--store", second.toString(), "--only", "seed=1")).isZero();
        assertThat(killed.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(lines(killed)).containsExactlyElementsOf(lines(first));
        // resumed, not started again: the rows up to the checkpoint are the killed worker's own, wall times included
        assertThat(killed.metrics().subList(0, kept.size())).containsExactlyElementsOf(kept);
        assertSameCompletions(killed, first);

        // SIGTERM to saturn run: one seed-batched worker pre-trains both seeds, then fine-tunes one after the other
        Path third = folder.resolve("stopped");
        Path out = folder.resolve("run.out");
        Path err = folder.resolve("run.err");
        Process run = RunProcesses.run(spec, third, out, err);
        RunDirectory stopped = RunStore.create(third).run(STUDY, first.runId());
        RunDirectory notBegun = RunStore.create(third).run(STUDY, seed(uninterrupted, 2).runId());
        RunProcesses.await("the first fine-tuning evaluation",
                () -> Files.exists(CompletionsLog.file(stopped.path(), PRETRAINING + 20)));
        run.destroy();
        assertThat(run.waitFor(90, TimeUnit.SECONDS)).isTrue();
        List<String> messages = Files.readAllLines(err);
        assertThat(run.exitValue()).as(String.join("\n", messages)).isEqualTo(143);
        assertThat(messages.get(messages.size() - 1))
                .startsWith("saturn run: stopped by SIGTERM; 0 of 2 runs finished");
        RunRecord atStop = stopped.record().orElseThrow();
        assertThat(atStop.getStatus()).isEqualTo(RunStatus.STOPPED);
        assertThat(atStop.getMessage()).startsWith("stopped at fine-tuning step " + (atStop.getStep() - PRETRAINING)
                + " of 400");
        assertThat(atStop.getStep()).as("stopped mid fine-tuning").isBetween(PRETRAINING + 20, END - 1);
        assertThat(atStop.getCheckpointStep()).isEqualTo(atStop.getStep());
        assertThat(Checkpoint.step(stopped.checkpoint("finetune-latest"))).isEqualTo(atStop.getStep());
        // the other seed was pre-trained but not yet fine-tuned: stopped too, never finished without its fine-tuning
        RunRecord waiting = notBegun.record().orElseThrow();
        assertThat(waiting.getStatus()).isEqualTo(RunStatus.STOPPED);
        assertThat(waiting.getStep()).isEqualTo(PRETRAINING);
        assertThat(Stage.pretrained(notBegun)).isTrue();
        assertThat(Checkpoint.step(notBegun.checkpoint("finetune-latest"))).isEqualTo(-1);

        assertThat(saturn("run", spec.toString(), "--store", third.toString())).isZero();
        for (RunDirectory resumed : List.of(stopped, notBegun)) {
            RunDirectory reference = uninterrupted.stream().filter(r -> r.runId().equals(resumed.runId())).findFirst()
                    .orElseThrow();
            assertThat(resumed.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);
            assertThat(lines(resumed)).containsExactlyElementsOf(lines(reference));
            assertSameCompletions(resumed, reference);
        }
    }

    private static void assertSameCompletions(RunDirectory resumed, RunDirectory uninterrupted) throws Exception {
        assertThat(CompletionsLog.steps(resumed.path())).isEqualTo(CompletionsLog.steps(uninterrupted.path()));
        for (long step : CompletionsLog.steps(uninterrupted.path())) {
            assertThat(Files.readString(CompletionsLog.file(resumed.path(), step)))
                    .as("completions at step %d", step)
                    .isEqualTo(Files.readString(CompletionsLog.file(uninterrupted.path(), step)));
        }
    }

    private static RunDirectory seed(List<RunDirectory> runs, long seed) {
        return runs.stream().filter(r -> r.record().orElseThrow().getSeed() == seed).findFirst().orElseThrow();
    }
}
