package org.saturn.engine.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.saturn.core.store.RunDirectory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where one training loop's wall time goes — start-up, setup, training steps, evaluation losses, decoding
 * and scoring, measurements at a stage's start, store writes — written beside the run as
 * {@code timing.json} so {@code saturn bench --study} (and a curious researcher) can split a
 * study's time. A seed-batched loop's time is shared by its members: each run's file says how many.
 */
public final class PhaseTimes {

    /** The file beside a run's record. */
    public static final String FILE_NAME = "timing.json";

    /** What the loop is doing. */
    public enum Phase {
        /** From the worker JVM's start to its first loop (JVM, ND4J, spec and data). */
        STARTUP("startup"),
        /** The loop's own start: the exact optimal loss, the model and optimiser, a resume's checkpoint. */
        SETUP("setup"),
        TRAINING("training"),
        EVALUATION("evaluation"),
        DECODING("decoding"),
        MEASURING("measuring"),
        CHECKPOINTING("checkpointing");

        private final String key;

        Phase(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * When the worker's current job began (a {@code saturn worker} JVM's start for its first job, the job's
     * arrival for a later job of a persistent worker), consumed by the job's first loop; 0 elsewhere
     * (workbench, tests).
     */
    private static final AtomicLong WORKER_JVM_START = new AtomicLong();

    private final Map<Phase, Long> nanos = new EnumMap<>(Phase.class);
    private final long begun = System.nanoTime();

    public PhaseTimes() {
        long jvmStart = WORKER_JVM_START.getAndSet(0);
        if (jvmStart > 0) {
            nanos.put(Phase.STARTUP, Math.max(0, System.currentTimeMillis() - jvmStart) * 1_000_000L);
        }
    }

    /** Called by {@code saturn worker}: the process's start-up counts for its first loop. */
    public static void workerStarted() {
        jobStarted(ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /**
     * Called by a persistent worker for each later job: from {@code epochMillis} (when the job arrived) to
     * the job's first loop counts as its start-up.
     */
    public static void jobStarted(long epochMillis) {
        WORKER_JVM_START.set(epochMillis);
    }

    /** Runs {@code work}, counting its wall time to {@code phase}. */
    public <T> T time(Phase phase, Supplier<T> work) {
        long from = System.nanoTime();
        try {
            return work.get();
        } finally {
            nanos.merge(phase, System.nanoTime() - from, Long::sum);
        }
    }

    /** Runs {@code work}, counting its wall time to {@code phase}. */
    public void time(Phase phase, Runnable work) {
        time(phase, () -> {
            work.run();
            return null;
        });
    }

    /** Seconds per phase, plus {@code other} (the loop's wall time no phase claims) and {@code total}. */
    public Map<String, Double> seconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long claimed = 0;
        for (Phase phase : Phase.values()) {
            long value = nanos.getOrDefault(phase, 0L);
            seconds.put(phase.key(), value / 1e9);
            if (phase != Phase.STARTUP) {
                claimed += value;
            }
        }
        long loop = System.nanoTime() - begun;
        seconds.put("other", Math.max(0, loop - claimed) / 1e9);
        seconds.put("total", (loop + nanos.getOrDefault(Phase.STARTUP, 0L)) / 1e9);
        return seconds;
    }

    /**
     * Writes this loop's times under {@code stage} into the run's {@code timing.json}: added to what a
     * resumed stage recorded before, replacing what a stage started afresh left.
     */
    public void write(RunDirectory run, String stage, int members, boolean resumed) {
        Path file = run.path().resolve(FILE_NAME);
        ObjectMapper json = new ObjectMapper();
        try {
            ObjectNode root = Files.exists(file) && Files.size(file) > 0 ? (ObjectNode) json.readTree(file.toFile())
                    : json.createObjectNode();
            ObjectNode before = resumed && root.get(stage) instanceof ObjectNode node ? node : null;
            ObjectNode entry = json.createObjectNode();
            entry.put("members", members);
            // which worker JVM trained it: persistent workers train several jobs each (N per saturn run)
            entry.put("workerPid", ProcessHandle.current().pid());
            ObjectNode seconds = entry.putObject("seconds");
            for (Map.Entry<String, Double> phase : seconds().entrySet()) {
                double earlier = before == null || before.path("seconds").get(phase.getKey()) == null ? 0
                        : before.path("seconds").get(phase.getKey()).asDouble();
                seconds.put(phase.getKey(), earlier + phase.getValue());
            }
            root.set(stage, entry);
            Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), root);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | ClassCastException e) {
            // timing is a measurement, never worth failing a run over
            System.err.println("saturn: could not write " + file + ": " + e.getMessage());
        }
    }

    /** The times a run's {@code timing.json} holds per stage, or an empty map. */
    public static Map<String, Map<String, Double>> read(Path runDirectory) {
        Path file = runDirectory.resolve(FILE_NAME);
        Map<String, Map<String, Double>> stages = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return stages;
        }
        try {
            new ObjectMapper().readTree(file.toFile()).fields().forEachRemaining(stage -> {
                Map<String, Double> seconds = new LinkedHashMap<>();
                stage.getValue().path("seconds").fields()
                        .forEachRemaining(phase -> seconds.put(phase.getKey(), phase.getValue().asDouble()));
                seconds.put("members", stage.getValue().path("members").asDouble(1));
                stages.put(stage.getKey(), seconds);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + file, e);
        }
        return stages;
    }
}
