package org.saturn.engine.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Slurm client commands Saturn needs ({@code sbatch}, {@code scontrol}, {@code squeue},
 * {@code sacct}), run as processes with the caller's environment (so {@code SLURM_CONF} and the
 * cluster's defaults apply exactly as on the researcher's own command line).
 */
public final class Slurm {

    /** A Slurm command failed or is missing; the message says which and why. */
    public static final class SlurmException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SlurmException(String message) {
            super(message);
        }
    }

    /** Task states after which a task holds no run any more (a resubmission may take the run). */
    private static final Set<String> ENDED = Set.of("COMPLETED", "CANCELLED", "FAILED", "TIMEOUT", "NODE_FAIL",
            "PREEMPTED", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "REVOKED");

    /** The default of slurm.conf's MaxArraySize: array indices run from 0 to MaxArraySize - 1. */
    static final int DEFAULT_MAX_ARRAY_SIZE = 1001;

    private static final long TIMEOUT_SECONDS = 60;

    private final Map<String, String> environment;

    /** The Slurm of this process's environment. */
    public Slurm() {
        this(Map.of());
    }

    /** With variables added to the environment of every Slurm command (e.g. {@code SLURM_CONF}). */
    public Slurm(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** True when a task in this state will not start or write anything any more. */
    public static boolean hasEnded(String state) {
        return state == null || ENDED.contains(state);
    }

    /**
     * Submits the job script held ({@code sbatch --hold}): the caller marks its runs queued in the
     * store, then {@link #release}s it, so no task can start before its run's record says queued.
     */
    public String submitHeld(Path script, List<String> options) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable", "--hold"));
        command.addAll(options);
        command.add(script.toString());
        String out = run(command).trim();
        String jobId = out.contains(";") ? out.substring(0, out.indexOf(';')) : out;
        if (!jobId.matches("\\d+")) {
            throw new SlurmException("sbatch answered '" + out + "' instead of a job id");
        }
        return jobId;
    }

    public void release(String jobId) {
        run(List.of("scontrol", "release", jobId));
    }

    public void cancel(String jobId) {
        run(List.of("scancel", jobId));
    }

    /** The cluster's MaxArraySize (the default when the configuration cannot be read). */
    public int maxArraySize() {
        try {
            for (String line : run(List.of("scontrol", "show", "config")).split("\n")) {
                String[] pair = line.split("=", 2);
                if (pair.length == 2 && pair[0].trim().equals("MaxArraySize")) {
                    return Integer.parseInt(pair[1].trim());
                }
            }
        } catch (SlurmException | NumberFormatException e) {
            // sbatch will report a real problem; an unreadable limit falls back to Slurm's default
        }
        return DEFAULT_MAX_ARRAY_SIZE;
    }

    /**
     * The state of each task of an array job ({@code "123_4" -> "RUNNING"}): from the controller
     * while it remembers the job (MinJobAge after its end), then from accounting when the cluster
     * keeps it; empty when neither knows the job any more.
     */
    public Map<String, String> taskStates(String jobId) {
        Map<String, String> states = new LinkedHashMap<>();
        Result queue = execute(List.of("squeue", "--noheader", "--array", "--states=all", "--jobs=" + jobId,
                "--format=%i|%T"));
        if (queue.exit() == 0) {
            parseStates(queue.out(), states);
        } else if (!queue.err().contains("Invalid job id")) {
            throw new SlurmException("squeue failed (exit " + queue.exit() + "): " + queue.err().trim());
        }
        if (states.isEmpty()) {
            Result accounting = execute(List.of("sacct", "--noheader", "--parsable2", "--allocations",
                    "--jobs=" + jobId, "--format=JobID,State"));
            if (accounting.exit() == 0) {
                parseStates(accounting.out(), states);
            }
        }
        return states;
    }

    private static void parseStates(String text, Map<String, String> states) {
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\|");
            if (fields.length >= 2 && fields[0].contains("_") && !fields[0].contains("[")) {
                // sacct writes "CANCELLED by 0"
                states.put(fields[0], fields[1].trim().split(" ")[0].toUpperCase(Locale.ROOT));
            }
        }
    }

    private String run(List<String> command) {
        Result result = execute(command);
        if (result.exit() != 0) {
            String why = result.err().isBlank() ? result.out().trim() : result.err().trim();
            throw new SlurmException(command.get(0) + " failed (exit " + result.exit() + "): " + why);
        }
        return result.out();
    }

    private record Result(int exit, String out, String err) {
    }

    private Result execute(List<String> command) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new SlurmException(command.get(0) + " is not on the PATH: saturn slurm runs where the Slurm client "
                    + "commands are installed (a cluster's login node)");
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new SlurmException(command.get(0) + " did not answer within " + TIMEOUT_SECONDS
                        + " s (is slurmctld reachable? try sinfo)");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new SlurmException(command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SlurmException(command.get(0) + " was interrupted");
        }
    }

    /** Drains a stream on a thread of its own (the common pool may have a single thread). */
    private static CompletableFuture<String> read(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "saturn-slurm-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
