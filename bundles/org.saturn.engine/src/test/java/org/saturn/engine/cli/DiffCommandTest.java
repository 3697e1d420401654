package org.saturn.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saturn diff RUN RUN --store DIR [--json]}. */
class DiffCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    @Test
    void printsTheComparisonAsTableOrJson() {
        Path store = dir.resolve("runs");
        ExportCommandTest.write(store, "CS1", "r1", 1, 0.2);
        ExportCommandTest.write(store, "CS1", "r2", 2, 0.3);
        assertThat(run("diff", "r1", "CS1/r2", "--store", store.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("CS1/r1").contains("CS1/r2").contains("config: the same")
                .containsPattern("test.loss atBest\\s+0.200000\\s+0.300000");
        out.getBuffer().setLength(0);
        assertThat(run("diff", "r1", "r2", "--store", store.toString(), "--json")).isZero();
        assertThat(out.toString()).startsWith("{\"runs\":[\"CS1/r1\",\"CS1/r2\"]").contains("\"atBest\":[0.2,0.3]");
    }

    @Test
    void anUnknownRunIsOneLine() {
        Path store = dir.resolve("runs");
        ExportCommandTest.write(store, "CS1", "r1", 1, 0.2);
        assertThat(run("diff", "r1", "zz", "--store", store.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("saturn: no run 'zz' in " + store + " (name it by id or STUDY/ID)\n");
        err.getBuffer().setLength(0);
        assertThat(run("diff", "r1", "--store", store.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("RUN");
    }
}
