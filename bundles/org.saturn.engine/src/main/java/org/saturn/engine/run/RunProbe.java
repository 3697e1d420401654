package org.saturn.engine.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.store.RunStore;
import org.saturn.dsl.compiler.ConfigDefinitions;

/**
 * A short measured probe of a run on this machine (for {@code saturn plan}): the run trained in
 * this process into a throw-away store, twice, for 1 and for 1 + {@link #EXTRA_STEPS} steps with one
 * evaluation at the end of each; the difference is the time of the extra steps, the rest the
 * evaluation's. Building the model and ND4J's start are left out of both. Times are the process's
 * CPU seconds (workers train on one thread each), so a busy machine does not inflate them.
 */
public final class RunProbe {

    /** The time of one training step and of one evaluation, measured. */
    public record Timing(double secondsPerStep, double secondsPerEvaluation) {

        /** A run's training time at most (early stopping or saturation can end it sooner). */
        public double secondsPerRun(RunConfig config) {
            long steps = config.get("training.steps") instanceof Number n ? n.longValue() : 0;
            long every = config.get("evaluate.every") instanceof Number n ? Math.max(1, n.longValue()) : steps;
            long evaluations = Math.max(1, (steps + every - 1) / Math.max(1, every));
            return steps * secondsPerStep + evaluations * secondsPerEvaluation;
        }
    }

    static final int EXTRA_STEPS = 4;
    private static final int MAX_EXTRA_STEPS = 200;
    private static final double MEASURABLE_SECONDS = 0.5;

    private RunProbe() {
    }

    /**
     * What runs with the same key cost alike: the model and its sizes, the batch, the length and
     * whether a regime adds a batch (the seed, regime kind and optimiser cost the same).
     */
    public static String shapeKey(RunConfig config) {
        Map<String, Object> shape = new TreeMap<>();
        config.parameters().forEach((key, value) -> {
            if (key.startsWith("model.") || key.equals("training.batch") || key.equals("language.maxLength")
                    || key.equals("decode.budget") || key.equals("decode.kind")) {
                shape.put(key, value);
            }
        });
        shape.put("regime.batch", config.get("regime.prompts") != null);
        return shape.toString();
    }

    /**
     * Runs {@code config} once for one step, unmeasured: ND4J's start and the JIT's first compilations
     * (seconds) would otherwise count as the first probe's evaluation. Once per process is enough.
     */
    public static void warmUp(RunConfig config, ConfigDefinitions definitions, String backend) {
        secondsToLastEvaluation(config, 1, definitions, backend);
    }

    /** Measures one step and one evaluation of {@code config} (seed-batched with nobody) on this machine. */
    public static Timing measure(RunConfig config, ConfigDefinitions definitions, String backend) {
        double shortRun = secondsToLastEvaluation(config, 1, definitions, backend);
        int extra = EXTRA_STEPS;
        double longRun = secondsToLastEvaluation(config, 1 + extra, definitions, backend);
        if (longRun - shortRun < MEASURABLE_SECONDS) {
            // steps too short to tell from the noise: enough of them to take about a second
            double guess = Math.max(1e-3, (longRun - shortRun) / extra);
            extra = (int) Math.min(MAX_EXTRA_STEPS, Math.max(2 * extra, 2 * MEASURABLE_SECONDS / guess));
            longRun = secondsToLastEvaluation(config, 1 + extra, definitions, backend);
        }
        double step = Math.max(0, (longRun - shortRun) / extra);
        double evaluation = Math.max(0, shortRun - step);
        return new Timing(step, evaluation);
    }

    /** Seconds from the run's start (its model built) to the evaluation after its last step. */
    private static double secondsToLastEvaluation(RunConfig config, int steps, ConfigDefinitions definitions,
            String backend) {
        RunConfig probe = config.with("training.steps", steps).with("evaluate.every", steps)
                .with("checkpoint.every", 1_000_000);
        if (probe.get("finetuning.steps") != null) {
            // the pre-training is what is timed: no fine-tuning to speak of, no Hessian measurement (minutes)
            probe = probe.with("finetuning.steps", 1).with("finetuning.hessianTraceSamples", 0);
        }
        Path folder;
        try {
            folder = Files.createTempDirectory("saturn-probe");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the probe: " + e.getMessage(), e);
        }
        long[] startedAt = { -1 };
        long[] evaluatedAt = { -1 };
        try {
            Worker.train(List.of(probe), RunStore.create(folder), definitions, backend, folder, event -> {
                if (event.step() == null || event.step() > steps) {
                    return;
                }
                if (ProgressEvent.STARTED.equals(event.status()) && startedAt[0] < 0) {
                    startedAt[0] = cpuNanos();
                } else if ((ProgressEvent.EVALUATED.equals(event.status()) || ProgressEvent.FINISHED.equals(event.status()))
                        && event.step() == steps && evaluatedAt[0] < 0) {
                    evaluatedAt[0] = cpuNanos();
                }
            }, new AtomicBoolean());
        } finally {
            delete(folder);
        }
        if (startedAt[0] < 0 || evaluatedAt[0] < 0) {
            throw new IllegalStateException("the probe of run " + config.id() + " reported no evaluation");
        }
        return (evaluatedAt[0] - startedAt[0]) / 1e9;
    }

    /**
     * The process's CPU time: what a worker takes when it has a core to itself (wall time on a
     * machine busy with other work would count the others' share too); falls back to wall time.
     */
    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            return os.getProcessCpuTime();
        }
        return System.nanoTime();
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
