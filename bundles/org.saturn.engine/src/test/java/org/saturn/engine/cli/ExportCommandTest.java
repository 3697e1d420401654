package org.saturn.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.MetricsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

/** {@code saturn export STORE --tensorboard DIR --runs FILE --metrics FILE}: every format from one command. */
class ExportCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    static void write(Path store, String study, String id, long seed, double loss) {
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setStudy(study);
        record.setRunId(id);
        record.setGroup("Tf/iid/1");
        record.setModel("Tf");
        record.setRegime("iid");
        record.setSeed(seed);
        record.setStatus(RunStatus.FINISHED);
        record.setOptimalLoss(0.1);
        record.setStartedAt("2026-12-03T10:00:00Z");
        Parameter lr = ResultsFactory.eINSTANCE.createParameter();
        lr.setKey("optimizer.lr");
        lr.setValue("0.001");
        record.getParameters().add(lr);
        MetricSummary summary = ResultsFactory.eINSTANCE.createMetricSummary();
        summary.setMetric("test.loss");
        summary.setAtBest(loss);
        summary.setMin(loss);
        summary.setMax(0.5);
        summary.setLast(loss);
        record.getSummaries().add(summary);
        RunDirectory run = RunStore.create(store).run(study, id);
        run.writeRecord(record);
        try (MetricsLog metrics = run.openMetrics()) {
            metrics.append(0, 0.5, "test.loss", 0.5);
            metrics.append(10, 1.25, "test.loss", loss);
        }
    }

    @Test
    void writesEveryFormatAndOnlyTheStudyAsked() throws Exception {
        Path store = dir.resolve("runs");
        write(store, "CS1", "r1", 1, 0.2);
        write(store, "CS1", "r2", 2, 0.3);
        write(store, "CS2", "q1", 1, 0.4);
        Path csv = dir.resolve("runs.csv");
        Path jsonl = dir.resolve("runs.jsonl");
        Path metrics = dir.resolve("metrics.csv");
        Path tb = dir.resolve("tb");

        assertThat(run("export", store.toString(), "--study", "CS1", "--runs", csv.toString(), "--metrics",
                metrics.toString(), "--tensorboard", tb.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("tensorboard: 2 runs, 4 scalars").contains("runs: 2 rows");
        assertThat(Files.readString(csv)).startsWith("id,study,group,").contains("config.optimizer.lr")
                .contains("\nr1,CS1,Tf/iid/1,Tf,iid,1,finished,").doesNotContain("q1");
        assertThat(Files.readString(metrics)).isEqualTo("run,study,step,wallTime,metric,value\n"
                + "r1,CS1,0,0.5,test.loss,0.5\nr1,CS1,10,1.25,test.loss,0.2\n"
                + "r2,CS1,0,0.5,test.loss,0.5\nr2,CS1,10,1.25,test.loss,0.3\n");
        assertThat(Files.list(tb.resolve("CS1").resolve("r2")).toList()).hasSize(1);
        assertThat(tb.resolve("CS2")).doesNotExist();

        assertThat(run("export", store.toString(), "--runs", jsonl.toString())).isZero();
        assertThat(Files.readAllLines(jsonl)).hasSize(3).allMatch(line -> line.startsWith("{\"id\":"));
    }

    @Test
    void wrongInputIsOneLine() throws Exception {
        Path store = dir.resolve("runs");
        write(store, "CS1", "r1", 1, 0.2);
        assertThat(run("export", store.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("say what to export: --tensorboard DIR");
        err.getBuffer().setLength(0);
        assertThat(run("export", store.toString(), "--runs", dir.resolve("runs.txt").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--runs takes a file ending in .csv or .jsonl");
        err.getBuffer().setLength(0);
        assertThat(run("export", store.toString(), "--study", "Nope", "--runs", dir.resolve("a.csv").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("no runs with a record in").contains("for study Nope");
    }
}
