package org.saturn.core.store;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The append-only metric series of a run ({@code step,wallSeconds,key,value}). Each row is
 * appended and flushed; {@link #sync()} forces it to disk at evaluation boundaries. Readers skip a
 * torn last row (a writer killed mid-line), so a crash costs at most the row being written.
 */
public final class MetricsLog implements Closeable {

    static final String HEADER = "step,wallSeconds,key,value";

    private final FileChannel channel;
    private final BufferedWriter writer;

    private MetricsLog(FileChannel channel) {
        this.channel = channel;
        this.writer = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
    }

    /** Opens the series for appending, first dropping a torn last row left by a crash. */
    public static MetricsLog openForAppend(Path file) {
        try {
            repairTornTail(file);
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            MetricsLog log = new MetricsLog(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND));
            if (fresh) {
                log.writer.write(HEADER);
                log.writer.write('\n');
                log.writer.flush();
            }
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    public void append(long step, double wallSeconds, String key, double value) {
        if (key.indexOf(',') >= 0 || key.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a metric key cannot contain ',' or a line break: " + key);
        }
        try {
            writer.write(String.format(Locale.ROOT, "%d,%.3f,%s,%s%n", step, wallSeconds, key, Double.toString(value)));
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forces appended rows to disk (call after each evaluation, before a checkpoint is recorded). */
    public void sync() {
        try {
            writer.flush();
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            sync();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every complete row; a missing file is an empty series, a torn last row is skipped. */
    public static List<MetricPoint> read(Path file) {
        List<MetricPoint> points = new ArrayList<>();
        String text;
        try {
            // decoded leniently: bytes that are not UTF-8 spoil their row only (skipped below)
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return points;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int start = 0;
        int end;
        while ((end = text.indexOf('\n', start)) >= 0) {
            String line = text.substring(start, end);
            start = end + 1;
            if (line.isEmpty() || line.equals(HEADER)) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 4) {
                StoreWarnings.skipped(file, "unreadable rows (saturn fsck lists them)");
                continue;
            }
            try {
                points.add(new MetricPoint(Long.parseLong(cells[0]), Double.parseDouble(cells[1]), cells[2],
                        Double.parseDouble(cells[3])));
            } catch (NumberFormatException e) {
                // a mangled row: skipping it loses one value, never the series
                StoreWarnings.skipped(file, "unreadable rows (saturn fsck lists them)");
            }
        }
        return points;
    }

    /**
     * Rewrites the series without the rows after {@code step}: a run resuming from the checkpoint
     * at {@code step} then appends exactly what an uninterrupted run would have.
     */
    public static void truncateAfter(Path file, long step) {
        keepOnly(file, p -> p.step() <= step);
    }

    /** Rewrites the series with only the rows {@code keep} accepts (e.g. a stage that starts again drops its rows). */
    public static void keepOnly(Path file, java.util.function.Predicate<MetricPoint> keep) {
        List<MetricPoint> kept = read(file).stream().filter(keep).toList();
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (MetricPoint p : kept) {
            text.append(String.format(Locale.ROOT, "%d,%.3f,%s,%s%n", p.step(), p.wallSeconds(), p.key(),
                    Double.toString(p.value())));
        }
        AtomicFiles.writeString(file, text.toString());
    }

    private static void repairTornTail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size == 0) {
                return;
            }
            // find the last newline; everything after it is a torn row
            long position = size;
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            while (position > 0) {
                one.clear();
                channel.read(one, position - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                position--;
            }
            if (position < size) {
                channel.truncate(position);
                channel.force(true);
            }
        }
    }
}
