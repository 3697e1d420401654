package org.saturn.engine.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.saturn.engine.cli.SaturnCli;
import org.saturn.engine.run.PhaseTimes;

import picocli.CommandLine;

/**
 * {@code saturn bench --study SPEC}: trains a spec's studies into a fresh store with real worker
 * processes, as {@code saturn run} does, and splits the wall time into start-up, training,
 * evaluation, decoding, measuring and checkpointing from the runs' {@code timing.json}: the whole
 * study, not a training step, is what a researcher waits for.
 */
public final class StudyBenchmark {

    /** What one study took. */
    public record Result(int runs, int workers, double wallSeconds, double cpuSeconds, double loadBefore,
            Map<String, Double> workerSeconds, int exitCode) {

        /** Worker-seconds no loop used: waiting for a JVM, a lock, or an idle core at the end. */
        public double idleWorkerSeconds() {
            return Math.max(0, workers * wallSeconds - workerSeconds.getOrDefault("total", 0.0));
        }

        public Map<String, Object> json(Path spec) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("spec", spec.toString());
            json.put("runs", runs);
            json.put("workers", workers);
            json.put("wallSeconds", round(wallSeconds));
            json.put("cpuSeconds", round(cpuSeconds));
            json.put("loadBefore", loadBefore);
            Map<String, Object> split = new LinkedHashMap<>();
            workerSeconds.forEach((phase, seconds) -> split.put(phase, round(seconds)));
            json.put("workerSeconds", split);
            json.put("idleWorkerSeconds", round(idleWorkerSeconds()));
            return json;
        }

        private static double round(double value) {
            return Math.round(value * 100) / 100.0;
        }
    }

    private StudyBenchmark() {
    }

    /**
     * Runs {@code saturn run SPEC --store STORE --workers N ARGS} in this JVM (its progress lines
     * go to {@code log}) and adds up the runs' timing files.
     */
    public static Result run(Path spec, Path store, int workers, List<String> runArguments, PrintWriter log)
            throws IOException {
        double load = loadAverage();
        double cpuBefore = processCpuSeconds();
        List<String> arguments = new ArrayList<>(List.of("run", spec.toString(), "--store", store.toString(),
                "--workers", Integer.toString(workers)));
        arguments.addAll(runArguments);
        CommandLine cli = SaturnCli.commandLine();
        StringWriter errors = new StringWriter();
        cli.setErr(new PrintWriter(errors, true));
        cli.setOut(log);
        PrintStream console = System.out;
        System.setOut(new PrintStream(new LogStream(log), true));
        long started = System.nanoTime();
        int exit;
        try {
            exit = cli.execute(arguments.toArray(String[]::new));
        } finally {
            System.setOut(console);
        }
        double wall = (System.nanoTime() - started) / 1e9;
        double cpu = processCpuSeconds() - cpuBefore;
        log.print(errors);
        log.flush();
        Map<String, Double> split = new LinkedHashMap<>();
        int runs = 0;
        try (Stream<Path> files = Files.walk(store)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(PhaseTimes.FILE_NAME))
                    .sorted(Comparator.naturalOrder()).toList()) {
                boolean sharedStage = file.toString().contains("/.stages/");
                if (!sharedStage) {
                    runs++;
                }
                for (Map<String, Double> stage : PhaseTimes.read(file.getParent()).values()) {
                    double members = stage.getOrDefault("members", 1.0);
                    stage.forEach((phase, seconds) -> {
                        if (!phase.equals("members")) {
                            split.merge(phase, seconds / members, Double::sum);
                        }
                    });
                }
            }
        }
        return new Result(runs, workers, wall, cpu, load, split, exit);
    }

    /** This process's and its finished children's user + system CPU seconds (Linux; 0 elsewhere). */
    static double processCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime stime cutime cstime are fields 14..17 of stat, 12..15 after pid and comm
            long ticks = 0;
            for (int i = 11; i <= 14; i++) {
                ticks += Long.parseLong(fields[i]);
            }
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Sends what the run command prints to System.out into the log. */
    private static final class LogStream extends OutputStream {
        private final PrintWriter log;

        LogStream(PrintWriter log) {
            this.log = log;
        }

        @Override
        public void write(int b) {
            log.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            log.write(new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            log.flush();
        }
    }

    /** Deletes a temporary store. */
    public static void delete(Path store) {
        try (Stream<Path> files = Files.walk(store)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
