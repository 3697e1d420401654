package org.saturn.engine.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.engine.cli.SaturnCli;

import picocli.CommandLine;

/** saturn slurm without a cluster: the dry run's script and matrix, wrong inputs, and the store's bookkeeping. */
class SlurmCommandTest {

    @TempDir
    Path folder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int saturn(String... args) {
        CommandLine cli = SaturnCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private Path spec() throws Exception {
        Path spec = folder.resolve("sweep.saturn");
        Files.copy(getClass().getResourceAsStream("/slurm/sweep.saturn"), spec);
        return spec;
    }

    @Test
    void aDryRunPrintsAValidJobScriptAndTheRunMatrixAndSubmitsNothing() throws Exception {
        Path spec = spec();
        Path store = folder.resolve("store");
        assertThat(saturn("slurm", spec.toString(), "--store", store.toString(), "--dry-run", "--partition", "short",
                "--time", "01:30:00", "--cpus-per-task", "2", "--mem", "4G", "--array-parallelism", "3")).as(err.toString())
                .isZero();
        String printed = out.toString();
        String script = printed.substring(0, printed.indexOf("\ntask "));
        assertThat(script).startsWith("#!/bin/bash\n").contains("#SBATCH --job-name=saturn-SlurmSweep",
                "#SBATCH --array=0-3%3", "#SBATCH --partition=short", "#SBATCH --time=01:30:00",
                "#SBATCH --cpus-per-task=2", "#SBATCH --mem=4G", "'worker' '--run' \"$study/$run\"",
                "'--store' '" + store.toAbsolutePath() + "'", "'--backend' 'cpu'").doesNotContain("--gres");
        assertThat(printed.lines().filter(line -> line.matches("\\d+\\s+[0-9a-f]{12}\\s+SlurmSweep\\s+Tiny.*new")))
                .hasSize(4);
        assertThat(err.toString()).contains("4 runs", "4 to submit", "dry run: nothing submitted");
        assertThat(Submission.all(store)).isEmpty();

        // bash accepts the script as written
        Path file = Files.writeString(folder.resolve("job.sh"), script);
        Process check = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
        String complaints = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(complaints).isZero();
    }

    @Test
    void eachTasksMemoryDefaultsToTheLargestRunsEstimateAndTheWorkerGetsItsCaps() throws Exception {
        Path spec = spec();
        assertThat(saturn("slurm", spec.toString(), "--store", folder.resolve("s").toString(), "--dry-run"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("#SBATCH --mem=\\d+M\n").containsPattern(" '-Xmx\\d+m' ")
                .containsPattern(" '-Dorg.bytedeco.javacpp.maxbytes=\\d+' ")
                .containsPattern(" '-Dorg.bytedeco.javacpp.maxphysicalbytes=\\d+' ");

        // --mem given: the worker's caps fit inside it
        out.getBuffer().setLength(0);
        assertThat(saturn("slurm", spec.toString(), "--store", folder.resolve("t").toString(), "--dry-run", "--mem",
                "2G")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("#SBATCH --mem=2G\n").contains(" '-Dorg.bytedeco.javacpp.maxphysicalbytes="
                + (2L << 30) + "' ");
    }

    @Test
    void gpusBecomeAGresRequest() throws Exception {
        assertThat(saturn("slurm", spec().toString(), "--store", folder.resolve("s").toString(), "--dry-run", "--gpus",
                "2")).isZero();
        assertThat(out.toString()).contains("#SBATCH --gres=gpu:2");
        assertThat(err.toString()).contains("--gpus with --backend cpu reserves GPUs the worker will not use");
    }

    @Test
    void wrongInputsGetOneClearMessage() throws Exception {
        Path spec = spec();
        assertThat(saturn("slurm", spec.toString(), "--time", "ninety", "--dry-run")).isEqualTo(1);
        assertThat(err.toString().trim())
                .isEqualTo("saturn slurm: --time 'ninety' is not a Slurm time limit (HH:MM:SS or D-HH:MM:SS)");
        assertThat(saturn("slurm", spec.toString(), "--array-parallelism", "0", "--dry-run")).isEqualTo(1);
        assertThat(err.toString()).contains("--array-parallelism must be at least 1, not 0");
        assertThat(saturn("slurm")).isEqualTo(1);
        assertThat(err.toString()).contains("which spec? saturn slurm SPEC (or saturn slurm --status)");
        assertThat(saturn("slurm", spec.toString(), "--backend", "tpu", "--dry-run")).isEqualTo(1);
        assertThat(err.toString()).contains("--backend is cpu or cuda, not tpu");
        assertThat(saturn("slurm", spec.toString(), "--only", "seed=9", "--dry-run")).isEqualTo(1);
        assertThat(err.toString()).contains("no run matches --only seed=9");
        assertThat(saturn("slurm", "--status", "--store", folder.resolve("nothing").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no run store at");
        assertThat(err.toString()).doesNotContain("Exception");
    }

    @Test
    void aSweepLargerThanMaxArraySizeIsSplitIntoArrayJobs() {
        assertThat(SlurmSweep.chunks(2500, 1001)).containsExactly(new int[] { 0, 1001 }, new int[] { 1001, 1001 },
                new int[] { 2002, 498 });
        assertThat(SlurmSweep.chunks(4, 1001)).containsExactly(new int[] { 0, 4 });
    }

    @Test
    void eachRunIsShownWithItsLatestTask() throws Exception {
        Path store = folder.resolve("store");
        Submission first = Submission.create(store.resolve(".slurm/20260101-000000-000"),
                List.of(new Submission.Entry("S", "a"), new Submission.Entry("S", "b")), "/cp", "#!/bin/bash\n");
        first.addJob(new Submission.ArrayJob("11", 0, 2));
        Submission second = Submission.create(store.resolve(".slurm/20260101-000001-000"),
                List.of(new Submission.Entry("S", "b")), "/cp", "#!/bin/bash\n");
        second.addJob(new Submission.ArrayJob("12", 0, 1));
        assertThat(Submission.latestTasks(store).entrySet().stream()
                .map(e -> e.getKey().runId() + "=" + e.getValue().name()).toList()).containsExactly("a=11_0", "b=12_0");
        assertThat(SlurmSweep.jobName(List.of())).isEqualTo("saturn-sweep");
    }
}
