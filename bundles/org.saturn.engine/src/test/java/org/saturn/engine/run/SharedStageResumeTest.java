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
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.MetricPoint;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

/**
 * Kill-and-rerun per stage, with real processes (kill -9 of a worker): killed during the shared
 * pre-training stage, the rerun resumes the stage from its checkpoint, finishes it once and then
 * fine-tunes both runs that share it; killed during a fine-tuning, the rerun leaves the finished
 * stage untouched (pre-training is not redone) and resumes the fine-tuning. Both end with the
 * metrics of an uninterrupted run.
 */
class SharedStageResumeTest {

    private static final String STUDY = "Shared";
    private static final long PRETRAINING = 400;

    @TempDir
    Path folder;

    @Test
    void aKillDuringEitherStageResumesThatStageAndNeverRedoesTheSharedPretraining() throws Exception {
        Path spec = RunProcesses.spec(folder, "/run/shared-stage-resume.saturn");
        Path reference = folder.resolve("reference");
        assertThat(saturn("run", spec.toString(), "--store", reference.toString())).isZero();
        List<RunDirectory> uninterrupted = RunStore.open(reference).runs(STUDY);
        assertThat(uninterrupted).hasSize(2);
        String runId = uninterrupted.get(0).runId();

        // 1. kill -9 the worker of one run while it trains the shared pre-training
        Path killedInStage = folder.resolve("stage");
        RunStore store = RunStore.create(killedInStage);
        Process worker = RunProcesses.worker(spec, runId, killedInStage);
        RunProcesses.await("a checkpoint 40 steps into the shared pre-training",
                () -> stage(store).map(s -> Checkpoint.step(s.checkpoint(TrainingLoop.LATEST)) >= 40).orElse(false));
        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        RunDirectory stage = stage(store).orElseThrow();
        long resumeFrom = Checkpoint.step(stage.checkpoint(TrainingLoop.LATEST));
        assertThat(resumeFrom).as("killed mid pre-training").isBetween(40L, PRETRAINING - 1);
        assertThat(stage.record().orElseThrow().getStatus()).isEqualTo(RunStatus.RUNNING);
        List<MetricPoint> kept = stage.metrics().stream().filter(p -> p.step() <= resumeFrom).toList();

        assertThat(saturn("run", spec.toString(), "--store", killedInStage.toString())).isZero();
        assertThat(stages(killedInStage)).hasSize(1);
        assertThat(stage.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);
        // resumed, not begun again: the rows up to its checkpoint are the killed worker's own, wall times included,
        // and every evaluation is there once
        assertThat(stage.metrics().subList(0, kept.size())).containsExactlyElementsOf(kept);
        assertThat(stage.metrics().stream().filter(p -> p.key().equals(MetricKeys.TEST_LOSS))).hasSize(20);
        assertSameAsUninterrupted(store, uninterrupted);

        // 2. kill -9 the worker of one run while it fine-tunes: the finished stage is left as it is
        Path killedInFineTuning = folder.resolve("finetuning");
        RunStore second = RunStore.create(killedInFineTuning);
        worker = RunProcesses.worker(spec, runId, killedInFineTuning);
        RunDirectory run = second.run(STUDY, runId);
        RunProcesses.await("a checkpoint 40 steps into the fine-tuning", () -> Checkpoint.step(
                run.checkpoint("finetune-" + TrainingLoop.LATEST)) >= PRETRAINING + 40);
        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        RunDirectory finished = stage(second).orElseThrow();
        assertThat(finished.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.record().orElseThrow().getStatus()).isEqualTo(RunStatus.RUNNING);
        byte[] stageMetrics = Files.readAllBytes(finished.path().resolve(RunDirectory.METRICS));
        byte[] stageRecord = Files.readAllBytes(finished.path().resolve(RunDirectory.RECORD));
        long stageCheckpoint = Files.getLastModifiedTime(finished.checkpoint(TrainingLoop.LATEST)).toMillis();
        List<MetricPoint> pretrained = run.metrics().stream().filter(p -> p.step() <= PRETRAINING).toList();

        assertThat(saturn("run", spec.toString(), "--store", killedInFineTuning.toString())).isZero();
        assertThat(stages(killedInFineTuning)).hasSize(1);
        assertThat(Files.readAllBytes(finished.path().resolve(RunDirectory.METRICS))).isEqualTo(stageMetrics);
        assertThat(Files.readAllBytes(finished.path().resolve(RunDirectory.RECORD))).isEqualTo(stageRecord);
        assertThat(Files.getLastModifiedTime(finished.checkpoint(TrainingLoop.LATEST)).toMillis())
                .isEqualTo(stageCheckpoint);
        // the killed run's pre-training rows are the ones it had, wall times included: not pre-trained again
        assertThat(run.metrics().subList(0, pretrained.size())).containsExactlyElementsOf(pretrained);
        assertSameAsUninterrupted(second, uninterrupted);
    }

    /** Every run finished, with the metrics of the uninterrupted run (wall times aside). */
    private static void assertSameAsUninterrupted(RunStore store, List<RunDirectory> uninterrupted) {
        for (RunDirectory reference : uninterrupted) {
            RunDirectory resumed = store.run(STUDY, reference.runId());
            RunRecord record = resumed.record().orElseThrow();
            assertThat(record.getStatus()).isEqualTo(RunStatus.FINISHED);
            assertThat(record.getMessage()).contains("fine-tuned 400 steps");
            assertThat(lines(resumed)).containsExactlyElementsOf(lines(reference));
        }
    }

    private static java.util.Optional<RunDirectory> stage(RunStore store) {
        List<Path> stages = stages(store.root());
        return stages.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(store.stage(STUDY, stages.get(0).getFileName().toString()));
    }

    private static List<Path> stages(Path store) {
        Path folder = store.resolve(STUDY).resolve(RunStore.STAGES);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var listed = Files.list(folder)) {
            return listed.filter(Files::isDirectory).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
