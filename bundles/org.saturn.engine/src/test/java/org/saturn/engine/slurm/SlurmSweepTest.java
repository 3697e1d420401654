package org.saturn.engine.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.MetricPoint;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.engine.cli.SaturnCli;
import org.saturn.engine.run.ProgressEvent;
import org.saturn.engine.run.WorkerPool;

import picocli.CommandLine;

/**
 * saturn slurm against a real one-node Slurm cluster started by the test: a 4-run sweep runs as a
 * job array and gives exactly the metrics of a local saturn run; a task cancelled mid-run
 * (scancel) is resubmitted alone and resumes from its checkpoint; a third submission has nothing
 * to do. Needs root (the daemons); skipped with the reason otherwise.
 */
class SlurmSweepTest {

    private static final String STUDY = "SlurmSweep";
    private static final long STEPS = 120;

    @TempDir
    Path folder;

    private LocalSlurmCluster cluster;

    @Test
    void aSweepRunsAsAJobArrayAndACancelledTaskResumesWhenResubmitted() throws Exception {
        String reason = LocalSlurmCluster.unavailableReason();
        assumeTrue(reason == null, reason);
        LocalSlurmCluster.ensureInstalled();
        long began = System.nanoTime();
        Path spec = folder.resolve("sweep.saturn");
        Files.copy(getClass().getResourceAsStream("/slurm/sweep.saturn"), spec);

        // the reference: the same plan trained locally by saturn run
        Path local = folder.resolve("local");
        CommandLine cli = SaturnCli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream())); // saturn run's progress lines
        try {
            assertThat(cli.execute("run", spec.toString(), "--store", local.toString(), "--workers", "2")).isZero();
        } finally {
            System.setOut(console);
        }
        log("local saturn run of 4 runs", began);

        try (LocalSlurmCluster started = LocalSlurmCluster.start(folder.resolve("cluster"))) {
            cluster = started;
            log("cluster started", began);
            Path shared = folder.resolve("shared-store");
            RunStore store = RunStore.create(shared);
            Slurm slurm = new Slurm(cluster.environment());

            // 1. submit the sweep: 4 array tasks, at most 2 at once
            Cli submitted = saturn("slurm", spec.toString(), "--store", shared.toString(), "--array-parallelism", "2",
                    "--time", "00:10:00");
            assertThat(submitted.exit()).as(submitted.err()).isZero();
            String job = submitted.out().trim();
            assertThat(job).as(submitted.err()).matches("\\d+");
            // the run of each array task, in task order
            List<String> plan = Submission.all(shared).get(0).runs().stream().map(Submission.Entry::runId).toList();
            assertThat(plan).hasSize(4).doesNotHaveDuplicates();
            // tasks 2 and 3 wait for a free slot: their runs are marked queued in the store
            for (int task : new int[] { 2, 3 }) {
                RunRecord queued = record(store, plan.get(task));
                assertThat(queued.getStatus()).isEqualTo(RunStatus.PLANNED);
                assertThat(queued.getMessage()).isEqualTo("queued: slurm job " + job + "_" + task);
                assertThat(queued.getGroup()).isEqualTo(record(RunStore.open(local), plan.get(task)).getGroup());
            }

            // 2. cancel task 3 once it has checkpointed, then wait for the array to end
            RunDirectory cancelled = store.run(STUDY, plan.get(3));
            waitUntil(() -> cancelled.record().map(r -> r.getStatus() == RunStatus.RUNNING && r.getCheckpointStep() > 0)
                    .orElse(false), 240, "task 3 to checkpoint");
            assertThat(cluster.output(List.of("scancel", job + "_3"))).isBlank();
            waitUntil(() -> slurm.taskStates(job).values().stream().allMatch(Slurm::hasEnded), 240, "job " + job);
            log("array job " + job + " ended (task 3 cancelled)", began);
            Map<String, String> states = slurm.taskStates(job);
            assertThat(states).containsEntry(job + "_0", "COMPLETED").containsEntry(job + "_1", "COMPLETED")
                    .containsEntry(job + "_2", "COMPLETED").containsEntry(job + "_3", "CANCELLED");
            for (int task = 0; task < 3; task++) {
                assertThat(record(store, plan.get(task)).getStatus()).isEqualTo(RunStatus.FINISHED);
            }
            RunRecord stopped = cancelled.record().orElseThrow();
            assertThat(stopped.getStatus()).as(stopped.getMessage()).isEqualTo(RunStatus.STOPPED);
            long stopStep = stopped.getStep();
            assertThat(stopStep).isPositive().isLessThan(STEPS);

            Cli status = saturn("slurm", "--status", "--store", shared.toString());
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out()).containsPattern(job + "_3\\s+CANCELLED\\s+" + STUDY + "\\s+" + plan.get(3)
                    + "\\s+STOPPED\\s+" + stopStep + "/" + STEPS);
            assertThat(status.out()).containsPattern(job + "_0\\s+COMPLETED\\s+" + STUDY + "\\s+" + plan.get(0)
                    + "\\s+FINISHED\\s+" + STEPS + "/" + STEPS);
            assertThat(status.err()).contains("1 runs ended unfinished");

            // 3. submit again: only the cancelled run goes, as a job of its own, and keeps its progress
            Cli again = saturn("slurm", spec.toString(), "--store", shared.toString());
            assertThat(again.exit()).as(again.err()).isZero();
            String second = again.out().trim();
            assertThat(second).matches("\\d+").isNotEqualTo(job);
            assertThat(again.err()).contains("3 finished", "1 to submit");
            RunRecord requeued = cancelled.record().orElseThrow();
            assertThat(requeued.getStep()).isGreaterThanOrEqualTo(stopStep); // the queue mark kept its progress
            if (requeued.getStatus() == RunStatus.PLANNED) {
                assertThat(requeued.getMessage()).isEqualTo("queued: slurm job " + second + "_0");
            }
            List<Submission> submissions = Submission.all(shared);
            assertThat(submissions).hasSize(2);
            assertThat(submissions.get(1).runs()).containsExactly(new Submission.Entry(STUDY, plan.get(3)));
            waitUntil(() -> slurm.taskStates(second).values().stream().allMatch(Slurm::hasEnded)
                    && !slurm.taskStates(second).isEmpty(), 240, "job " + second);
            log("resubmitted job " + second + " ended", began);
            assertThat(slurm.taskStates(second)).containsExactly(Map.entry(second + "_0", "COMPLETED"));

            // it resumed at the step it stopped, and ended with the local run's metrics
            List<ProgressEvent> events = Files.readAllLines(
                    submissions.get(1).folder().resolve("logs").resolve(second + "_0.out"), StandardCharsets.UTF_8)
                    .stream().map(ProgressEvent::parse).filter(e -> e != null).toList();
            assertThat(events.get(0).status()).isEqualTo(ProgressEvent.STARTED);
            assertThat(events.get(0).step()).isEqualTo(stopStep);
            assertThat(events.get(events.size() - 1).status()).isEqualTo(ProgressEvent.FINISHED);

            RunStore reference = RunStore.open(local);
            for (int task = 0; task < 4; task++) {
                String run = plan.get(task);
                RunRecord record = record(store, run);
                assertThat(record.getStatus()).isEqualTo(RunStatus.FINISHED);
                assertThat(record.getStep()).isEqualTo(STEPS);
                List<MetricPoint> expected = reference.run(STUDY, run).metrics();
                List<MetricPoint> actual = store.run(STUDY, run).metrics();
                assertThat(expected).hasSizeGreaterThan(50);
                // one row per (step, metric): a resumed run never repeats or loses a row
                Set<String> keys = new HashSet<>();
                actual.forEach(point -> assertThat(keys.add(point.step() + " " + point.key())).isTrue());
                assertThat(values(actual, task == 3 ? stopStep : -1))
                        .containsExactlyElementsOf(values(expected, task == 3 ? stopStep : -1));
                assertThat(record.getBestStep()).isEqualTo(record(reference, run).getBestStep());
            }

            // 4. a third submission finds nothing to do
            Cli third = saturn("slurm", spec.toString(), "--store", shared.toString());
            assertThat(third.exit()).as(third.err()).isZero();
            assertThat(third.out()).isBlank();
            assertThat(third.err()).contains("4 finished", "nothing to submit");
            log("done", began);
        } catch (AssertionError | RuntimeException e) {
            if (cluster == null) {
                throw e;
            }
            throw new AssertionError(e.getMessage() + "\nSlurm logs:" + cluster.logs(), e);
        }
    }

    /**
     * The series as comparable text. The training loss is a mean over the steps since the last
     * evaluation; a run stopped between two evaluations restarts that mean at its stop step, so
     * the one train.loss row after {@code stopStep} is left out of the comparison.
     */
    private static List<String> values(List<MetricPoint> points, long stopStep) {
        List<String> values = new ArrayList<>();
        long firstEvaluationAfterStop = stopStep < 0 ? -1 : points.stream().mapToLong(MetricPoint::step)
                .filter(step -> step >= stopStep).min().orElse(-1);
        for (MetricPoint point : points) {
            if (!(point.key().equals("train.loss") && point.step() == firstEvaluationAfterStop
                    && firstEvaluationAfterStop != stopStep)) {
                values.add(point.step() + " " + point.key() + " " + point.value());
            }
        }
        return values;
    }

    private static RunRecord record(RunStore store, String run) {
        return store.run(STUDY, run).record().orElseThrow(() -> new AssertionError("no record of " + run));
    }

    private record Cli(int exit, String out, String err) {
    }

    /** saturn ARGS as its own process (as a researcher types it), talking to the test's cluster. */
    private Cli saturn(String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                WorkerPool.javaCommand(List.of(), SaturnCli.class.getName(), List.of(args)));
        builder.environment().putAll(cluster.environment());
        Path err = Files.createTempFile(folder, "saturn", ".err");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Cli(process.exitValue(), out, Files.readString(err));
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitUntil(Condition condition, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + seconds + " s for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static void log(String what, long began) {
        System.out.printf("SlurmSweepTest: %s after %.1f s%n", what, (System.nanoTime() - began) / 1e9);
    }
}
