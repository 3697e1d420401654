package org.saturn.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.RunRow;
import org.saturn.core.report.RunsFilter;
import org.saturn.core.report.StudyReport;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.RunTags;
import org.saturn.core.store.StoreWarnings;

/** tags.json: written and read back, edited, filtered by ({@code tag=X}, {@code tag.KEY=VALUE}), listed for the report. */
class RunTagsTest {

    @TempDir
    Path dir;

    @Test
    void tagsAndNoteRoundTripAndEditing() {
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        Path a1 = store.run("CS1", "a1").path();
        assertThat(RunTags.read(a1)).isEqualTo(RunTags.NONE);
        RunTags.NONE.with(List.of("best=yes", "paper=fig 2"), List.of(), "diverged once").write(a1);
        RunTags read = RunTags.read(a1);
        assertThat(read.tags()).containsExactly(java.util.Map.entry("best", "yes"), java.util.Map.entry("paper", "fig 2"));
        assertThat(read.note()).isEqualTo("diverged once");
        assertThat(read.summary()).isEqualTo("best=yes paper='fig 2'  note: diverged once");

        RunTags edited = read.with(List.of("best=no"), List.of("paper"), null);
        assertThat(edited.tags()).containsOnlyKeys("best").containsEntry("best", "no");
        assertThat(edited.note()).isEqualTo("diverged once");
        edited.with(List.of(), List.of("best"), "").write(a1);
        assertThat(Files.exists(a1.resolve(RunTags.FILE))).as("nothing left: no file").isFalse();

        assertThatThrownBy(() -> RunTags.NONE.with(List.of("novalue"), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 'novalue'");
        assertThatThrownBy(() -> RunTags.NONE.with(List.of("=x"), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDamagedTagsFileIsNoTagsAndOneWarning() throws Exception {
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        Path a1 = store.run("CS1", "a1").path();
        Files.writeString(a1.resolve(RunTags.FILE), "{\"tags\": [1, ");
        List<String> warnings = new ArrayList<>();
        Consumer<String> previous = StoreWarnings.routeTo(warnings::add);
        try {
            assertThat(RunTags.read(a1)).isEqualTo(RunTags.NONE);
        } finally {
            StoreWarnings.routeTo(previous);
        }
        assertThat(warnings).hasSize(1).allMatch(w -> w.contains("tags.json"));
    }

    @Test
    void theRunsFilterAndTheReportSeeTags() {
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        RunTags.NONE.with(List.of("best=yes"), List.of(), null).write(store.run("CS1", "a1").path());
        RunTags.NONE.with(List.of("paper=fig2"), List.of(), "the figure").write(store.run("CS1", "b2").path());

        assertThat(ids(store, "tag=best")).containsExactly("a1");
        assertThat(ids(store, "tag=fig2")).containsExactly("b2");
        assertThat(ids(store, "tag.paper=FIG2")).containsExactly("b2");
        assertThat(ids(store, "tag.best=no")).isEmpty();
        assertThat(ids(store, "seed=1 tag=best")).containsExactly("a1");

        List<GroupRow> groups = StudyReport.of(RunSelection.records(store, null, RunsFilter.parse("tag=best")),
                org.saturn.core.report.ReportConventions.SATURN);
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).n()).isEqualTo(1);
        assertThat(RunSelection.tagLines(store.root(), StudyReport.of(store, null)))
                .isEqualTo("tagged runs\nCS1/a1  best=yes\nCS1/b2  paper=fig2  note: the figure\n");
        assertThat(RunSelection.tagLines(store.root(), groups)).isEqualTo("tagged runs\nCS1/a1  best=yes\n");
    }

    private static List<String> ids(RunStore store, String filter) {
        RunsFilter parsed = RunsFilter.parse(filter);
        return ExportedRun.of(store, null).stream().map(r -> RunRow.of(r.directory(), r.record()))
                .filter(parsed::accepts).map(row -> row.run().runId()).toList();
    }

}
