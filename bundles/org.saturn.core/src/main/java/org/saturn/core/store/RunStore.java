package org.saturn.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.saturn.core.results.RunRecord;

/**
 * A folder of runs, {@code <root>/<study>/<run-id>/}. Many worker processes may write different
 * runs at once while readers list the store: every record write is atomic and every series is
 * append-only, so a listing never sees a half-written file.
 */
public final class RunStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path root;

    private RunStore(Path root) {
        this.root = root;
    }

    /** Opens (and creates if needed) the store at {@code root}. */
    public static RunStore create(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new StoreException("cannot create the run store " + root + ": " + e.getMessage(), e);
        }
        return new RunStore(root);
    }

    /** Opens an existing store; a missing folder is a clear error. */
    public static RunStore open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new StoreException("no run store at " + root + " (run a study first, or pass --store DIR)");
        }
        return new RunStore(root);
    }

    public Path root() {
        return root;
    }

    public List<String> studies() {
        return folders(root);
    }

    public List<RunDirectory> runs(String study) {
        return folders(root.resolve(study)).stream().map(id -> new RunDirectory(study, id, root.resolve(study).resolve(id)))
                .toList();
    }

    /** The run's folder (created on demand); names are checked so a run can never escape the store. */
    public RunDirectory run(String study, String runId) {
        check("study", study);
        check("run id", runId);
        return new RunDirectory(study, runId, root.resolve(study).resolve(runId));
    }

    /** Every readable record of a study; runs without a record yet are left out. */
    public List<RunRecord> records(String study) {
        List<RunRecord> records = new ArrayList<>();
        for (RunDirectory run : runs(study)) {
            run.record().ifPresent(records::add);
        }
        return records;
    }

    private static void check(String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new StoreException("invalid " + what + " '" + name + "': use letters, digits, '.', '_' and '-'");
        }
    }

    private static List<String> folders(Path parent) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
