package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.MetricPoint;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.engine.cli.SaturnCli;

import picocli.CommandLine;

/**
 * Pre-train → reparametrise → measure the Hessian trace → fine-tune, through saturn run with real
 * workers (seed-batched pre-training: 2 seeds x 2 scales = 2 groups).
 */
class FineTuningTest {

    @TempDir
    Path folder;

    @Test
    void aReparametrisedModelHasThePretrainingLossButAnotherHessianAndFineTuning() throws Exception {
        Path spec = folder.resolve("finetune.saturn");
        Files.copy(getClass().getResourceAsStream("/run/finetune.saturn"), spec);
        Path store = folder.resolve("runs");
        CommandLine cli = SaturnCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("run", spec.toString(), "--store", store.toString(), "--progress", "json")).as(err.toString())
                .isZero();
        assertThat(err.toString()).contains("in 2 seed-batched workers");

        List<RunDirectory> runs = RunStore.open(store).runs("Tune");
        assertThat(runs).hasSize(4);
        // the two scales of a seed share one pre-training: 2 stages trained, not 4 pre-trainings
        try (var stages = Files.list(store.resolve("Tune").resolve(RunStore.STAGES))) {
            List<Path> trained = stages.toList();
            assertThat(trained).hasSize(2);
            for (Path stage : trained) {
                assertThat(Files.readString(stage.resolve(RunDirectory.RECORD))).contains("FINISHED");
            }
        }
        for (long seed = 1; seed <= 2; seed++) {
            RunDirectory plain = run(runs, seed, 1.0);
            RunDirectory scaled = run(runs, seed, 4.0);
            for (RunDirectory run : List.of(plain, scaled)) {
                RunRecord record = run.record().orElseThrow();
                assertThat(record.getStatus()).isEqualTo(RunStatus.FINISHED);
                assertThat(record.getMessage()).contains("fine-tuned 10 steps");
                Map<String, Double> at20 = values(run, 20);
                // the reparametrisation preserves the function: the same pre-training test loss
                assertThat(at20.get(MetricKeys.FINE_TUNING_PRETRAIN_LOSS)).isCloseTo(at20.get(MetricKeys.TEST_LOSS), within(1e-5));
                assertThat(at20.get(MetricKeys.HESSIAN_TRACE)).isFinite();
                assertThat(at20.get(MetricKeys.HESSIAN_TRACE_STDERR)).isPositive();
                assertThat(values(run, 25)).containsKeys(MetricKeys.FINE_TUNING_LOSS, MetricKeys.FINE_TUNING_TRAIN_LOSS, "finetune.ood.R1");
                assertThat(values(run, 30).get(MetricKeys.FINE_TUNING_LOSS)).isLessThan(values(run, 25).get(MetricKeys.FINE_TUNING_LOSS) + 0.5);
                assertThat(record.getSummaries().stream().map(s -> s.getMetric())).contains(MetricKeys.HESSIAN_TRACE,
                        MetricKeys.FINE_TUNING_LOSS, MetricKeys.TEST_LOSS);
            }
            // one shared pre-training: every pre-training point of the two runs is the same
            assertThat(pretraining(plain)).isEqualTo(pretraining(scaled)).isNotEmpty();
            // equal pre-training, different parameters: another Hessian trace and another fine-tuning
            assertThat(values(plain, 20).get(MetricKeys.TEST_LOSS)).isEqualTo(values(scaled, 20).get(MetricKeys.TEST_LOSS));
            assertThat(values(plain, 20).get(MetricKeys.HESSIAN_TRACE))
                    .isNotCloseTo(values(scaled, 20).get(MetricKeys.HESSIAN_TRACE), within(1e-3));
            assertThat(values(plain, 30).get(MetricKeys.FINE_TUNING_LOSS)).isNotEqualTo(values(scaled, 30).get(MetricKeys.FINE_TUNING_LOSS));
        }
    }

    /**
     * {@code hessianAt both}: flatness of the pre-trained weights at the fine-tuning's start
     * ({@code hessian.*}) and of the fine-tuned weights on the fine-tuning loss after its last step
     * ({@code finetune.hessian.*}), each in the record's summaries and in the report's declared columns.
     */
    @Test
    void flatnessIsMeasuredAtThePretrainedAndTheFineTunedWeights() throws Exception {
        Path spec = folder.resolve("finetune.saturn");
        String text = new String(getClass().getResourceAsStream("/run/finetune.saturn").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        text = text.replace("hessianTraceSamples 4", "hessianTraceSamples 4 hessianAt both")
                .replace("seeds 1..2", "seeds 1\n  metric hessianTrace summary last\n"
                        + "  metric relativeFlatness summary last\n  metric testLoss summary atBest\n"
                        + "  metric trainLoss summary last\n  metric gap summary atBest\n"
                        + "  metric finished summary max\n  metric finetuneLoss summary last");
        Files.writeString(spec, text);
        Path store = folder.resolve("runs");
        CommandLine cli = SaturnCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("run", spec.toString(), "--store", store.toString(), "--progress", "json"))
                .as(err.toString()).isZero();

        List<RunDirectory> runs = RunStore.open(store).runs("Tune");
        assertThat(runs).hasSize(2);
        for (RunDirectory run : runs) {
            Map<String, Double> start = values(run, 20);
            Map<String, Double> end = values(run, 30);
            assertThat(start.get(MetricKeys.HESSIAN_TRACE)).isFinite();
            assertThat(start.get(MetricKeys.RELATIVE_FLATNESS)).isFinite();
            assertThat(start).doesNotContainKey(MetricKeys.FINE_TUNED_HESSIAN_TRACE);
            assertThat(end.get(MetricKeys.FINE_TUNED_HESSIAN_TRACE)).isFinite();
            assertThat(end.get(MetricKeys.FINE_TUNED_HESSIAN_TRACE_STDERR)).isPositive();
            assertThat(end.get(MetricKeys.FINE_TUNED_HESSIAN_TRACE_PROBES)).isEqualTo(4.0);
            assertThat(end.get(MetricKeys.FINE_TUNED_RELATIVE_FLATNESS)).isFinite();
            assertThat(end.get(MetricKeys.FINE_TUNED_RELATIVE_FLATNESS_STDERR)).isPositive();
            assertThat(end).doesNotContainKey(MetricKeys.HESSIAN_TRACE);
            // another loss at other weights: another number
            assertThat(end.get(MetricKeys.FINE_TUNED_HESSIAN_TRACE)).isNotEqualTo(start.get(MetricKeys.HESSIAN_TRACE));
            assertThat(run.record().orElseThrow().getSummaries().stream().map(s -> s.getMetric())).contains(
                    MetricKeys.HESSIAN_TRACE, MetricKeys.FINE_TUNED_HESSIAN_TRACE,
                    MetricKeys.FINE_TUNED_RELATIVE_FLATNESS_STDERR);
        }
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("report", store.toString(), "--json")).isZero();
        assertThat(out.toString()).contains("\"hessianTrace\"", "\"hessianTrace after fine-tuning\"",
                "\"relativeFlatness after fine-tuning\"", "\"key\":\"finetune.hessian.trace\"");
        com.fasterxml.jackson.databind.JsonNode groups = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.toString()).get("groups");
        assertThat(groups).hasSize(2);
        for (com.fasterxml.jackson.databind.JsonNode group : groups) {
            for (String name : List.of("hessianTrace", "hessianTrace after fine-tuning", "relativeFlatness",
                    "relativeFlatness after fine-tuning")) {
                assertThat(group.get("declared").get(name).get("mean").isNumber()).as(name).isTrue();
                assertThat(group.get("declared").get(name).get("estimatorStderr").isNumber()).as(name).isTrue();
            }
            // the names with no series of their own (gap) or none before (trainLoss) read as numbers too
            for (String name : List.of("testLoss", "trainLoss", "gap", "finished", "finished after fine-tuning",
                    "finetuneLoss")) {
                assertThat(group.get("declared").get(name).get("mean").isNumber()).as(name).isTrue();
            }
            assertThat(group.get("declared").get("gap").get("mean").asDouble()).isCloseTo(
                    group.get("gapPercent").asDouble(), within(1e-6));
        }
    }

    private static RunDirectory run(List<RunDirectory> runs, long seed, double scale) {
        return runs.stream().filter(r -> {
            RunRecord record = r.record().orElseThrow();
            return record.getSeed() == seed && record.getParameters().stream().anyMatch(
                    p -> p.getKey().equals("finetuning.reparametrizeScale") && Double.parseDouble(p.getValue()) == scale);
        }).findFirst().orElseThrow();
    }

    private static List<String> pretraining(RunDirectory run) {
        return run.metrics().stream().filter(p -> !MetricKeys.fineTuning(p.key()))
                .map(p -> p.step() + " " + p.key() + " " + p.value()).toList();
    }

    private static Map<String, Double> values(RunDirectory run, long step) {
        return run.metrics().stream().filter(p -> p.step() == step)
                .collect(Collectors.toMap(MetricPoint::key, MetricPoint::value, (a, b) -> b));
    }
}
