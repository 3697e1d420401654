package org.saturn.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saturn tag RUN key=value --note TEXT}, shown and filtered by {@code saturn report}. */
class TagCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    @Test
    void tagsAreSetPrintedShownByReportAndFiltered() {
        Path store = dir.resolve("runs");
        ExportCommandTest.write(store, "CS1", "r1", 1, 0.2);
        ExportCommandTest.write(store, "CS1", "r2", 2, 0.3);
        assertThat(run("tag", "r1", "best=yes", "--note", "the good seed", "--store", store.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("CS1/r1  best=yes  note: the good seed\n");
        out.getBuffer().setLength(0);
        assertThat(run("tag", "CS1/r2", "--store", store.toString())).isZero();
        assertThat(out.toString()).isEqualTo("CS1/r2  (no tags)\n");
        out.getBuffer().setLength(0);

        assertThat(run("report", store.toString())).isZero();
        assertThat(out.toString()).contains("tagged runs\nCS1/r1  best=yes  note: the good seed\n");
        out.getBuffer().setLength(0);
        assertThat(run("report", store.toString(), "--filter", "tag=best", "--json")).isZero();
        assertThat(out.toString()).contains("\"n\":1,").doesNotContain("tagged runs");
        out.getBuffer().setLength(0);
        assertThat(run("report", store.toString(), "--filter", "tag.best=no")).isEqualTo(1);
        assertThat(err.toString()).contains("matching the filter");
    }

    @Test
    void aMalformedTagIsOneLine() {
        Path store = dir.resolve("runs");
        ExportCommandTest.write(store, "CS1", "r1", 1, 0.2);
        assertThat(run("tag", "r1", "best", "--store", store.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("saturn: a tag is key=value").contains("not 'best'");
    }
}
