package org.saturn.ui.launch;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.eclipse.core.runtime.PlatformObject;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IStreamMonitor;
import org.eclipse.debug.core.model.IStreamsProxy;

/**
 * One engine worker (a JVM started by {@code saturn run}; it trains the job its command line names,
 * then the jobs the dispatcher feeds it) as a process of the launch: the Debug view lists it under
 * the engine, labelled with the run it trains now; its Console shows the worker's log
 * ({@code <store>/<study>/<run>/worker.log}, where the engine sends a worker's standard error) and
 * moves to the next run's log when the worker takes its next job. Terminate sends SIGTERM: the
 * worker checkpoints and stops (resumable).
 */
final class WorkerProcess extends PlatformObject implements IProcess {

    private final ILaunch launch;
    private final ProcessHandle handle;
    private volatile String label;
    private final LogTail log;
    private final Map<String, String> attributes = new ConcurrentHashMap<>();
    private volatile boolean terminated;

    WorkerProcess(ILaunch launch, ProcessHandle handle, String runId, Path store) {
        this.launch = launch;
        this.handle = handle;
        this.label = label(runId);
        this.log = new LogTail(store, runId, handle.pid(), this::training);
        attributes.put(IProcess.ATTR_PROCESS_TYPE, "saturn.worker");
        attributes.put(IProcess.ATTR_PROCESS_LABEL, label);
        handle.info().commandLine().ifPresent(line -> attributes.put(IProcess.ATTR_CMDLINE, line));
        launch.addProcess(this);
        fire(DebugEvent.CREATE);
        log.start();
        handle.onExit().thenRun(() -> {
            terminated = true;
            log.stop();
            fire(DebugEvent.TERMINATE);
        });
    }

    /**
     * The run id a worker's command line names ({@code ... worker --run STUDY/ID ...}, or
     * {@code worker SPEC --run ID} when started on a spec), or null.
     */
    static String runIdOf(ProcessHandle worker) {
        List<String> args = arguments(worker);
        int run = args.indexOf("--run");
        if (!args.contains("worker") || run < 0 || run + 1 >= args.size()) {
            return null;
        }
        String named = args.get(run + 1);
        return named.substring(named.lastIndexOf('/') + 1);
    }

    /** A process's arguments: from /proc on Linux (the JDK leaves long command lines out), else the JDK's. */
    private static List<String> arguments(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
            }
        } catch (IOException e) {
            // the process ended: no arguments
        }
        return List.of(process.info().arguments().orElse(new String[0]));
    }

    private String label(String runId) {
        return "worker " + runId + " (pid " + handle.pid() + ")";
    }

    /** The worker took its next job: the label names that run. */
    private void training(String runId) {
        label = label(runId);
        attributes.put(IProcess.ATTR_PROCESS_LABEL, label);
        fire(DebugEvent.CHANGE);
    }

    private void fire(int kind) {
        DebugPlugin plugin = DebugPlugin.getDefault();
        if (plugin != null) {
            plugin.fireDebugEventSet(new DebugEvent[] { new DebugEvent(this, kind) });
        }
    }

    @Override
    public String getLabel() {
        return label;
    }

    @Override
    public ILaunch getLaunch() {
        return launch;
    }

    @Override
    public IStreamsProxy getStreamsProxy() {
        return log;
    }

    @Override
    public void setAttribute(String key, String value) {
        attributes.put(key, value);
    }

    @Override
    public String getAttribute(String key) {
        return attributes.get(key);
    }

    @Override
    public int getExitValue() {
        return 0; // a worker's outcome is its run's status (Runs view), not a code the handle can tell
    }

    @Override
    public boolean canTerminate() {
        return !terminated;
    }

    @Override
    public boolean isTerminated() {
        return terminated || !handle.isAlive();
    }

    @Override
    public void terminate() {
        handle.destroy();
    }

    /**
     * Follows the log file of the run the worker trains and hands new text to the console. A
     * persistent worker trains one job after another: the run it holds now is the one whose lock
     * file names its pid ({@code .lock}: "PID HOST", written by the holder, emptied on release).
     */
    private static final class LogTail implements IStreamsProxy {
        private static final String LOCK_FILE = ".lock";
        private final Path store;
        private final String runId;
        private final long pid;
        private final Consumer<String> nextRun;
        private final TextStreamMonitor log = new TextStreamMonitor();
        // never appended to: a worker's standard output is the engine's event stream, shown on the engine's console
        private final TextStreamMonitor noOutput = new TextStreamMonitor(0);
        private volatile boolean running = true;
        private Thread thread;

        LogTail(Path store, String runId, long pid, Consumer<String> nextRun) {
            this.store = store;
            this.runId = runId;
            this.pid = pid;
            this.nextRun = nextRun;
        }

        void start() {
            thread = new Thread(this::follow, "saturn worker log " + runId);
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
        }

        private void follow() {
            long offset = 0;
            Path file = null;
            boolean last = false;
            while (!last) {
                last = !running; // one more read after the worker exits
                if (file == null) {
                    file = find();
                } else if (!last && !heldByWorker(file.getParent())) {
                    // the worker let go of this run: show the rest of its log, then follow the next job's
                    Path next = runHeldByWorker();
                    if (next != null && !next.equals(file.getParent())) {
                        append(file, offset);
                        file = next.resolve("worker.log");
                        offset = 0;
                        log.append("\n--- " + next.getParent().getFileName() + "/" + next.getFileName() + " ---\n");
                        nextRun.accept(next.getFileName().toString());
                    }
                }
                if (file != null) {
                    offset = append(file, offset);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Appends what the file holds past {@code offset} (at most 1 MB) to the console; the new offset. */
        private long append(Path file, long offset) {
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                if (in.length() > offset) {
                    in.seek(offset);
                    byte[] bytes = new byte[(int) Math.min(in.length() - offset, 1 << 20)];
                    in.readFully(bytes);
                    log.append(new String(bytes, StandardCharsets.UTF_8));
                    return offset + bytes.length;
                }
            } catch (IOException e) {
                // the run folder moved or vanished: nothing more to show
            }
            return offset;
        }

        /** Whether the run's lock file names this worker (read only: reading never takes the lock). */
        private boolean heldByWorker(Path runDirectory) {
            try {
                return Files.readString(runDirectory.resolve(LOCK_FILE), StandardCharsets.UTF_8)
                        .startsWith(pid + " ");
            } catch (IOException e) {
                return false;
            }
        }

        /**
         * The folder of a run whose lock names this worker and that has the job's log (a seed-batched
         * job holds several runs and logs into one of them), or null (between jobs, or after the last).
         */
        private Path runHeldByWorker() {
            try (Stream<Path> studies = Files.list(store)) {
                return studies.filter(Files::isDirectory).flatMap(study -> {
                    try (Stream<Path> runs = Files.list(study)) {
                        return runs.filter(run -> heldByWorker(run) && Files.isRegularFile(run.resolve("worker.log")))
                                .toList().stream();
                    } catch (IOException e) {
                        return Stream.empty();
                    }
                }).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        }

        private Path find() {
            try (Stream<Path> studies = Files.list(store)) {
                return studies.map(study -> study.resolve(runId).resolve("worker.log")).filter(Files::isRegularFile)
                        .findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public IStreamMonitor getErrorStreamMonitor() {
            return log;
        }

        @Override
        public IStreamMonitor getOutputStreamMonitor() {
            return noOutput;
        }

        @Override
        public void write(String input) {
            // a worker reads no input
        }
    }
}
