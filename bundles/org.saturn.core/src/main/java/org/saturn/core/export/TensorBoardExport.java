package org.saturn.core.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;

import org.saturn.core.results.Parameter;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.AtomicFiles;
import org.saturn.core.store.MetricPoint;

/**
 * TensorBoard event files, one per run at {@code DIR/<study>/<run-id>/events.out.tfevents.*}:
 * every row of the run's {@code metrics.csv} as a scalar (tag = metric key, its step, wall time =
 * the record's start plus the row's seconds), and the run's resolved configuration as the HParams
 * plugin's session start (group = the run's group), with a session end for a run that ended.
 * W&amp;B and Aim import these files too. Exporting again replaces a run's file.
 */
public final class TensorBoardExport {

    static final String FILE_VERSION = "brain.Event:2";
    static final String HPARAMS_PLUGIN = "hparams";
    static final String SESSION_START_TAG = "_hparams_/session_start_info";
    static final String SESSION_END_TAG = "_hparams_/session_end_info";

    /** HParams plugin's Status enum. */
    private static final int STATUS_SUCCESS = 1;
    private static final int STATUS_FAILURE = 2;
    private static final int STATUS_UNKNOWN = 0;

    private TensorBoardExport() {
    }

    /** Writes the runs' event files under {@code target}; returns the number of scalar points written. */
    public static long write(List<ExportedRun> runs, Path target) {
        long points = 0;
        for (ExportedRun run : runs) {
            points += write(run, target.resolve(run.directory().study()).resolve(run.directory().runId()));
        }
        return points;
    }

    /** Writes one run's event file into {@code folder} (replacing an earlier export); returns its scalar count. */
    static long write(ExportedRun run, Path folder) {
        RunRecord record = run.record();
        double start = epochSeconds(record.getStartedAt());
        List<MetricPoint> series = run.directory().metrics();
        try {
            Files.createDirectories(folder);
            try (Stream<Path> earlier = Files.list(folder)) {
                for (Path old : earlier.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList()) {
                    Files.delete(old);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + folder + ": " + e.getMessage(), e);
        }
        // named by the run's start, not the export's time: exporting again gives the same name
        Path file = folder.resolve("events.out.tfevents." + (long) start + ".saturn");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            TfRecords.write(bytes, new ProtoWriter().fixedDouble(1, start).string(3, FILE_VERSION).toByteArray());
            TfRecords.write(bytes, event(start, 0, hparamsValue(SESSION_START_TAG, sessionStart(record, start))));
            double last = start;
            for (MetricPoint point : series) {
                double wallTime = start + point.wallSeconds();
                last = Math.max(last, wallTime);
                ProtoWriter value = new ProtoWriter().string(1, point.key()).fixedFloat(2, (float) point.value());
                TfRecords.write(bytes, event(wallTime, point.step(), value));
            }
            if (record.getStatus() == RunStatus.FINISHED || record.getStatus() == RunStatus.FAILED
                    || record.getStatus() == RunStatus.STOPPED) {
                TfRecords.write(bytes, event(last, record.getStep(), hparamsValue(SESSION_END_TAG, sessionEnd(record, last))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array never fails
        }
        AtomicFiles.write(file, bytes.toByteArray());
        return series.size();
    }

    /** Event { double wall_time = 1; int64 step = 2; Summary summary = 5 } with one Summary.Value. */
    private static byte[] event(double wallTime, long step, ProtoWriter value) {
        return new ProtoWriter().fixedDouble(1, wallTime).varint(2, step).message(5, new ProtoWriter().message(1, value))
                .toByteArray();
    }

    /**
     * Summary.Value { tag = 1; metadata = 9 { plugin_data = 1 { plugin_name = 1; content = 2 } };
     * tensor = 8 }, the tensor an empty float vector as the plugin's own summaries write.
     */
    private static ProtoWriter hparamsValue(String tag, ProtoWriter pluginData) {
        ProtoWriter metadata = new ProtoWriter().message(1,
                new ProtoWriter().string(1, HPARAMS_PLUGIN).bytes(2, pluginData.toByteArray()));
        ProtoWriter emptyFloatVector = new ProtoWriter().varint(1, 1) // dtype DT_FLOAT
                .message(2, new ProtoWriter().message(2, new ProtoWriter())); // shape [0]
        return new ProtoWriter().string(1, tag).message(9, metadata).message(8, emptyFloatVector);
    }

    /**
     * HParamsPluginData { version = 1 (0); session_start_info = 3 { map hparams = 1; group_name = 4;
     * start_time_secs = 5 } }; each hparam a google.protobuf.Value (number 2, string 3, bool 4).
     */
    private static ProtoWriter sessionStart(RunRecord record, double start) {
        ProtoWriter info = new ProtoWriter();
        for (Parameter parameter : record.getParameters()) {
            Object typed = ExportedRun.typed(parameter.getValue());
            ProtoWriter value = new ProtoWriter();
            if (typed instanceof Boolean flag) {
                value.bool(4, flag);
            } else if (typed instanceof Number number) {
                value.fixedDouble(2, number.doubleValue());
            } else {
                value.string(3, String.valueOf(typed));
            }
            info.message(1, new ProtoWriter().string(1, parameter.getKey()).message(2, value));
        }
        info.string(4, record.getStudy() + "/" + record.getGroup()).fixedDouble(5, start);
        return new ProtoWriter().varint(1, 0).message(3, info);
    }

    /** HParamsPluginData { version = 1 (0); session_end_info = 4 { status = 1; end_time_secs = 2 } }. */
    private static ProtoWriter sessionEnd(RunRecord record, double end) {
        int status = switch (record.getStatus()) {
            case FINISHED -> STATUS_SUCCESS;
            case FAILED -> STATUS_FAILURE;
            default -> STATUS_UNKNOWN; // stopped: it resumes, neither success nor failure
        };
        return new ProtoWriter().varint(1, 0).message(4, new ProtoWriter().varint(1, status).fixedDouble(2, end));
    }

    /** The record's ISO start time in seconds since the epoch; 0 when it has none. */
    static double epochSeconds(String iso) {
        if (iso == null || iso.isEmpty()) {
            return 0;
        }
        try {
            Instant instant = Instant.parse(iso);
            return instant.getEpochSecond() + instant.getNano() / 1e9;
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
