package org.saturn.core.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.saturn.core.report.GroupRow;
import org.saturn.core.report.RunRow;
import org.saturn.core.report.RunsFilter;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.RunTags;

/** {@code saturn report --filter}: the records a Runs-view filter keeps, and the tags of reported runs. */
public final class RunSelection {

    private RunSelection() {
    }

    /** The records of the store (of {@code study} when not null) that the filter accepts. */
    public static List<RunRecord> records(RunStore store, String study, RunsFilter filter) {
        List<RunRecord> records = new ArrayList<>();
        for (ExportedRun run : ExportedRun.of(store, study)) {
            if (filter.accepts(RunRow.of(run.directory(), run.record()))) {
                records.add(run.record());
            }
        }
        return records;
    }

    /** One line per tagged run of the groups ({@code STUDY/ID  key=value ...  note: TEXT}); "" when none is tagged. */
    public static String tagLines(Path storeRoot, List<GroupRow> groups) {
        StringBuilder lines = new StringBuilder();
        for (GroupRow group : groups) {
            for (RunRecord run : group.runs()) {
                RunTags tags = RunTags.read(storeRoot.resolve(run.getStudy()).resolve(run.getRunId()));
                if (!tags.isEmpty()) {
                    lines.append(run.getStudy()).append('/').append(run.getRunId()).append("  ").append(tags.summary())
                            .append('\n');
                }
            }
        }
        return lines.length() == 0 ? "" : "tagged runs\n" + lines;
    }
}
