package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.MetricPoint;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.plan.RunInputs;
import org.saturn.dsl.compiler.ConfigDefinitions;
import org.saturn.dsl.compiler.SpecChecker;

/**
 * Seed-batched training of a group gives every run exactly (bit for bit) the metrics, records and
 * checkpoints it gets when trained alone, including per-seed early stopping and resuming.
 */
class SeedBatchedRunLoopTest {

    @TempDir
    static Path folder;

    static SpecPlan plan;
    static List<RunConfig> configs;
    static RunInputs inputs;
    static List<List<String>> separate = new ArrayList<>();
    static List<RunRecord> separateRecords = new ArrayList<>();

    @BeforeAll
    static void trainEverySeedAlone() throws Exception {
        Path spec = folder.resolve("seeds.saturn");
        Files.copy(SeedBatchedRunLoopTest.class.getResourceAsStream("/run/seeds.saturn"), spec);
        plan = SpecPlan.load(new SpecChecker(), spec, null);
        configs = plan.configs();
        inputs = new ConfigDefinitions().inputs(configs.get(0));
        RunStore store = RunStore.create(folder.resolve("separate"));
        for (RunConfig config : configs) {
            RunDirectory directory = store.run(config.study(), config.id());
            alone(config, directory, e -> { }, new AtomicBoolean()).run();
            separate.add(lines(directory));
            separateRecords.add(directory.record().orElseThrow());
        }
    }

    /** One run trained alone: the loop with one member. */
    private static TrainingLoop alone(RunConfig config, RunDirectory directory, java.util.function.Consumer<ProgressEvent> events,
            AtomicBoolean stop) {
        return new TrainingLoop(config, directory, Stage.pretraining(RunSettings.of(config), inputs, false), events, stop);
    }

    /** Runs of one group trained as one seed-batched model: the loop with several members. */
    private static TrainingLoop batched(List<RunConfig> configs, List<RunDirectory> directories,
            java.util.function.Consumer<ProgressEvent> events, AtomicBoolean stop) {
        List<TrainingLoop.Member> members = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            members.add(new TrainingLoop.Member(configs.get(i), directories.get(i)));
        }
        return new TrainingLoop(members, Stage.pretraining(RunSettings.of(configs.get(0)), inputs, false), events, stop);
    }

    private static List<String> lines(RunDirectory directory) {
        // everything but the wall time
        return directory.metrics().stream().map((MetricPoint p) -> p.step() + " " + p.key() + " " + p.value()).toList();
    }

    private static List<RunDirectory> directories(String name) {
        RunStore store = RunStore.create(folder.resolve(name));
        return configs.stream().map(c -> store.run(c.study(), c.id())).toList();
    }

    @Test
    void theGroupExercisesPerSeedStopping() {
        // the comparison below only covers dropping a stopped seed if the seeds stop at different steps
        assertThat(configs).hasSize(3);
        assertThat(separateRecords.stream().map(RunRecord::getStep).distinct()).hasSizeGreaterThan(1);
        assertThat(separateRecords).anySatisfy(r -> assertThat(r.getMessage()).startsWith("early stop"));
    }

    @Test
    void batchedRunsHaveExactlyTheMetricsOfSeparateRuns() {
        List<RunDirectory> batched = directories("batched");
        List<ProgressEvent> events = new ArrayList<>();
        List<RunStatus> statuses = batched(configs, batched,
                events::add, new AtomicBoolean()).run();
        assertThat(statuses).containsOnly(RunStatus.FINISHED);
        for (int i = 0; i < configs.size(); i++) {
            assertThat(lines(batched.get(i))).containsExactlyElementsOf(separate.get(i));
            RunRecord record = batched.get(i).record().orElseThrow();
            RunRecord alone = separateRecords.get(i);
            assertThat(record.getStep()).isEqualTo(alone.getStep());
            assertThat(record.getBestStep()).isEqualTo(alone.getBestStep());
            assertThat(record.getMessage()).isEqualTo(alone.getMessage());
            assertThat(record.getSeed()).isEqualTo(configs.get(i).seed());
            assertThat(record.getSummaries().stream().map(SeedBatchedRunLoopTest::summary).toList())
                    .containsExactlyElementsOf(alone.getSummaries().stream().map(SeedBatchedRunLoopTest::summary).toList());
            assertThat(Checkpoint.step(batched.get(i).checkpoint("latest"))).isEqualTo(alone.getStep());
        }
        assertThat(events.stream().filter(e -> ProgressEvent.FINISHED.equals(e.status())).map(ProgressEvent::runId))
                .containsExactlyInAnyOrderElementsOf(configs.stream().map(RunConfig::id).toList());
    }

    @Test
    void withDropoutOnTheCpuKernelsBatchedRunsEqualSeparateRuns() {
        // two layers: the LSTM drops out between layers
        List<RunConfig> dropout = configs.stream().map(c -> c.with("model.layers", 2).with("model.dropout", 0.2))
                .toList();
        RunStore alone = RunStore.create(folder.resolve("dropout-separate"));
        List<List<String>> expected = new ArrayList<>();
        for (RunConfig config : dropout) {
            RunDirectory directory = alone.run(config.study(), config.id());
            alone(config, directory, e -> { }, new AtomicBoolean()).run();
            expected.add(lines(directory));
        }
        RunStore store = RunStore.create(folder.resolve("dropout-batched"));
        List<RunDirectory> batched = dropout.stream().map(c -> store.run(c.study(), c.id())).toList();
        assertThat(batched(dropout, batched, e -> { },
                new AtomicBoolean()).run()).containsOnly(RunStatus.FINISHED);
        for (int i = 0; i < dropout.size(); i++) {
            assertThat(lines(batched.get(i))).containsExactlyElementsOf(expected.get(i));
        }
        RunDirectory withoutDropout = alone.run("NoDropout", dropout.get(0).id());
        alone(dropout.get(0).with("model.dropout", 0.0), withoutDropout,
                e -> { }, new AtomicBoolean()).run();
        assertThat(expected.get(0)).isNotEqualTo(lines(withoutDropout)); // dropout did change the training
    }

    private static String summary(MetricSummary s) {
        return s.getMetric() + " " + s.getAtBest() + " " + s.getMax() + " " + s.getLast() + " " + s.getMin();
    }

    @Test
    void aStoppedBatchResumesFromItsRunsCheckpointsToTheSameResults() {
        List<RunDirectory> interrupted = directories("interrupted");
        AtomicBoolean stop = new AtomicBoolean();
        List<RunStatus> first = batched(configs, interrupted, e -> {
            if (ProgressEvent.EVALUATED.equals(e.status()) && e.step() == 10) {
                stop.set(true);
            }
        }, stop).run();
        assertThat(first).containsOnly(RunStatus.STOPPED);
        assertThat(interrupted).allSatisfy(d -> assertThat(Checkpoint.step(d.checkpoint("latest"))).isEqualTo(10));

        // one run goes on alone (its one-seed checkpoint is an ordinary checkpoint) ...
        alone(configs.get(0), interrupted.get(0), e -> { },
                new AtomicBoolean()).run();
        assertThat(lines(interrupted.get(0))).containsExactlyElementsOf(separate.get(0));
        // ... and the other two resume together
        batched(configs.subList(1, 3), interrupted.subList(1, 3),
                e -> { }, new AtomicBoolean()).run();
        for (int i = 1; i < 3; i++) {
            assertThat(lines(interrupted.get(i))).containsExactlyElementsOf(separate.get(i));
        }
    }

    @Test
    void runsThatDifferInMoreThanTheSeedAreRefused() {
        RunConfig other = configs.get(1).with("optimizer.lr", 1e-3);
        assertThatThrownBy(() -> batched(List.of(configs.get(0), other),
                directories("refused").subList(0, 2), e -> { }, new AtomicBoolean()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in more than their seed");
    }

    @Test
    void theDispatcherBatchesGroupsWhereExactAndSplitsThemForIdleWorkers() {
        List<List<RunConfig>> auto = SeedBatching.plan(configs, c -> 0, SeedBatching.Mode.AUTO, 1);
        assertThat(auto).hasSize(1);
        assertThat(auto.get(0)).containsExactlyElementsOf(configs);
        assertThat(SeedBatching.plan(configs, c -> 0, SeedBatching.Mode.NEVER, 1)).hasSize(3);
        assertThat(SeedBatching.plan(configs, c -> 0, SeedBatching.Mode.AUTO, 2)).extracting(List::size)
                .containsExactly(2, 1);
        // three groups of three seeds on two workers: the third group is shared out, not trained alone at the end
        List<RunConfig> threeGroups = new java.util.ArrayList<>(configs);
        for (double lr : new double[] {1e-3, 2e-3}) {
            configs.forEach(c -> threeGroups.add(c.with("optimizer.lr", lr)));
        }
        assertThat(SeedBatching.plan(threeGroups, c -> 0, SeedBatching.Mode.AUTO, 2)).extracting(List::size)
                .containsExactly(3, 3, 2, 1);
        assertThat(SeedBatching.plan(threeGroups, c -> 0, SeedBatching.Mode.AUTO, 3)).extracting(List::size)
                .containsExactly(3, 3, 3);
        assertThat(SeedBatching.plan(threeGroups, c -> 0, SeedBatching.Mode.AUTO, 1)).extracting(List::size)
                .containsExactly(3, 3, 3);
        // fewer groups than workers: split as before (floor of workers / groups), never into more rounds
        assertThat(SeedBatching.plan(threeGroups, c -> 0, SeedBatching.Mode.AUTO, 4)).extracting(List::size)
                .containsExactly(3, 3, 3);
        assertThat(SeedBatching.plan(threeGroups, c -> 0, SeedBatching.Mode.AUTO, 6)).extracting(List::size)
                .containsExactly(2, 1, 2, 1, 2, 1);
        // runs resuming from different steps go to different batches
        assertThat(SeedBatching.plan(configs, c -> c == configs.get(0) ? 10 : 0, SeedBatching.Mode.AUTO, 1))
                .extracting(List::size).containsExactlyInAnyOrder(1, 2);
        // dropout: batched on the CPU kernels (masks from seed and update), alone when trained through SameDiff
        RunConfig dropout = configs.get(0).with("model.dropout", 0.1);
        List<RunConfig> withDropout = List.of(dropout, configs.get(1).with("model.dropout", 0.1));
        assertThat(SeedBatching.plan(withDropout, c -> 0, SeedBatching.Mode.AUTO, 1)).hasSize(1);
        System.setProperty(org.saturn.engine.train.Trainer.TRAINING_PROPERTY, "graph");
        try {
            assertThat(SeedBatching.plan(withDropout, c -> 0, SeedBatching.Mode.AUTO, 1)).hasSize(2);
        } finally {
            System.clearProperty(org.saturn.engine.train.Trainer.TRAINING_PROPERTY);
        }
    }
}
