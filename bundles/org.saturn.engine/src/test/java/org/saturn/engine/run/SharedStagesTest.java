package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.saturn.core.plan.RunConfig;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.engine.cli.SaturnCli;

import picocli.CommandLine;

/** The stage graph of case study 3: runs that differ only in their fine-tuning share one pre-training. */
class SharedStagesTest {

    private static final Path REDUCED = Path.of("../../examples/case-study-3-reduced.saturn");

    @Test
    void theReducedCaseStudyPretrainsOncePerSeedAndRouteNotOncePerRun() {
        List<RunConfig> runs = SpecPlan.load(new SpecChecker(), REDUCED, null).configs();
        Map<String, List<RunConfig>> stages = SharedStages.stages(runs);
        // 2 seeds x 2 learning rates x 3 scales: 12 runs, 4 pre-trainings (one per seed and learning rate)
        assertThat(runs).hasSize(12);
        assertThat(stages).hasSize(4);
        for (List<RunConfig> sharing : stages.values()) {
            assertThat(sharing).hasSize(3).extracting(RunConfig::seed).containsOnly(sharing.get(0).seed());
            assertThat(sharing).extracting(run -> run.get("optimizer.lr")).containsOnly(sharing.get(0).get("optimizer.lr"));
            assertThat(sharing).extracting(run -> run.get("finetuning.reparametrizeScale")).doesNotHaveDuplicates();
        }
    }

    @Test
    void theStageIsTheConfigurationWithoutTheFineTuningKeys() {
        RunConfig run = SpecPlan.load(new SpecChecker(), REDUCED, null).configs().get(0);
        RunConfig stage = SharedStages.pretraining(run);
        assertThat(stage.parameters().keySet()).noneMatch(key -> key.startsWith("finetuning"));
        assertThat(stage.get("optimizer.lr")).isEqualTo(run.get("optimizer.lr"));
        assertThat(stage.seed()).isEqualTo(run.seed());
        // changing a fine-tuning key keeps the stage, changing a pre-training key does not
        assertThat(SharedStages.pretraining(run.with("finetuning.lr", 0.5)).id()).isEqualTo(stage.id());
        assertThat(SharedStages.pretraining(run.with("optimizer.lr", 0.5)).id()).isNotEqualTo(stage.id());
    }

    /**
     * Two workers take the first two batches: ordered, they need different pre-training stages even
     * when the plan lists the batches of one stage first (vary the learning rate before the scale),
     * so neither waits on the other's stage lock while another stage is left to train.
     */
    @Test
    void workersStartedTogetherTrainDifferentStages() {
        List<RunConfig> runs = SpecPlan.load(new SpecChecker(), REDUCED, null).configs();
        // the batches of one learning rate (one stage per seed) first, as a plan varying the scale innermost lists them
        List<List<RunConfig>> batches = new java.util.ArrayList<>(SeedBatching.plan(runs, run -> 0L,
                SeedBatching.Mode.AUTO, 2));
        batches.sort(java.util.Comparator.comparing(batch -> String.valueOf(batch.get(0).get("optimizer.lr"))));
        assertThat(batches).hasSize(6);
        assertThat(stagesOf(batches.get(0))).isEqualTo(stagesOf(batches.get(1)));

        List<List<RunConfig>> ordered = SharedStages.order(batches);
        assertThat(ordered).containsExactlyInAnyOrderElementsOf(batches);
        for (int i = 0; i + 1 < ordered.size(); i++) {
            assertThat(stagesOf(ordered.get(i))).as("batches %d and %d", i, i + 1)
                    .doesNotContainAnyElementsOf(stagesOf(ordered.get(i + 1)));
        }
        // within one stage set the planned order stays
        assertThat(ordered.stream().filter(b -> stagesOf(b).equals(stagesOf(batches.get(0)))).toList())
                .containsExactlyElementsOf(batches.subList(0, 3));
    }

    private static java.util.Set<String> stagesOf(List<RunConfig> batch) {
        return batch.stream().map(run -> SharedStages.pretraining(run).id())
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void planShowsTheSharingInLinesOfItsOwn() {
        CommandLine cli = SaturnCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("plan", REDUCED.toString())).isZero();
        assertThat(out.toString()).contains("pre-training: 4 shared by 12 runs\n");
        assertThat(out.toString().lines().filter(line -> line.startsWith("  stage "))).hasSize(4);
    }
}
