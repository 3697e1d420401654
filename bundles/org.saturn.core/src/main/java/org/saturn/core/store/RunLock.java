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

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static RunLock acquire(Path runDirectory, String runName) {
        Path file = runDirectory.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(runDirectory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new HeldException(runName, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + host() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // reporting the first failure
                }
            }
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
        try (RunLock lock = acquire(runDirectory, runDirectory.getFileName().toString())) {
            return null;
        } catch (HeldException e) {
            return e.holder().isEmpty() ? "another process" : e.holder();
        }
    }

    /** {@code pid N (host H)} from the holder's lock file ({@code N H}; older files hold the pid alone). */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return "";
        }
        int space = text.indexOf(' ');
        return space < 0 ? "pid " + text : "pid " + text.substring(0, space) + " (host " + text.substring(space + 1) + ")";
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
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
