package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.plan.DataKeys;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.plan.RunInputs;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.MetricPoint;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.dsl.compiler.ConfigDefinitions;
import org.saturn.dsl.compiler.SpecChecker;

/**
 * A run on a fixed training set in epochs (12 words, batch 8: a full and a ragged batch per epoch)
 * stopped in the middle of an epoch resumes to exactly the metrics of the uninterrupted run.
 */
class FixedDataResumeTest {

    @TempDir
    static Path folder;

    static RunConfig fresh;
    static RunConfig config;
    static RunInputs inputs;

    @BeforeAll
    static void plan() throws Exception {
        Path spec = folder.resolve("seeds.saturn");
        Files.copy(FixedDataResumeTest.class.getResourceAsStream("/run/seeds.saturn"), spec);
        RunConfig first = SpecPlan.load(new SpecChecker(), spec, null).configs().get(0);
        fresh = first.with("earlyStopping.patience", 0L).with("training.steps", 20L);
        config = fresh.with(DataKeys.TRAIN, 12L).with(DataKeys.VALIDATE, 6L);
        inputs = new ConfigDefinitions().inputs(config);
    }

    private static List<RunStatus> train(RunDirectory directory, Consumer<ProgressEvent> events, AtomicBoolean stop) {
        Stage stage = Stage.plan(config, inputs, java.util.Optional.empty()).get(0);
        return new TrainingLoop(config, directory, stage, events, stop).run();
    }

    private static List<String> lines(RunDirectory directory) {
        return directory.metrics().stream().map((MetricPoint p) -> p.step() + " " + p.key() + " " + p.value()).toList();
    }

    @Test
    void aRunStoppedMidEpochResumesToTheSameMetrics() {
        RunDirectory uninterrupted = RunStore.create(folder.resolve("alone")).run(config.study(), config.id());
        assertThat(train(uninterrupted, e -> { }, new AtomicBoolean())).containsOnly(RunStatus.FINISHED);
        List<String> expected = lines(uninterrupted);
        assertThat(expected).anyMatch(line -> line.startsWith("20 " + MetricKeys.VALIDATION_LOSS + " "));

        RunDirectory interrupted = RunStore.create(folder.resolve("interrupted")).run(config.study(), config.id());
        AtomicBoolean stop = new AtomicBoolean();
        // step 5 is the second update of the third epoch (2 updates per epoch)
        assertThat(train(interrupted, e -> {
            if (ProgressEvent.EVALUATED.equals(e.status()) && e.step() == 5) {
                stop.set(true);
            }
        }, stop)).containsOnly(RunStatus.STOPPED);
        assertThat(Checkpoint.step(interrupted.checkpoint("latest"))).isEqualTo(5);
        assertThat(train(interrupted, e -> { }, new AtomicBoolean())).containsOnly(RunStatus.FINISHED);
        assertThat(lines(interrupted)).containsExactlyElementsOf(expected);
    }

    @Test
    void theFixedSetChangesTheTraining() {
        RunDirectory fixed = RunStore.create(folder.resolve("fixed")).run(config.study(), config.id());
        assertThat(train(fixed, e -> { }, new AtomicBoolean())).containsOnly(RunStatus.FINISHED);
        RunDirectory freshRun = RunStore.create(folder.resolve("fresh")).run(fresh.study(), fresh.id());
        Stage stage = Stage.plan(fresh, inputs, java.util.Optional.empty()).get(0);
        new TrainingLoop(fresh, freshRun, stage, e -> { }, new AtomicBoolean()).run();
        assertThat(lines(freshRun).stream().filter(l -> l.contains(MetricKeys.TRAIN_LOSS)).toList())
                .isNotEqualTo(lines(fixed).stream().filter(l -> l.contains(MetricKeys.TRAIN_LOSS)).toList());
    }
}
