package org.saturn.engine.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.RunStore;
import org.saturn.engine.cli.SaturnCli;
import org.saturn.engine.run.WorkerPool;

/**
 * A Slurm array and a local saturn run on one store at once, without a cluster: a fake sbatch takes
 * the job, and its array tasks run as Slurm would run them, the job script under bash with
 * SLURM_ARRAY_TASK_ID set (each a real saturn worker), while saturn run trains the same spec into the
 * same store. Every run finishes exactly once, no command reports a failure, and no metrics file has
 * lines of two writers.
 */
class SlurmContentionTest {

    private static final String JOB = "4242";
    private static final int TASKS = 4;

    @TempDir
    Path folder;

    @Test
    void aSlurmArrayAndALocalRunShareAStoreAndEveryRunFinishesOnce() throws Exception {
        Path spec = folder.resolve("sweep.saturn");
        Files.copy(getClass().getResourceAsStream("/slurm/sweep.saturn"), spec);
        Path store = folder.resolve("store");
        Path bin = fakeSlurm(folder.resolve("bin"));

        Process submit = process(List.of("slurm", spec.toString(), "--store", store.toString()), bin,
                folder.resolve("submit.out"), folder.resolve("submit.err"), Map.of());
        assertThat(submit.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(submit.exitValue()).as(Files.readString(folder.resolve("submit.err"))).isZero();
        assertThat(Files.readString(folder.resolve("submit.out")).trim()).isEqualTo(JOB);
        Path script;
        try (Stream<Path> files = Files.walk(store.resolve(".slurm"))) {
            script = files.filter(path -> path.getFileName().toString().equals(Submission.SCRIPT)).findFirst()
                    .orElseThrow();
        }

        // deterministic contention first: task 0 starts while another live process (this JVM) holds
        // its run; it must say the run is held there and exit 0, not fail it
        String[] first = Files.readAllLines(script.resolveSibling("runs.tsv")).get(0).split("\t");
        Path heldOut = folder.resolve("task0-held.out");
        try (RunLock holder = RunStore.create(store).run(first[0], first[1]).lock()) {
            Process task = task(script, 0, heldOut, folder.resolve("task0-held.err"));
            assertThat(task.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(task.exitValue()).as("task 0 meeting a held run: " + Files.readString(heldOut)
                    + Files.readString(folder.resolve("task0-held.err"))).isZero();
            assertThat(Files.readString(heldOut)).contains("\"status\":\"held\"")
                    .contains("is running in pid " + ProcessHandle.current().pid() + " (host ")
                    .doesNotContain("\"status\":\"failed\"");
        }

        // the local run first, then the array's tasks while it trains, as the cluster would start them
        List<Process> commands = new ArrayList<>();
        List<Path> outputs = new ArrayList<>(List.of(heldOut));
        Path localOut = folder.resolve("local.out");
        Path localErr = folder.resolve("local.err");
        commands.add(process(List.of("run", spec.toString(), "--store", store.toString(), "--progress", "json",
                "--workers", "2"), bin, localOut, localErr, Map.of()));
        outputs.add(localOut);
        for (int task = 0; task < TASKS; task++) {
            Path out = folder.resolve("task" + task + ".out");
            commands.add(task(script, task, out, folder.resolve("task" + task + ".err")));
            outputs.add(out);
            Thread.sleep(300);
        }
        for (int i = 0; i < commands.size(); i++) {
            Process command = commands.get(i);
            assertThat(command.waitFor(300, TimeUnit.SECONDS)).isTrue();
            String what = i == 0 ? "saturn run: " + Files.readString(localErr)
                    : "task " + (i - 1) + ": " + Files.readString(folder.resolve("task" + (i - 1) + ".err"));
            assertThat(command.exitValue()).as(what).isZero();
        }
        assertThat(Files.readString(localErr)).contains(" 0 failed; ").doesNotContain("Exception");

        StringBuilder events = new StringBuilder();
        for (Path out : outputs) {
            events.append(Files.readString(out, StandardCharsets.UTF_8)).append('\n');
        }
        List<RunDirectory> runs = RunStore.open(store).runs("SlurmSweep");
        assertThat(runs).hasSize(TASKS);
        for (RunDirectory run : runs) {
            assertThat(run.record().orElseThrow().getStatus()).as(run.runId()).isEqualTo(RunStatus.FINISHED);
            long finished = events.toString().lines().filter(line -> line.contains("\"runId\":\"" + run.runId() + "\"")
                    && line.contains("\"status\":\"finished\"")).count();
            assertThat(finished).as("finished events of " + run.runId()).isEqualTo(1);
            assertThat(events.toString()).doesNotContain("\"status\":\"failed\"");
            assertNotInterleaved(run.path().resolve(RunDirectory.METRICS));
        }
    }

    /** Array task {@code task} of the job, as Slurm runs it: the job script under bash with its task id set. */
    private static Process task(Path script, int task, Path out, Path err) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(task), "SLURM_ARRAY_JOB_ID",
                JOB, "SLURM_JOB_ID", JOB));
        return builder.start();
    }

    /** One header, whole lines of four fields, every (step, key) once, steps never going back. */
    private static void assertNotInterleaved(Path metrics) throws Exception {
        List<String> lines = Files.readAllLines(metrics);
        assertThat(lines.get(0)).isEqualTo("step,wallSeconds,key,value");
        Set<String> seen = new HashSet<>();
        long lastStep = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            assertThat(fields).as(metrics + ": " + line).hasSize(4);
            long step = Long.parseLong(fields[0]);
            Double.parseDouble(fields[1]);
            Double.parseDouble(fields[3]);
            assertThat(step).as(metrics + ": " + line).isGreaterThanOrEqualTo(lastStep);
            assertThat(seen.add(fields[0] + " " + fields[2])).as(metrics + ": twice " + line).isTrue();
            lastStep = step;
        }
    }

    /** sbatch answers the job id; scontrol (release, show config), squeue and sacct know nothing more. */
    private static Path fakeSlurm(Path bin) throws Exception {
        Files.createDirectories(bin);
        Map<String, String> programs = Map.of("sbatch", "echo " + JOB, "scontrol", "exit 0", "squeue", "exit 0",
                "sacct", "exit 0", "scancel", "exit 0");
        for (Map.Entry<String, String> program : programs.entrySet()) {
            Path file = bin.resolve(program.getKey());
            Files.writeString(file, "#!/bin/sh\n" + program.getValue() + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    private static Process process(List<String> arguments, Path bin, Path out, Path err, Map<String, String> env)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(WorkerPool.javaCommand(List.of(), SaturnCli.class.getName(),
                arguments)).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().putAll(env);
        return builder.start();
    }
}
