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
 * Runs jobs in worker JVMs, at most {@code parallelism} at once, and turns the workers' JSON-line
 * output into {@link ProgressEvent}s. A job with a {@link Serving} goes to a persistent worker
 * ({@code saturn worker --serve}): each of the {@code parallelism} slots starts one and feeds it
 * job after job over its standard input, so the JVM start, ND4J's load and the JIT's warm-up are
 * paid once per slot, not per job; a job that its worker's memory caps do not cover, and any job
 * after its worker died (out of memory, killed) or failed a job, gets a fresh worker. A job
 * without one runs in a JVM of its own that ends with it. {@link #stop()} (Ctrl-C) asks every
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
    public record Job(List<ProgressEvent> runs, List<String> command, Path log, long memoryBytes, Serving serving) {
        public Job(List<ProgressEvent> runs, List<String> command, Path log, long memoryBytes) {
            this(runs, command, log, memoryBytes, null);
        }

        public Job(List<ProgressEvent> runs, List<String> command, Path log) {
            this(runs, command, log, 0);
        }

        public Job(ProgressEvent identity, List<String> command, Path log) {
            this(List.of(identity), command, log, 0);
        }
    }

    /**
     * How a persistent worker takes a job: {@code request}, the line that asks for it on the worker's
     * standard input, and the heap and off-heap the job needs. The job's {@link Job#command()} then
     * starts a worker sized for it that trains it first (without a request line), and also takes every
     * later job whose needs its caps cover (a group's smaller seed share after a whole group).
     */
    public record Serving(String request, long heapBytes, long offHeapBytes) {
        boolean fitsIn(Serving worker) {
            return heapBytes <= worker.heapBytes && offHeapBytes <= worker.offHeapBytes;
        }
    }

    /** What a persistent worker prints after each job: on standard output with the job's exit code, and on stderr. */
    public static final String JOB_END = "saturn-worker: job ended";

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
            Thread thread = new Thread(() -> runSlot(queue), "saturn-worker-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** One slot: takes the next job while there is one, keeping its persistent worker between jobs. */
    private void runSlot(Deque<Job> queue) {
        ServingWorker worker = null;
        try {
            Job job;
            while (!stopping && (job = poll(queue)) != null) {
                if (job.serving() == null) {
                    if (!reserve(job.memoryBytes())) {
                        return;
                    }
                    try {
                        runOne(job);
                    } finally {
                        release(job.memoryBytes());
                    }
                    continue;
                }
                if (worker != null && !job.serving().fitsIn(worker.sizedFor.serving())) {
                    worker.retire(); // too small for this job: a worker sized for it replaces it
                    worker = null;
                }
                if (worker == null) {
                    if (!reserve(job.memoryBytes())) {
                        return;
                    }
                    worker = ServingWorker.start(this, job);
                    if (worker == null) {
                        release(job.memoryBytes());
                        continue;
                    }
                }
                if (!worker.train(job)) {
                    worker = null; // its JVM has ended; the next job starts a fresh one
                }
            }
        } finally {
            if (worker != null) {
                worker.retire();
            }
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
        Process process;
        try {
            Files.createDirectories(job.log().getParent());
            ProcessBuilder builder = builder(job.command())
                    .redirectError(ProcessBuilder.Redirect.appendTo(job.log().toFile()));
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
            while (readEvents(out, last, ended) != null) {
                // a one-job worker ends with its output; a job-end line of its own means nothing more
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

    /** A worker JVM's process builder: one compute thread, and the user's command line for its environment.json. */
    private static ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OMP_NUM_THREADS", "1");
        if (EnvironmentRecord.commandLine() != null) { // the workers' environment.json names the user's command
            builder.environment().put(EnvironmentRecord.COMMAND_LINE_VARIABLE, EnvironmentRecord.commandLine());
        }
        return builder;
    }

    /**
     * A persistent worker ({@code saturn worker --serve}) and the slot's view of it: jobs go in as lines on
     * its standard input, events come out on its standard output up to {@link #JOB_END}, and its standard
     * error goes into the current job's log (switched at the {@link #JOB_END} mark on standard error, so
     * each job's messages land in its own log, as with a JVM per job). It holds the memory of the job it
     * was sized for until it ends.
     */
    private static final class ServingWorker {
        private final WorkerPool pool;
        final Job sizedFor;
        private final Process process;
        private final BufferedReader out;
        private final java.io.Writer in;
        private final Thread errorPump;
        private final java.util.concurrent.Semaphore errorJobEnds = new java.util.concurrent.Semaphore(0);
        private volatile Path log;
        private boolean ended;
        private boolean firstJobTaken;

        private ServingWorker(WorkerPool pool, Job sizedFor, Process process) {
            this.pool = pool;
            this.sizedFor = sizedFor;
            this.process = process;
            this.log = sizedFor.log();
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.errorPump = new Thread(this::pumpErrors, Thread.currentThread().getName() + "-log");
            errorPump.setDaemon(true);
            errorPump.start();
        }

        /** Starts a worker sized for {@code job}; null (its runs reported FAILED) when it could not start, or on a stop. */
        static ServingWorker start(WorkerPool pool, Job job) {
            try {
                Files.createDirectories(job.log().getParent());
                ProcessBuilder builder = builder(job.command());
                synchronized (pool.running) {
                    if (pool.stopping) {
                        return null;
                    }
                    Process process = builder.start();
                    pool.running.add(process);
                    return new ServingWorker(pool, job, process);
                }
            } catch (IOException e) {
                job.runs().forEach(run -> pool.listener.onEvent(
                        run.withStatus(ProgressEvent.FAILED, "could not start a worker: " + e.getMessage())));
                return null;
            }
        }

        /**
         * Trains {@code job} on this worker and forwards its events; true when the worker is ready for the
         * next job, false when its JVM has ended (it then released its memory).
         */
        boolean train(Job job) {
            java.util.Map<String, ProgressEvent> last = new java.util.LinkedHashMap<>();
            job.runs().forEach(run -> last.put(run.runId(), run.withStatus(ProgressEvent.STARTED, null)));
            Set<String> endedRuns = new java.util.HashSet<>();
            Integer exit = null;
            try {
                Files.createDirectories(job.log().getParent());
                log = job.log();
                if (job != sizedFor || firstJobTaken) { // the job it was started for is on its command line
                    in.write(job.serving().request() + "\n");
                    in.flush();
                }
                firstJobTaken = true;
                exit = pool.readEvents(out, last, endedRuns);
            } catch (IOException e) {
                // the worker is gone (its standard input or output broke): what it left says why
            }
            if (exit != null && exit == 0) {
                awaitErrorMark();
                reportUnended(last, endedRuns, "the worker ended the job without ending the run; see " + job.log());
                return true;
            }
            if (exit != null) {
                awaitErrorMark(); // it stopped or failed, and leaves: its runs said how they ended
            }
            int code = end();
            String reason = pool.stopping ? "stopped" : deathReason(code, job.log());
            last.forEach((run, event) -> {
                if (!endedRuns.contains(run)) {
                    if (!pool.stopping) {
                        pool.lostRuns.lost(event, reason);
                    }
                    pool.listener.onEvent(event.withStatus(pool.stopping ? ProgressEvent.STOPPED : ProgressEvent.FAILED,
                            reason));
                }
            });
            return false;
        }

        private void reportUnended(java.util.Map<String, ProgressEvent> last, Set<String> endedRuns, String reason) {
            last.forEach((run, event) -> {
                if (!endedRuns.contains(run)) {
                    pool.lostRuns.lost(event, reason);
                    pool.listener.onEvent(event.withStatus(ProgressEvent.FAILED, reason));
                }
            });
        }

        /** Waits until the pump has written the job's messages (up to the mark, or the end of the worker). */
        private void awaitErrorMark() {
            try {
                if (!errorJobEnds.tryAcquire(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    return; // a worker that printed no mark: its log may get a line of the next job
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** No more jobs: closes its standard input (it exits), waits for it and releases its memory. */
        void retire() {
            try {
                in.close();
            } catch (IOException e) {
                // already gone
            }
            end();
        }

        /** Waits for the JVM to end (killing it when it does not), releases its memory; its exit code. */
        private int end() {
            if (ended) {
                return process.exitValue();
            }
            ended = true;
            try {
                if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor();
                }
                errorPump.join(TimeUnit.SECONDS.toMillis(STOP_GRACE_SECONDS)); // its log complete before reading it
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                pool.running.remove(process);
                pool.release(sizedFor.memoryBytes());
            }
            return process.isAlive() ? -1 : process.exitValue();
        }

        /** Copies the worker's standard error into the current job's log. */
        private void pumpErrors() {
            java.io.OutputStream open = null;
            Path openPath = null;
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    boolean jobEnd = line.endsWith(JOB_END);
                    if (jobEnd) {
                        line = line.substring(0, line.length() - JOB_END.length());
                    }
                    if (line.isEmpty() && jobEnd) {
                        errorJobEnds.release();
                        continue;
                    }
                    Path target = log;
                    if (!target.equals(openPath)) {
                        if (open != null) {
                            open.close();
                        }
                        open = Files.newOutputStream(target, java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND);
                        openPath = target;
                    }
                    open.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    open.flush();
                    if (jobEnd) {
                        errorJobEnds.release();
                    }
                }
            } catch (IOException e) {
                // the log is for the developer: losing it never stops training
            } finally {
                try {
                    if (open != null) {
                        open.close();
                    }
                } catch (IOException e) {
                    // nothing left to save
                }
                errorJobEnds.release(Integer.MAX_VALUE / 2); // the worker is gone: no mark will come
            }
        }
    }

    /**
     * Forwards a worker's events up to the end of its job: {@link #JOB_END}'s exit code, or null when its
     * output ended first (the worker died). {@code last} gets each run's latest event, {@code ended} the
     * runs that ended.
     */
    private Integer readEvents(BufferedReader out, java.util.Map<String, ProgressEvent> last, Set<String> ended)
            throws IOException {
        String first = last.keySet().iterator().next();
        String line;
        while ((line = out.readLine()) != null) {
            int mark = line.indexOf(JOB_END); // after a library's unterminated line, the mark may not start the line
            if (mark >= 0) {
                try {
                    return Integer.parseInt(line.substring(mark + JOB_END.length()).trim());
                } catch (NumberFormatException e) {
                    return 1;
                }
            }
            ProgressEvent event = ProgressEvent.parse(line);
            if (event != null) {
                last.put(event.runId() == null ? first : event.runId(), event);
                if (isEnd(event)) {
                    ended.add(event.runId());
                }
                listener.onEvent(event);
            }
        }
        return null;
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
