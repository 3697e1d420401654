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
     * One worker to start: the runs it trains (several: one seed-batched model), its command and
     * where its standard error goes.
     */
    public record Job(List<ProgressEvent> runs, List<String> command, Path log) {
        public Job(ProgressEvent identity, List<String> command, Path log) {
            this(List.of(identity), command, log);
        }
    }

    private static final long STOP_GRACE_SECONDS = 60;

    private final int parallelism;
    private final Listener listener;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public WorkerPool(int parallelism, Listener listener) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, not " + parallelism);
        }
        this.parallelism = parallelism;
        this.listener = listener;
    }

    /** Runs every job and returns when all have ended (or the pool was stopped). */
    public void runAll(List<Job> jobs) throws InterruptedException {
        Deque<Job> queue = new ArrayDeque<>(jobs);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < Math.min(parallelism, jobs.size()); i++) {
            Thread thread = new Thread(() -> {
                Job job;
                while (!stopping && (job = poll(queue)) != null) {
                    runOne(job);
                }
            }, "saturn-worker-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
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
            String reason = stopping ? "stopped" : "worker exited with code " + exit + "; see " + job.log();
            last.forEach((run, event) -> {
                if (!ended.contains(run)) {
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
