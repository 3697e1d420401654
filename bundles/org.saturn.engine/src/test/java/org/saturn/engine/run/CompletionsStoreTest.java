package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.lang.Language;
import org.saturn.core.metrics.MetricNames;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.CompletionRow;
import org.saturn.core.store.CompletionsLog;
import org.saturn.core.store.MetricPoint;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.plan.RunInputs;
import org.saturn.dsl.compiler.ConfigDefinitions;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.engine.cli.SaturnCli;

import picocli.CommandLine;

/**
 * The store of one real (in-process) training run: completions per evaluation that agree with
 * metrics.csv, distributions where a checkpoint is written, {@code checkpoint every 15 steps keep
 * all}, and a resume from a checkpoint between evaluations that rewrites the store exactly.
 */
class CompletionsStoreTest {

    @TempDir
    Path folder;

    @Test
    void everyEvaluationStoresItsCompletionsAndAResumeBetweenEvaluationsRewritesTheStoreExactly() throws Exception {
        Path spec = folder.resolve("tiny.saturn");
        Files.writeString(spec, new String(getClass().getResourceAsStream("/run/tiny.saturn").readAllBytes())
                .replace("  regime oracle weight 1 on P", "  regime oracle weight 1 on P\n  checkpoint every 15 steps keep all"));
        SpecPlan plan = SpecPlan.load(new SpecChecker(), spec, null);
        RunConfig oracle = plan.configs().stream().filter(c -> c.regime().equals("oracle")).findFirst().orElseThrow();
        RunInputs inputs = new ConfigDefinitions().inputs(oracle);
        Path store = folder.resolve("runs");
        assertThat(worker(spec, oracle, store)).isZero();
        RunDirectory run = RunStore.open(store).run(oracle.study(), oracle.id());
        RunRecord record = run.record().orElseThrow();
        assertThat(record.getStatus()).isEqualTo(RunStatus.FINISHED);

        // one file per evaluation, one row per prompt of every set
        assertThat(CompletionsLog.steps(run.path())).containsExactly(10L, 20L, 30L, 40L);
        int ids = inputs.prompts().inDistribution().size();
        int oods = inputs.prompts().outOfDistribution().size();
        assertThat(ids + oods).isEqualTo(16);
        Map<String, Double> metrics = new HashMap<>();
        run.metrics().forEach(p -> metrics.put(p.step() + " " + p.key(), p.value()));
        for (long step : CompletionsLog.steps(run.path())) {
            List<CompletionRow> rows = CompletionsLog.read(run.path(), step);
            assertThat(rows).hasSize(ids + oods + 1);
            assertThat(rows.stream().filter(r -> r.set().equals("ID"))).hasSize(ids);
            assertThat(rows.stream().filter(r -> r.set().equals("OOD"))).hasSize(oods);
            assertThat(rows.stream().filter(r -> r.set().equals("SOS"))).hasSize(1);
            assertRulesAgreeWithMetrics(inputs.language(), step, rows, metrics);
            // distributions only where the latest checkpoint was written: 30 (every 15) and 40 (the end)
            boolean checkpointed = step == 30 || step == 40;
            for (CompletionRow row : rows) {
                if (checkpointed) {
                    assertDistributionsOfGreedyDecoding(CompletionsLog.vocabulary(run.path(), step), row);
                } else {
                    assertThat(row.probabilities()).isEmpty();
                }
            }
        }

        // keep all: latest at the end, a copy every 15 steps, best at the best evaluation
        assertThat(Checkpoint.step(run.checkpoint(TrainingLoop.LATEST))).isEqualTo(40);
        assertThat(Checkpoint.step(run.checkpoint("step-00000015"))).isEqualTo(15);
        assertThat(Checkpoint.step(run.checkpoint("step-00000030"))).isEqualTo(30);
        assertThat(Checkpoint.step(run.checkpoint(TrainingLoop.BEST))).isEqualTo(record.getBestStep()).isPositive();
        assertThat(record.getCheckpointStep()).isEqualTo(40);

        // a copy of the run, put back to its checkpoint at step 15 (between two evaluations) as if
        // it had stopped there, resumes and writes the same metrics and completions
        Path second = folder.resolve("runs2");
        RunDirectory resumed = RunStore.create(second).run(oracle.study(), oracle.id());
        copy(run.path(), resumed.path());
        copy(run.checkpoint("step-00000015"), resumed.checkpoint(TrainingLoop.LATEST));
        RunRecord stopped = resumed.record().orElseThrow();
        stopped.setStatus(RunStatus.STOPPED);
        resumed.writeRecord(stopped);
        assertThat(worker(spec, oracle, second)).isZero();
        assertThat(resumed.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(values(resumed.metrics())).containsExactlyElementsOf(values(run.metrics()));
        for (long step : List.of(10L, 20L, 30L, 40L)) {
            assertThat(Files.readString(CompletionsLog.file(resumed.path(), step)))
                    .as("completions at step %d", step).isEqualTo(Files.readString(CompletionsLog.file(run.path(), step)));
        }
        assertThat(Files.getLastModifiedTime(CompletionsLog.file(resumed.path(), 20)))
                .as("step 20 came after the checkpoint: it was written again")
                .isGreaterThan(Files.getLastModifiedTime(CompletionsLog.file(resumed.path(), 10)));
    }

    /** The mean of each rule over the finished rows of a set is that set's accuracy in metrics.csv. */
    private static void assertRulesAgreeWithMetrics(Language language, long step, List<CompletionRow> rows,
            Map<String, Double> metrics) {
        for (String set : List.of("ID", "OOD", "SOS")) {
            List<CompletionRow> ofSet = rows.stream().filter(r -> r.set().equals(set)).toList();
            List<CompletionRow> finished = ofSet.stream().filter(CompletionRow::finished).toList();
            String prefix = step + " " + set.toLowerCase() + ".";
            assertThat(metrics.get(prefix + MetricNames.FINISHED)).as(prefix + "finished")
                    .isCloseTo((double) finished.size() / ofSet.size(), within(1e-12));
            for (String metric : MetricNames.accuracies(language)) {
                String key = CompletionsWriter.key(metric);
                assertThat(ofSet).allSatisfy(row -> assertThat(row.rules()).containsKey(key));
                double mean = finished.stream().filter(r -> r.rules().get(key)).count() / (double) finished.size();
                Double stored = metrics.get(prefix + metric);
                if (finished.isEmpty()) {
                    assertThat(stored).as(prefix + metric).isNaN();
                } else {
                    assertThat(stored).as(prefix + metric).isCloseTo(mean, within(1e-12));
                }
            }
        }
    }

    /**
     * Row t is a distribution (sums to 1) after SOS and the first t symbols; as the decoding was
     * greedy, the symbol that followed each prompt position is that row's most likely one.
     */
    private static void assertDistributionsOfGreedyDecoding(List<String> vocabulary, CompletionRow row) {
        List<String> sequence = new ArrayList<>(row.prompt());
        sequence.addAll(row.completion());
        if (row.finished()) {
            sequence.add("EOS");
            assertThat(row.probabilities()).hasSize(sequence.size());
        }
        for (double[] distribution : row.probabilities()) {
            assertThat(distribution).hasSize(vocabulary.size());
            assertThat(java.util.Arrays.stream(distribution).sum()).isCloseTo(1.0, within(2e-3));
        }
        for (int t = row.prompt().size(); t < Math.min(row.probabilities().size(), sequence.size()); t++) {
            double[] distribution = row.probabilities().get(t);
            double max = java.util.Arrays.stream(distribution).max().orElseThrow();
            assertThat(distribution[vocabulary.indexOf(sequence.get(t))]).as("greedy choice at %d of %s", t, row)
                    .isCloseTo(max, within(1e-3));
        }
    }

    private static int worker(Path spec, RunConfig run, Path store) {
        CommandLine cli = SaturnCli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute("worker", spec.toString(), "--run", run.id(), "--store", store.toString());
    }

    private static List<String> values(List<MetricPoint> points) {
        return points.stream().map(p -> p.step() + " " + p.key() + " " + p.value()).toList();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
