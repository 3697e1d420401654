package org.saturn.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.ReportFormats;
import org.saturn.core.report.StudyReport;
import org.saturn.core.store.RunStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The runs table and the long metric series; its group means are the report's. */
class RunsTableTest {

    @TempDir
    Path dir;

    @Test
    void oneRowPerRunWithConfigMetricsAndCommit() {
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        store.run("CS1", "a1").writeText("environment.json", "{\"gitCommit\": \"abc123\", \"gitDirty\": false}\n");
        RunsTable table = RunsTable.of(ExportedRun.of(store, null));
        assertThat(table.columns()).startsWith("id", "study", "group", "model", "regime", "seed", "status")
                .contains("gitCommit", "config.optimizer.lr", "config.seed", "config.dropout.enabled",
                        "test.loss.min", "test.loss.max", "test.loss.last", "test.loss.atBest", "ood.R1.atBest");
        String[] lines = table.csv().split("\n");
        assertThat(lines).hasSize(5);
        List<String> header = List.of(lines[0].split(",", -1));
        List<String> a1 = List.of(lines[1].split(",", -1));
        assertThat(a1.get(header.indexOf("id"))).isEqualTo("a1");
        assertThat(a1.get(header.indexOf("status"))).isEqualTo("finished");
        assertThat(a1.get(header.indexOf("gitCommit"))).isEqualTo("abc123");
        assertThat(a1.get(header.indexOf("config.optimizer.lr"))).isEqualTo("0.001");
        assertThat(a1.get(header.indexOf("test.loss.atBest"))).isEqualTo("0.3");
        assertThat(a1.get(header.indexOf("test.loss.last"))).isEqualTo("0.31");
        assertThat(List.of(lines[2].split(",", -1)).get(header.indexOf("gitCommit"))).isEmpty();

        String jsonl = table.jsonLines();
        assertThat(jsonl.lines()).hasSize(4);
        assertThat(jsonl.lines().findFirst().orElseThrow()).contains("\"id\":\"a1\"").contains("\"config.optimizer.lr\":0.001")
                .contains("\"config.dropout.enabled\":true").contains("\"config.model.name\":\"Tf\"")
                .contains("\"gitCommit\":\"abc123\"");
    }

    @Test
    void aDamagedRecordIsLeftOutOfEveryExportWithOneWarning() throws IOException {
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        Path damaged = store.run("CS1", "a2").path().resolve(org.saturn.core.store.RunDirectory.RECORD);
        byte[] record = Files.readAllBytes(damaged);
        Files.write(damaged, java.util.Arrays.copyOf(record, record.length / 2));
        List<String> warnings = new ArrayList<>();
        org.saturn.core.store.StoreWarnings.reset();
        java.util.function.Consumer<String> previous = org.saturn.core.store.StoreWarnings.routeTo(warnings::add);
        try {
            List<ExportedRun> runs = ExportedRun.of(store, null);
            assertThat(runs).extracting(run -> run.directory().runId()).containsExactly("a1", "b1", "b2");
            assertThat(RunsTable.metricsCsv(ExportedRun.of(store, "CS1"))).doesNotContain("\na2,");
        } finally {
            org.saturn.core.store.StoreWarnings.routeTo(previous);
        }
        // the file once: the store's "unreadable run record FILE: DETAIL" loses its repeated FILE
        assertThat(warnings).containsExactly("saturn: skipped " + damaged
                + ": unreadable run record (XML document structures must start and end within the same entity.)");
    }

    @Test
    void metricsInLongFormat() {
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        String csv = RunsTable.metricsCsv(ExportedRun.of(store, "CS1"));
        assertThat(csv).startsWith("run,study,step,wallTime,metric,value\n")
                .contains("a1,CS1,0,0.0,test.loss,0.5\n").contains("b2,CS1,30,4.5,ood.R1,0.25\n");
        assertThat(csv.lines()).hasSize(1 + 4 * 8);
    }

    @Test
    void groupMeansOfTheTableAreTheReportsJson() throws IOException {
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        RunsTable table = RunsTable.of(ExportedRun.of(store, null));
        Map<String, List<Double>> byGroup = new TreeMap<>();
        for (Map<String, Object> row : table.rows()) {
            byGroup.computeIfAbsent(row.get("study") + "|" + row.get("group"), k -> new ArrayList<>())
                    .add((Double) row.get("test.loss.atBest"));
        }
        List<GroupRow> report = StudyReport.of(store, null);
        JsonNode groups = new ObjectMapper().readTree(ReportFormats.json(report)).get("groups");
        assertThat(groups).hasSize(byGroup.size());
        for (JsonNode group : groups) {
            List<Double> losses = byGroup.get(group.get("study").asText() + "|" + group.get("group").asText());
            GroupSummary mean = GroupSummary.of(losses.stream().mapToDouble(Double::doubleValue).toArray());
            assertThat(group.get("n").asInt()).isEqualTo(losses.size());
            assertThat(group.get("testLoss").get("mean").asDouble()).isCloseTo(mean.mean(), within(1e-12));
            assertThat(group.get("testLoss").get("std").asDouble()).isCloseTo(mean.std(), within(1e-12));
        }
    }

    /** The README's pandas snippet, run on an exported table, prints the report's means and stds. */
    @Test
    void theReadmesPandasSnippetReproducesTheReport() throws Exception {
        Assumptions.assumeTrue(run(dir.resolve("probe.txt"), "python3", "-c", "import pandas") == 0,
                "Python's pandas is not installed (pip install pandas): the README snippet is not run");
        String readme = Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf("<!-- export-pandas");
        assertThat(marker).as("README has the pandas snippet").isPositive();
        int start = readme.indexOf("```python\n", marker) + "```python\n".length();
        String snippet = readme.substring(start, readme.indexOf("```", start));
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        Files.writeString(dir.resolve("runs.csv"), RunsTable.of(ExportedRun.of(store, null)).csv());
        // the snippet's own table, then its numbers in full for the comparison
        Files.writeString(dir.resolve("snippet.py"), snippet + "for (study, group), r in groups.iterrows():\n"
                + "    print('GROUP', study, group, int(r['count']), repr(float(r['mean'])), repr(float(r['std'])))\n");
        Path output = dir.resolve("pandas.txt");
        ProcessBuilder python = new ProcessBuilder("python3", "snippet.py").directory(dir.toFile());
        int exit = run(output, python);
        String printed = Files.readString(output);
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("count  mean").doesNotContain("Error");
        Map<String, String[]> pandas = new TreeMap<>();
        printed.lines().filter(line -> line.startsWith("GROUP ")).map(line -> line.split(" "))
                .forEach(cells -> pandas.put(cells[1] + "|" + cells[2], cells));
        List<GroupRow> report = StudyReport.of(store, null);
        assertThat(pandas).as(printed).hasSize(report.size());
        for (GroupRow group : report) {
            String[] cells = pandas.get(group.study() + "|" + group.group());
            assertThat(cells).as(printed).isNotNull();
            assertThat(Integer.parseInt(cells[3])).isEqualTo(group.n());
            assertThat(Double.parseDouble(cells[4])).isCloseTo(group.testLoss().mean(), within(1e-12));
            assertThat(Double.parseDouble(cells[5])).isCloseTo(group.testLoss().std(), within(1e-12));
        }
    }

    private static int run(Path output, String... command) throws IOException, InterruptedException {
        return run(output, new ProcessBuilder(command));
    }

    private static int run(Path output, ProcessBuilder command) throws IOException, InterruptedException {
        Process process;
        try {
            process = command.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException noPython) {
            return -1;
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
