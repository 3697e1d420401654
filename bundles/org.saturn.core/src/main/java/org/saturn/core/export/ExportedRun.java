package org.saturn.core.export;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.core.store.StoreWarnings;

/** A run that has a record, with its folder: what every exporter starts from. */
public record ExportedRun(RunDirectory directory, RunRecord record) {

    /**
     * Every run of the store (of {@code onlyStudy} when not null) that has a readable record, in
     * study then id order; a damaged record is left out with one warning line ({@link StoreWarnings}).
     */
    public static List<ExportedRun> of(RunStore store, String onlyStudy) {
        List<ExportedRun> runs = new ArrayList<>();
        for (String study : store.studies()) {
            if (onlyStudy != null && !onlyStudy.equals(study)) {
                continue;
            }
            for (RunDirectory run : store.runs(study)) {
                try {
                    run.record().ifPresent(record -> runs.add(new ExportedRun(run, record)));
                } catch (StoreException | UncheckedIOException e) {
                    StoreWarnings.skipped(run.path().resolve(RunDirectory.RECORD), e.getMessage());
                }
            }
        }
        return runs;
    }

    /** A parameter's text as a typed value: a number, true/false, or the text itself. */
    static Object typed(String text) {
        if (text == null) {
            return null;
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notAnInteger) {
            try {
                double value = Double.parseDouble(text);
                // "NaN" and "Infinity" stay text: neither JSON nor the hparams plugin has them as numbers
                return Double.isFinite(value) && !text.isBlank() && Character.isDigit(text.charAt(text.length() - 1))
                        ? value : text;
            } catch (NumberFormatException notANumber) {
                return text;
            }
        }
    }
}
