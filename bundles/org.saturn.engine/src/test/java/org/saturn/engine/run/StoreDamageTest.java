package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.saturn.engine.run.RunProcesses.lines;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.CompletionsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreWarnings;
import org.saturn.engine.cli.FsckCommand;
import org.saturn.engine.cli.SaturnCli;

import picocli.CommandLine;

/**
 * Damage is contained: each file kind of a run (record, config, metrics, completions, checkpoint)
 * harmed in each way (truncated at a random offset, random bytes, empty, missing) in a store of
 * finished and interrupted runs made by really training the tiny spec. fsck names it, report skips
 * it, fsck --repair and saturn run set it aside and the run trains again to the uninterrupted
 * result. Also: two concurrent saturn runs of one spec, and a run out of disk space.
 */
class StoreDamageTest {

    enum Harm {
        TRUNCATED, RANDOM_BYTES, EMPTY, MISSING
    }

    /** The file kinds, as paths inside a run's folder. */
    private static final List<String> KINDS = List.of(RunDirectory.RECORD, RunDirectory.CONFIG, RunDirectory.METRICS,
            CompletionsLog.FOLDER + "/step-00000020.tsv", "checkpoints/latest/state.bin");

    @TempDir
    static Path shared;
    static Path spec;
    static Path pristine;
    static String finishedRun;
    static String oracleRun;

    @TempDir
    Path folder;

    @BeforeAll
    static void trainTheStore() throws Exception {
        spec = RunProcesses.spec(shared, "/run/tiny.saturn");
        pristine = shared.resolve("runs");
        assertThat(saturn(null, "run", spec.toString(), "--store", pristine.toString(), "--workers", "2")).isZero();
        for (RunDirectory run : RunStore.open(pristine).runs("TinyStudy")) {
            if (run.record().orElseThrow().getRegime().equals("oracle")) {
                oracleRun = run.runId();
            } else {
                finishedRun = run.runId();
            }
        }
    }

    @Test
    void eachDamagedFileOfAFinishedRunIsNamedSkippedAndSetAsideAndTheOtherRunsAreUntouched() throws Exception {
        Random random = new Random(19);
        List<String> table = new ArrayList<>();
        for (String kind : KINDS) {
            for (Harm harm : Harm.values()) {
                Path store = copy(pristine, folder.resolve(kind.replace('/', '_') + "-" + harm));
                RunDirectory run = RunStore.open(store).run("TinyStudy", finishedRun);
                harm(run.path().resolve(kind), harm, random);
                // a finished run needs no checkpoint; a run without a record reads as not recorded yet
                // (its worker resumes it from its checkpoint): neither is damage
                boolean detectable = !(harm == Harm.MISSING
                        && (kind.startsWith("checkpoints") || kind.equals(RunDirectory.RECORD)));

                StringWriter fsck = new StringWriter();
                int found = fsck(fsck, store.toString());
                StringWriter reportErr = new StringWriter();
                StoreWarnings.reset();
                int report = saturn(reportErr, "report", store.toString());
                table.add(kind + " " + harm + ": fsck " + found + ", report " + report);

                assertThat(report).as(kind + " " + harm + ": " + reportErr).isZero();
                if (kind.equals(RunDirectory.RECORD) && harm != Harm.MISSING) {
                    assertThat(reportErr.toString()).as(kind + " " + harm)
                            .contains("saturn: skipped " + run.path().resolve(kind)).hasLineCount(1);
                }
                if (!detectable) {
                    assertThat(found).as(fsck.toString()).isZero();
                    continue;
                }
                assertThat(found).as(kind + " " + harm + ": " + fsck).isEqualTo(1);
                assertThat(fsck.toString()).as(kind + " " + harm).contains(run.path().resolve(kind).toString());
                assertThat(fsck(new StringWriter(), store.toString(), "--repair")).isZero();
                assertThat(fsck(new StringWriter(), store.toString())).as(kind + " " + harm + " after --repair").isZero();
                assertThat(store.resolve(".damaged/TinyStudy").resolve(finishedRun)).isDirectory();
                // the other run never moved
                assertThat(lines(RunStore.open(store).run("TinyStudy", oracleRun)))
                        .containsExactlyElementsOf(lines(RunStore.open(pristine).run("TinyStudy", oracleRun)));
            }
        }
        System.out.println(String.join("\n", table));
    }

    @Test
    void saturnRunSetsEachKindOfDamageAsideAndRetrainsToTheUninterruptedResult() throws Exception {
        Random random = new Random(7);
        List<String> expected = lines(RunStore.open(pristine).run("TinyStudy", finishedRun));
        for (String kind : KINDS) {
            Path store = copy(pristine, folder.resolve("run-" + kind.replace('/', '_')));
            RunDirectory run = RunStore.open(store).run("TinyStudy", finishedRun);
            harm(run.path().resolve(kind), kind.startsWith("checkpoints") ? Harm.TRUNCATED : Harm.RANDOM_BYTES, random);
            StringWriter err = new StringWriter();
            assertThat(saturn(err, "run", spec.toString(), "--store", store.toString())).as(kind + ": " + err).isZero();
            if (!kind.startsWith("checkpoints")) { // a finished run's checkpoints are not read before dispatch
                assertThat(err.toString()).as(kind).contains("saturn run: set aside run TinyStudy/" + finishedRun);
            }
            RunRecord record = run.record().orElseThrow();
            assertThat(record.getStatus()).as(kind).isEqualTo(RunStatus.FINISHED);
            assertThat(lines(run)).as(kind).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void anInterruptedRunWithADamagedLatestCheckpointResumesFromAnOlderOneToTheSameResult() throws Exception {
        Path store = folder.resolve("interrupted");
        Process worker = RunProcesses.worker(spec, oracleRun, store);
        RunDirectory run = RunStore.create(store).run("TinyStudy", oracleRun);
        RunProcesses.await("a checkpoint at step 20",
                () -> run.record().map(RunRecord::getCheckpointStep).orElse(-1L) >= 20);
        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        harm(run.path().resolve("checkpoints/latest/state.bin"), Harm.RANDOM_BYTES, new Random(3));

        StringWriter err = new StringWriter();
        assertThat(saturn(err, "run", spec.toString(), "--store", store.toString(), "--only", "regime=oracle"))
                .as(err.toString()).isZero();
        assertThat(err.toString()).contains("checkpoints/latest/state.bin unreadable checkpoint");
        assertThat(run.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(lines(run)).containsExactlyElementsOf(lines(RunStore.open(pristine).run("TinyStudy", oracleRun)));
        assertThat(store.resolve(".damaged/TinyStudy").resolve(oracleRun)).isDirectory();
    }

    @Test
    void twoConcurrentRunsOfOneSpecBothSucceedAndTrainEachRunOnce() throws Exception {
        Path store = folder.resolve("contended");
        Process first = RunProcesses.run(spec, store, folder.resolve("1.out"), folder.resolve("1.err"));
        Thread.sleep(1500);
        Process second = RunProcesses.run(spec, store, folder.resolve("2.out"), folder.resolve("2.err"));
        assertThat(first.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(Files.readString(folder.resolve("1.err"))).isZero();
        assertThat(second.exitValue()).as(Files.readString(folder.resolve("2.err"))).isZero();
        String events = Files.readString(folder.resolve("1.out")) + Files.readString(folder.resolve("2.out"));
        for (RunDirectory run : RunStore.open(store).runs("TinyStudy")) {
            assertThat(run.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);
            long finishedEvents = events.lines()
                    .filter(line -> line.contains("\"runId\":\"" + run.runId() + "\"") && line.contains("\"status\":\"finished\""))
                    .count();
            assertThat(finishedEvents).as(run.runId()).isEqualTo(1);
        }
        String messages = Files.readString(folder.resolve("1.err")) + Files.readString(folder.resolve("2.err"));
        // each command trained its share and counted the rest as held (or already finished), never as failed
        assertThat(messages.lines().filter(line -> line.contains(" trained, "))).hasSize(2)
                .allSatisfy(line -> assertThat(line).endsWith(" 0 failed; results in " + store + " (saturn report " + store + ")"));
    }

    @Test
    void aRunOutOfDiskSpaceStopsCleanlyAndResumesToTheSameResultOnceThereIsSpace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small tmpfs store needs root");
        Path mount = Files.createDirectories(folder.resolve("small"));
        // room for the run's start but not its end: the pristine run's size, less a third
        long size = Math.max(64 * 1024, folderSize(RunStore.open(pristine).run("TinyStudy", oracleRun).path()) * 2 / 3);
        assumeTrue(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString())
                .inheritIO().start().waitFor() == 0, "mount -t tmpfs failed (no CAP_SYS_ADMIN in this container)");
        try {
            Path store = mount.resolve("runs");
            StringWriter err = new StringWriter();
            int exit = saturn(err, "run", spec.toString(), "--store", store.toString(), "--only", "regime=oracle");
            RunDirectory run = RunStore.open(store).run("TinyStudy", oracleRun);
            assertThat(exit).as(err.toString()).isEqualTo(1);
            RunRecord record = run.record().orElseThrow();
            assertThat(record.getStatus()).isIn(RunStatus.STOPPED, RunStatus.RUNNING);
            if (record.getStatus() == RunStatus.STOPPED) {
                assertThat(record.getMessage()).startsWith("out of disk space writing ").contains("free space and run again");
            }
            assertThat(new ProcessBuilder("mount", "-o", "remount,size=" + 64 * size, mount.toString()).inheritIO()
                    .start().waitFor()).isZero();
            assertThat(saturn(null, "run", spec.toString(), "--store", store.toString(), "--only", "regime=oracle"))
                    .isZero();
            assertThat(run.record().orElseThrow().getStatus()).isEqualTo(RunStatus.FINISHED);
            assertThat(lines(run)).containsExactlyElementsOf(lines(RunStore.open(pristine).run("TinyStudy", oracleRun)));
        } finally {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
    }

    private static int saturn(StringWriter err, String... args) {
        CommandLine cli = SaturnCli.commandLine();
        cli.setErr(new PrintWriter(err == null ? new StringWriter() : err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    /** {@code saturn fsck ARGS}, its output into {@code out} (the command is registered by the lead in SaturnCli). */
    private static int fsck(StringWriter out, String... args) {
        CommandLine cli = new CommandLine(new FsckCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute(args);
    }

    /**
     * Harms the file. A truncation cuts inside the first 90 % and never right after a line break
     * (a cut on a row boundary of an append-only series is what a crash leaves, and is no damage).
     */
    static void harm(Path file, Harm harm, Random random) throws IOException {
        switch (harm) {
        case MISSING -> Files.delete(file);
        case EMPTY -> Files.write(file, new byte[0]);
        case RANDOM_BYTES -> {
            byte[] noise = new byte[(int) Files.size(file)];
            random.nextBytes(noise);
            Files.write(file, noise);
        }
        case TRUNCATED -> {
            byte[] bytes = Files.readAllBytes(file);
            int at;
            do {
                at = 1 + random.nextInt(Math.max(1, bytes.length * 9 / 10));
            } while (bytes[at - 1] == '\n');
            Files.write(file, java.util.Arrays.copyOf(bytes, at));
        }
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals(".lock")) {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }

    private static long folderSize(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

}
