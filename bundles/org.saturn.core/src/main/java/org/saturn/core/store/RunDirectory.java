package org.saturn.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.saturn.core.results.RunRecord;

/**
 * One run's folder: {@code spec.saturn} (the spec source), {@code config.json} (the resolved
 * configuration), {@code record.xmi} (the run record), {@code metrics.csv} (the series),
 * {@code environment.json}, {@code evaluations/}, {@code completions/} and
 * {@code checkpoints/latest|best/}.
 */
public final class RunDirectory {

    public static final String SPEC = "spec.saturn";
    public static final String CONFIG = "config.json";
    public static final String RECORD = "record.xmi";
    public static final String METRICS = "metrics.csv";
    public static final String ENVIRONMENT = "environment.json";

    private final String study;
    private final String runId;
    private final Path path;
    /** The folder as an absolute normal path, computed on the first comparison (views compare runs often). */
    private Path identity;

    RunDirectory(String study, String runId, Path path) {
        this.study = study;
        this.runId = runId;
        this.path = path;
    }

    public String study() {
        return study;
    }

    public String runId() {
        return runId;
    }

    public Path path() {
        return path;
    }

    /** Exclusive write access for one worker; close it when the run stops. */
    public RunLock lock() {
        return RunLock.acquire(path, study + "/" + runId);
    }

    public Optional<RunRecord> record() {
        return Optional.ofNullable(RunRecords.read(path.resolve(RECORD)));
    }

    public void writeRecord(RunRecord record) {
        RunRecords.write(path.resolve(RECORD), record);
    }

    public MetricsLog openMetrics() {
        return MetricsLog.openForAppend(path.resolve(METRICS));
    }

    public List<MetricPoint> metrics() {
        return MetricsLog.read(path.resolve(METRICS));
    }

    /** Drops series rows after the step of the checkpoint a resumed run starts from. */
    public void truncateMetricsAfter(long step) {
        MetricsLog.truncateAfter(path.resolve(METRICS), step);
    }

    /** Keeps only the series rows {@code keep} accepts (a stage that starts again drops what it wrote). */
    public void keepMetrics(java.util.function.Predicate<MetricPoint> keep) {
        MetricsLog.keepOnly(path.resolve(METRICS), keep);
    }

    public void writeText(String fileName, String content) {
        AtomicFiles.writeString(path.resolve(fileName), content);
    }

    public Optional<String> readText(String fileName) {
        try {
            return Optional.of(Files.readString(path.resolve(fileName), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code checkpoints/latest} or {@code checkpoints/best}, created on demand. */
    public Path checkpoint(String name) {
        Path folder = path.resolve("checkpoints").resolve(name);
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two handles on the same folder are equal: views select runs by this identity. */
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof RunDirectory that && study.equals(that.study) && runId.equals(that.runId)
                && identity().equals(that.identity());
    }

    private Path identity() {
        Path known = identity;
        if (known == null) {
            known = path.toAbsolutePath().normalize();
            identity = known; // racy but idempotent: every thread computes the same path
        }
        return known;
    }

    @Override
    public int hashCode() {
        return runId.hashCode();
    }

    @Override
    public String toString() {
        return study + "/" + runId;
    }
}
