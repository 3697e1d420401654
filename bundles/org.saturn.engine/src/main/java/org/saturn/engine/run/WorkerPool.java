package org.saturn.engine.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs each job in its own worker JVM, at most {@code parallelism} at once, and turns the
 * workers' JSON-line output into {@link ProgressEvent}s. {@link #stop()} (Ctrl-C) asks every
 * worker to stop (SIGTERM), waits for them to checkpoint, and only then kills what is left.
 */
public final class WorkerPool {

    /** Receives every event of every worker, from the workers' reader threads. */
    public interface Listener {
        void onEvent(ProgressEvent event);
    }

    /**
     * One worker to start: the runs it trains (several: one seed-batched model), its command, where
     * its standard error goes, and the memory it may take (counted against the pool's budget; 0:
     * not counted).
     */
    public record Job(List<ProgressEvent> runs, List<String> command, Path log, long memoryBytes) {
        public Job(List<ProgressEvent> runs, List<String> command, Path log) {
            this(runs, command, log, 0);
        }

        public Job(ProgressEvent identity, List<String> command, Path log) {
            this(List.of(identity), command, log, 0);
        }
    }

    /**
     * Told about a run whose worker ended without saying how the run ended (killed, or the JVM died
     * hard): the run's record is still RUNNING, and the dispatcher writes what happened.
     */
    public interface LostRuns {
        void lost(ProgressEvent run, String reason);
    }

    private static final long STOP_GRACE_SECONDS = 60;

    private final int parallelism;
    private final Listener listener;
    private final long memoryBudget;
    private final LostRuns lostRuns;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final Object memoryMonitor = new Object();
    private long memoryInUse;
    private volatile boolean stopping;

    public WorkerPool(int parallelism, Listener listener) {
        this(parallelism, Long.MAX_VALUE, listener, (run, reason) -> {
        });
    }

    /**
     * @param memoryBudget the memory all running workers may take together: a job waits until the
     *                     running ones leave room for its {@link Job#memoryBytes()} (one job alone
     *                     always starts), so too many workers never swap or kill the machine
     * @param lostRuns     told about each run whose worker died without ending it
     */
    public WorkerPool(int parallelism, long memoryBudget, Listener listener, LostRuns lostRuns) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, not " + parallelism);
        }
        this.parallelism = parallelism;
        this.memoryBudget = memoryBudget;
        this.listener = listener;
        this.lostRuns = lostRuns;
    }

    /** Runs every job and returns when all have ended (or the pool was stopped). */
    public void runAll(List<Job> jobs) throws InterruptedException {
        Deque<Job> queue = new ArrayDeque<>(jobs);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < Math.min(parallelism, jobs.size()); i++) {
            Thread thread = new Thread(() -> {
                Job job;
                while (!stopping && (job = poll(queue)) != null) {
                    if (!reserve(job.memoryBytes())) {
                        return;
                    }
                    try {
                        runOne(job);
                    } finally {
                        release(job.memoryBytes());
                    }
                }
            }, "saturn-worker-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Waits until the job's memory fits beside the running workers'; false when the pool stops meanwhile. */
    private boolean reserve(long bytes) {
        synchronized (memoryMonitor) {
            while (memoryInUse > 0 && memoryInUse + bytes > memoryBudget) {
                if (stopping) {
                    return false;
                }
                try {
                    memoryMonitor.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            memoryInUse += bytes;
            return true;
        }
    }

    private void release(long bytes) {
        synchronized (memoryMonitor) {
            memoryInUse -= bytes;
            memoryMonitor.notifyAll();
        }
    }

    private static Job poll(Deque<Job> queue) {
        synchronized (queue) {
            return queue.pollFirst();
        }
    }

    private void runOne(Job job) {
        // the last event of each run, by run id; a run whose worker ends without its end event failed
        java.util.Map<String, ProgressEvent> last = new java.util.LinkedHashMap<>();
        job.runs().forEach(run -> last.put(run.runId(), run.withStatus(ProgressEvent.STARTED, null)));
        ProgressEvent first = last.values().iterator().next();
        Process process;
        try {
            Files.createDirectories(job.log().getParent());
            ProcessBuilder builder = new ProcessBuilder(job.command())
                    .redirectError(ProcessBuilder.Redirect.appendTo(job.log().toFile()));
            builder.environment().put("OMP_NUM_THREADS", "1");
            if (EnvironmentRecord.commandLine() != null) { // the workers' environment.json names the user's command
                builder.environment().put(EnvironmentRecord.COMMAND_LINE_VARIABLE, EnvironmentRecord.commandLine());
            }
            synchronized (running) {
                if (stopping) {
                    return;
                }
                process = builder.start();
                running.add(process);
            }
        } catch (IOException e) {
            last.values().forEach(run -> listener.onEvent(
                    run.withStatus(ProgressEvent.FAILED, "could not start a worker: " + e.getMessage())));
            return;
        }
        Set<String> ended = new java.util.HashSet<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                ProgressEvent event = ProgressEvent.parse(line);
                if (event != null) {
                    last.put(event.runId() == null ? first.runId() : event.runId(), event);
                    if (isEnd(event)) {
                        ended.add(event.runId());
                    }
                    listener.onEvent(event);
                }
            }
            int exit = process.waitFor();
            String reason = stopping ? "stopped" : deathReason(exit, job.log());
            last.forEach((run, event) -> {
                if (!ended.contains(run)) {
                    if (!stopping) {
                        lostRuns.lost(event, reason);
                    }
                    listener.onEvent(event.withStatus(stopping ? ProgressEvent.STOPPED : ProgressEvent.FAILED, reason));
                }
            });
        } catch (IOException e) {
            last.forEach((run, event) -> {
                if (!ended.contains(run)) {
                    listener.onEvent(stopping ? event.withStatus(ProgressEvent.STOPPED, "stopped")
                            : event.withStatus(ProgressEvent.FAILED, "lost the worker's output: " + e.getMessage()));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.remove(process);
        }
    }

    /**
     * Why a worker ended without its runs' end events, from its exit code and the end of its log: out
     * of memory (the JVM's or JavaCPP's, past the point where the worker could still write its record),
     * killed by a signal (the kernel's OOM killer sends SIGKILL), or its exit code.
     */
    static String deathReason(int exit, Path log) {
        String tail = "";
        try {
            if (Files.isRegularFile(log)) {
                byte[] bytes = Files.readAllBytes(log);
                int from = Math.max(0, bytes.length - 16384);
                tail = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            // no log to read: the exit code alone says what happened
        }
        if (tail.contains("OutOfMemoryError") || tail.contains("Physical memory usage is too high")
                || tail.contains("Cannot allocate new")) {
            return "the worker ran out of memory (exit code " + exit + "); give it more with saturn run --memory "
                    + "SIZE (see saturn plan for the estimate); details in " + log;
        }
        if (exit == 137) {
            return "the worker was killed (SIGKILL, exit code 137: often the system's out-of-memory killer); "
                    + "details in " + log;
        }
        return "worker exited with code " + exit + "; see " + log;
    }

    private static boolean isEnd(ProgressEvent event) {
        return !ProgressEvent.STARTED.equals(event.status()) && !ProgressEvent.EVALUATED.equals(event.status());
    }

    /** Asks every worker to stop at its next step and waits for them to leave resumable runs. */
    public void stop() {
        List<Process> processes;
        synchronized (running) {
            stopping = true;
            processes = new ArrayList<>(running);
        }
        // SIGTERM through the handle: Process.destroy() would also close the pipes, and the
        // worker's last event (stopped, at step N) would be lost
        processes.forEach(process -> process.toHandle().destroy());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS);
        for (Process process : processes) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean stopping() {
        return stopping;
    }

    /** The command that starts a worker JVM with this JVM's classpath. */
    public static List<String> javaCommand(List<String> jvmOptions, String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // one compute thread per worker: the serial collector has no concurrent GC threads to steal
        // the other workers' cores (G1 made CPU training steps 1.5-2x slower and erratic)
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }
}
