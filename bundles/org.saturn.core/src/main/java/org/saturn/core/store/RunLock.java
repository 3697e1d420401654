package org.saturn.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive right to write one run. Backed by an OS file lock, so a worker killed with
 * {@code kill -9} releases it with its process: a crashed worker never leaves a run locked. The
 * lock file names the holder's pid and host for the message another process gets: a run held by a
 * live process is running there, not failed ({@link HeldException}).
 */
public final class RunLock implements AutoCloseable {

    static final String FILE_NAME = ".lock";

    /** The run is locked by another live process: it is running there, which is no failure. */
    public static final class HeldException extends StoreException {

        private static final long serialVersionUID = 1L;

        private final String holder;

        HeldException(String runName, String holder) {
            super("run " + runName + " is running in " + (holder.isEmpty() ? "another process" : holder));
            this.holder = holder;
        }

        /** {@code pid N (host H)}, or empty when the holder did not write it yet. */
        public String holder() {
            return holder;
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private final boolean holds;

    private RunLock(FileChannel channel, FileLock lock, boolean holds) {
        this.channel = channel;
        this.lock = lock;
        this.holds = holds;
    }

    /** How long a lock that names no live process of this host is waited for before the run counts as held. */
    private static final long PROBE_PATIENCE_NANOS = 2_000_000_000L;

    static RunLock acquire(Path runDirectory, String runName) {
        return acquire(runDirectory, runName, true);
    }

    /** The lock; a holder writes its pid and host into the file, a probe ({@code holds == false}) writes nothing. */
    private static RunLock acquire(Path runDirectory, String runName, boolean holds) {
        Path file = runDirectory.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(runDirectory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            // a lock taken for a moment by a probe (held(), another saturn run looking) is no holder:
            // only a live process named in the file holds the run at once; anything else is waited out
            long deadline = System.nanoTime() + PROBE_PATIENCE_NANOS;
            while (lock == null) {
                String holder = holderText(channel);
                if (namesLiveProcessHere(holder) || System.nanoTime() > deadline) {
                    channel.close();
                    throw new HeldException(runName, describe(holder));
                }
                Thread.sleep(5);
                lock = tryLock(channel);
            }
            if (!holds) {
                return new RunLock(channel, lock, false);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + host() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(channel);
            throw new HeldException(runName, "");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    /** Whether another live process holds the run's lock now (a free lock is taken and let go at once). */
    public static boolean held(Path runDirectory) {
        return holderOf(runDirectory) != null;
    }

    /** {@code pid N (host H)} of the live process holding the run's lock, or null when it is free. */
    public static String holderOf(Path runDirectory) {
        if (!Files.isDirectory(runDirectory)) {
            return null;
        }
        try (RunLock probe = acquire(runDirectory, runDirectory.getFileName().toString(), false)) {
            return null;
        } catch (HeldException e) {
            return e.holder().isEmpty() ? "another process" : e.holder();
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM (another thread, or a probe in it)
        }
    }

    /** What the holder wrote: {@code N H} (pid and host), older files the pid alone, empty while a probe holds it. */
    private static String holderText(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
    }

    /** {@code pid N (host H)} for a holder's text, empty for none. */
    private static String describe(String text) {
        if (text.isEmpty()) {
            return "";
        }
        int space = text.indexOf(' ');
        return space < 0 ? "pid " + text : "pid " + text.substring(0, space) + " (host " + text.substring(space + 1) + ")";
    }

    /** Whether the text names a process of this host that is alive: then the lock is surely its, not a probe's. */
    private static boolean namesLiveProcessHere(String text) {
        int space = text.indexOf(' ');
        if (space < 0 || !text.substring(space + 1).equals(host())) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(text.substring(0, space))).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // reporting the first failure
            }
        }
    }

    private static String host() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = "unknown";
            }
        }
        return name.replaceAll("\\s+", "_");
    }

    @Override
    public void close() {
        try {
            // the file names live holders only: a process alive after letting go must not look like one
            if (holds) {
                channel.truncate(0);
            }
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
