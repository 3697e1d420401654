package org.saturn.engine.slurm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.saturn.core.store.AtomicFiles;

/**
 * One {@code saturn slurm} submission, kept in the store next to the runs it trains:
 * {@code <store>/.slurm/<time>/} holds {@code job.sh}, {@code runs.tsv} (line i+1 is the run of
 * array task i), {@code classpath.txt}, {@code jobs.tsv} (the array jobs sbatch accepted) and
 * {@code logs/} (each task's output: the worker's JSON progress events). The store's dot-folder
 * is invisible to run listings.
 */
final class Submission {

    static final String FOLDER = ".slurm";
    static final String SCRIPT = "job.sh";
    static final String RUNS = "runs.tsv";
    static final String CLASSPATH = "classpath.txt";
    static final String JOBS = "jobs.tsv";
    static final String LOGS = "logs";

    /** A run of the plan, as the job script reads it. */
    record Entry(String study, String runId) {
    }

    /** One array job of the submission: its tasks 0..count-1 train runs firstRun..firstRun+count-1. */
    record ArrayJob(String jobId, int firstRun, int count) {
    }

    /** One array task, {@code <jobid>_<index>} in Slurm's words. */
    record Task(String jobId, int index, Submission submission) {
        String name() {
            return jobId + "_" + index;
        }

        Path log() {
            return submission.folder.resolve(LOGS).resolve(name() + ".out");
        }
    }

    private final Path folder;

    private Submission(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /** A fresh folder name under the store, by submission time (so listings sort chronologically). */
    static Path newFolder(Path store) {
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        return store.resolve(FOLDER).resolve(stamp);
    }

    static Submission create(Path folder, List<Entry> runs, String classpath, String script) {
        try {
            Files.createDirectories(folder.resolve(LOGS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        StringBuilder lines = new StringBuilder();
        runs.forEach(run -> lines.append(run.study()).append('\t').append(run.runId()).append('\n'));
        AtomicFiles.writeString(folder.resolve(RUNS), lines.toString());
        AtomicFiles.writeString(folder.resolve(CLASSPATH), classpath + "\n");
        AtomicFiles.writeString(folder.resolve(SCRIPT), script);
        folder.resolve(SCRIPT).toFile().setExecutable(true);
        return new Submission(folder);
    }

    void addJob(ArrayJob job) {
        try {
            Files.writeString(folder.resolve(JOBS), job.jobId() + "\t" + job.firstRun() + "\t" + job.count() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(JOBS), e);
        }
    }

    List<Entry> runs() {
        List<Entry> runs = new ArrayList<>();
        for (String[] fields : rows(RUNS)) {
            if (fields.length == 2) {
                runs.add(new Entry(fields[0], fields[1]));
            }
        }
        return runs;
    }

    List<ArrayJob> jobs() {
        List<ArrayJob> jobs = new ArrayList<>();
        for (String[] fields : rows(JOBS)) {
            if (fields.length == 3) {
                jobs.add(new ArrayJob(fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2])));
            }
        }
        return jobs;
    }

    /** The task that trains the run on line {@code runIndex + 1}, when a job of this submission holds it. */
    Optional<Task> taskOf(int runIndex) {
        return jobs().stream().filter(job -> runIndex >= job.firstRun() && runIndex < job.firstRun() + job.count())
                .findFirst().map(job -> new Task(job.jobId(), runIndex - job.firstRun(), this));
    }

    /** Every submission of the store, oldest first. */
    static List<Submission> all(Path store) {
        Path root = store.resolve(FOLDER);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(root)) {
            return folders.filter(Files::isDirectory).sorted().map(Submission::new).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** The latest task each run of the store was given, in submission order. */
    static Map<Entry, Task> latestTasks(Path store) {
        Map<Entry, Task> latest = new LinkedHashMap<>();
        for (Submission submission : all(store)) {
            List<Entry> runs = submission.runs();
            for (int i = 0; i < runs.size(); i++) {
                Optional<Task> task = submission.taskOf(i);
                if (task.isPresent()) {
                    latest.remove(runs.get(i)); // re-inserted: the table lists runs by their latest submission
                    latest.put(runs.get(i), task.get());
                }
            }
        }
        return latest;
    }

    private List<String[]> rows(String file) {
        try {
            return Files.readAllLines(folder.resolve(file), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).map(line -> line.split("\t")).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder.resolve(file), e);
        }
    }
}
