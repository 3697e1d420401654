package org.saturn.engine.run;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Everything a training graph needs to continue exactly where it stopped: every trainable
 * variable, every optimiser state array (Adam's moments), the iteration count that drives the
 * schedule and Adam's bias correction, and the run loop's own counters (e.g. the running sum of
 * training losses since the last evaluation, so a resumed run reports the same means). Written to a temporary file and renamed, so a checkpoint is
 * either the old one or the new one, never torn. Format 3 ends with a CRC-32 of everything before
 * it, checked before any array is read: a damaged file is one clear message, never arrays of
 * garbage shapes.
 */
public final class Checkpoint {

    private static final String FILE = "state.bin";
    private static final int FORMAT = 3;
    private static final int FORMAT_WITHOUT_CHECKSUM = 2;
    private static final int FORMAT_WITHOUT_COUNTERS = 1;
    private static final int CHECKSUM_BYTES = Long.BYTES;

    private Checkpoint() {
    }

    public static void save(SameDiff graph, long step, Path folder) {
        save(graph, step, Map.of(), folder);
    }

    /** Saves the graph with the run loop's counters (the restore with a counters map reads them back). */
    public static void save(SameDiff graph, long step, Map<String, Double> counters, Path folder) {
        write(state(graph, step, counters), folder);
    }

    /** The state of a one-seed graph as {@link #save} writes it (the arrays are the graph's own, not copies). */
    static Saved state(SameDiff graph, long step, Map<String, Double> counters) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (SDVariable variable : graph.variables()) {
            if (variable.getVariableType() == VariableType.VARIABLE) {
                arrays.put("var/" + variable.name(), variable.getArr());
            }
        }
        Map<String, GradientUpdater> updaters = graph.getUpdaterMap();
        if (updaters != null) {
            updaters.forEach((name, updater) -> state(updater)
                    .forEach((key, state) -> arrays.put("opt/" + name + "/" + key, state)));
        }
        int iteration = graph.getTrainingConfig() == null ? 0 : graph.getTrainingConfig().getIterationCount();
        return new Saved(step, iteration, arrays, counters);
    }

    /**
     * What a checkpoint file holds: the step, the optimiser's iteration count, the arrays under
     * {@code var/NAME} and {@code opt/NAME/STATE} (one seed's, each {@code [1, ...]}), and the loop's
     * counters (none in format 1).
     */
    record Saved(long step, int iteration, Map<String, INDArray> arrays, Map<String, Double> counters) {
    }

    /** Writes {@code saved} in the current format, atomically (the one writer of the file format). */
    static void write(Saved saved, Path folder) {
        Path temporary = folder.resolve(FILE + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(folder);
            CheckedOutputStream checked = new CheckedOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(temporary)), new CRC32());
            try (DataOutputStream out = new DataOutputStream(checked)) {
                out.writeInt(FORMAT);
                out.writeLong(saved.step());
                out.writeInt(saved.iteration());
                out.writeInt(saved.arrays().size());
                for (Map.Entry<String, INDArray> entry : saved.arrays().entrySet()) {
                    out.writeUTF(entry.getKey());
                    Nd4j.write(entry.getValue(), out);
                }
                out.writeInt(saved.counters().size());
                for (Map.Entry<String, Double> counter : saved.counters().entrySet()) {
                    out.writeUTF(counter.getKey());
                    out.writeDouble(counter.getValue());
                }
                out.flush();
                out.writeLong(checked.getChecksum().getValue());
            }
            try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary); // a full disk must not keep a half-written copy
            } catch (IOException ignored) {
                // the write's failure is the one to report
            }
            throw new UncheckedIOException("cannot write the checkpoint in " + folder, e);
        }
    }

    /** Reads the checkpoint in {@code folder}, format 3, 2 or 1 (the one reader of the file format). */
    static Saved read(Path folder) {
        Path file = folder.resolve(FILE);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int format = in.readInt();
            if (format != FORMAT && format != FORMAT_WITHOUT_CHECKSUM && format != FORMAT_WITHOUT_COUNTERS) {
                throw new IllegalStateException("checkpoint in " + folder + " has an unknown format");
            }
            if (format == FORMAT) {
                checkChecksum(file);
            }
            long step = in.readLong();
            int iteration = in.readInt();
            int count = in.readInt();
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                arrays.put(key, Nd4j.read(in));
            }
            Map<String, Double> counters = new LinkedHashMap<>();
            if (format != FORMAT_WITHOUT_COUNTERS) {
                int counterCount = in.readInt();
                for (int i = 0; i < counterCount; i++) {
                    counters.put(in.readUTF(), in.readDouble());
                }
            }
            return new Saved(step, iteration, arrays, counters);
        } catch (java.io.EOFException e) {
            throw new IllegalStateException("checkpoint in " + folder + " is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint in " + folder, e);
        }
    }

    /** Throws when the file's bytes do not match the CRC-32 at its end (format 3). */
    private static void checkChecksum(Path file) throws IOException {
        long size = Files.size(file);
        if (size < Integer.BYTES + CHECKSUM_BYTES) {
            throw new IllegalStateException("checkpoint " + file + " is truncated");
        }
        CRC32 crc = new CRC32();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] buffer = new byte[1 << 16];
            long left = size - CHECKSUM_BYTES;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new IllegalStateException("checkpoint " + file + " is truncated");
                }
                crc.update(buffer, 0, read);
                left -= read;
            }
            if (in.readLong() != crc.getValue()) {
                throw new IllegalStateException("checkpoint " + file + " is damaged (its checksum does not match)");
            }
        }
    }

    /**
     * Reads the checkpoint in {@code folder} completely and returns its step; throws with the
     * reason when it is damaged (the store's damage check, {@code saturn fsck}).
     */
    public static long readableStep(Path folder) {
        try {
            return read(folder).step();
        } catch (OutOfMemoryError e) {
            // a format 1 or 2 file (no checksum) whose damage reads as a huge array
            throw new IllegalStateException("checkpoint in " + folder + " is damaged (it reads as an impossible array)");
        }
    }

    /** Copies the checkpoint in {@code from} to {@code to} (atomically, as every write). */
    static void copy(Path from, Path to) {
        write(read(from), to);
    }

    /** The step the checkpoint in {@code folder} was taken at, or -1 when there is none. */
    public static long step(Path folder) {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(folder.resolve(FILE)))) {
            in.readInt();
            return in.readLong();
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Restores the graph from {@code folder} (the graph must have the same variables: the same
     * model specification); returns the checkpoint's step.
     */
    public static long restore(SameDiff graph, Path folder) {
        return restore(graph, folder, new LinkedHashMap<>());
    }

    /** As {@link #restore(SameDiff, Path)}, putting the saved counters into {@code counters}. */
    public static long restore(SameDiff graph, Path folder, Map<String, Double> counters) {
        Saved saved = read(folder);
        initializeTraining(graph);
        saved.arrays().forEach((key, array) -> target(graph, key).assign(array));
        graph.getTrainingConfig().setIterationCount(saved.iteration());
        counters.putAll(saved.counters());
        return saved.step();
    }

    private static INDArray target(SameDiff graph, String key) {
        if (key.startsWith("var/")) {
            return graph.getVariable(key.substring(4)).getArr();
        }
        int split = key.lastIndexOf('/');
        String variable = key.substring(4, split);
        INDArray state = state(graph.getUpdaterMap().get(variable)).get(key.substring(split + 1));
        if (state == null) {
            throw new IllegalStateException("checkpoint does not match the model: no optimiser state " + key);
        }
        return state;
    }

    @SuppressWarnings("unchecked") // ND4J's updater API is raw
    private static Map<String, INDArray> state(GradientUpdater updater) {
        return updater.getState();
    }

    /** The optimiser state exists only after the first fit; create it now so it can be restored. */
    private static void initializeTraining(SameDiff graph) {
        org.saturn.engine.train.GraphOptimiserState.initialise(graph);
    }
}
