package org.saturn.engine.run;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.saturn.engine.train.SeedSlices;

/**
 * The checkpoints of the runs of a seed-batched group: seed s of the batched graph is written as
 * the one-seed checkpoint its run would have written alone (the file {@link Checkpoint} writes and
 * reads, same layout, atomically renamed), and read back into its slot. So a run's checkpoint does
 * not depend on how it was trained: a batched group resumes from checkpoints of separate runs and
 * the other way round ({@code SeedCheckpointsTest} holds the two layouts together).
 */
final class SeedCheckpoints {

    private static final String FILE = "state.bin";
    private static final int FORMAT = 1;

    /** What a checkpoint holds for one seed. */
    record Saved(long step, int iteration, Map<String, INDArray> arrays) {
    }

    private SeedCheckpoints() {
    }

    static void save(SameDiff graph, int seedIndex, long step, Path folder) {
        write(new Saved(step, SeedSlices.iteration(graph), SeedSlices.extract(graph, seedIndex)), folder);
    }

    static void write(Saved saved, Path folder) {
        try {
            Files.createDirectories(folder);
            Path temporary = folder.resolve(FILE + ".tmp-" + ProcessHandle.current().pid());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
                out.writeInt(FORMAT);
                out.writeLong(saved.step());
                out.writeInt(saved.iteration());
                out.writeInt(saved.arrays().size());
                for (Map.Entry<String, INDArray> entry : saved.arrays().entrySet()) {
                    out.writeUTF(entry.getKey());
                    Nd4j.write(entry.getValue(), out);
                }
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + folder, e);
        }
    }

    static Saved read(Path folder) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(folder.resolve(FILE))))) {
            if (in.readInt() != FORMAT) {
                throw new IllegalStateException("checkpoint in " + folder + " has an unknown format");
            }
            long step = in.readLong();
            int iteration = in.readInt();
            int count = in.readInt();
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                arrays.put(key, Nd4j.read(in));
            }
            return new Saved(step, iteration, arrays);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint in " + folder, e);
        }
    }

    /** Restores seed {@code seedIndex} from {@code folder}; returns the checkpoint (its step and iteration). */
    static Saved restore(SameDiff graph, int seedIndex, Path folder) {
        Saved saved = read(folder);
        SeedSlices.inject(graph, seedIndex, saved.arrays());
        return saved;
    }
}
