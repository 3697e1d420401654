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
 * either the old one or the new one, never torn.
 */
public final class Checkpoint {

    private static final String FILE = "state.bin";
    private static final int FORMAT = 2;
    private static final int FORMAT_WITHOUT_COUNTERS = 1;

    private Checkpoint() {
    }

    public static void save(SameDiff graph, long step, Path folder) {
        save(graph, step, Map.of(), folder);
    }

    /** Saves the graph with the run loop's counters (the restore with a counters map reads them back). */
    public static void save(SameDiff graph, long step, Map<String, Double> counters, Path folder) {
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
        try {
            Files.createDirectories(folder);
            Path temporary = folder.resolve(FILE + ".tmp-" + ProcessHandle.current().pid());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
                out.writeInt(FORMAT);
                out.writeLong(step);
                out.writeInt(iteration);
                out.writeInt(arrays.size());
                for (Map.Entry<String, INDArray> entry : arrays.entrySet()) {
                    out.writeUTF(entry.getKey());
                    Nd4j.write(entry.getValue(), out);
                }
                out.writeInt(counters.size());
                for (Map.Entry<String, Double> counter : counters.entrySet()) {
                    out.writeUTF(counter.getKey());
                    out.writeDouble(counter.getValue());
                }
            }
            try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + folder, e);
        }
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
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(folder.resolve(FILE))))) {
            int format = in.readInt();
            if (format != FORMAT && format != FORMAT_WITHOUT_COUNTERS) {
                throw new IllegalStateException("checkpoint in " + folder + " has an unknown format");
            }
            long step = in.readLong();
            int iteration = in.readInt();
            int count = in.readInt();
            initializeTraining(graph);
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                INDArray saved = Nd4j.read(in);
                target(graph, key).assign(saved);
            }
            graph.getTrainingConfig().setIterationCount(iteration);
            if (format == FORMAT) {
                int counterCount = in.readInt();
                for (int i = 0; i < counterCount; i++) {
                    counters.put(in.readUTF(), in.readDouble());
                }
            }
            return step;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint in " + folder, e);
        }
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
