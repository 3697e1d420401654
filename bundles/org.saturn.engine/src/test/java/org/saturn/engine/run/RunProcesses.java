package org.saturn.engine.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.saturn.core.store.MetricPoint;
import org.saturn.core.store.RunDirectory;
import org.saturn.engine.cli.SaturnCli;

import picocli.CommandLine;

/**
 * What the end-to-end tests do with real commands: {@code saturn ...} in this JVM, a worker or a
 * {@code saturn run} in a process of its own (to kill or signal), waiting for what the store shows,
 * and a run's metrics without wall times (what an interrupted run must reproduce).
 */
final class RunProcesses {

    /** How long a test waits for a process to reach the point it interrupts. */
    static final long PATIENCE_MILLIS = 120_000;

    private RunProcesses() {
    }

    /** {@code saturn ARGS} in this JVM; its messages are discarded; the exit code. */
    static int saturn(String... args) {
        CommandLine cli = SaturnCli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    /** {@code saturn ARGS} in this JVM: the exit code; its messages into {@code err}, its progress lines dropped. */
    static int saturn(StringWriter err, String... args) {
        CommandLine cli = SaturnCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return cli.execute(args);
        } finally {
            System.setOut(console);
        }
    }

    /** Copies a test spec from the resources into {@code folder}. */
    static Path spec(Path folder, String resource) {
        Path spec = folder.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = RunProcesses.class.getResourceAsStream(resource)) {
            Files.copy(in, spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return spec;
    }

    /** {@code saturn worker SPEC --run ID --store STORE} in its own JVM (output merged and discarded). */
    static Process worker(Path spec, String runId, Path store) throws IOException {
        return new ProcessBuilder(WorkerPool.javaCommand(List.of(), SaturnCli.class.getName(),
                List.of("worker", spec.toString(), "--run", runId, "--store", store.toString())))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** {@code saturn run SPEC --store STORE --progress json ARGS} in its own JVM, stdout and stderr to files. */
    static Process run(Path spec, Path store, Path out, Path err, String... args) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("run", spec.toString(), "--store", store.toString(),
                "--progress", "json"));
        arguments.addAll(List.of(args));
        return new ProcessBuilder(WorkerPool.javaCommand(List.of(), SaturnCli.class.getName(), arguments))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** Polls until {@code condition} holds; fails after {@link #PATIENCE_MILLIS}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited " + PATIENCE_MILLIS / 1000 + " s in vain for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** The run's metrics as "step key value" lines: everything but the wall time. */
    static List<String> lines(RunDirectory run) {
        return run.metrics().stream().map((MetricPoint p) -> p.step() + " " + p.key() + " " + p.value()).toList();
    }
}
