package org.saturn.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionsLogTest {

    @TempDir
    Path run;

    @Test
    void rowsReadBackWithRulesAndProbabilities() {
        CompletionRow ood = new CompletionRow("OOD", List.of("b", "a"), List.of("a", "b"), true,
                Map.of("R1", false, "R2", true), List.of(new double[] {0, 0, 0.25, 0.5, 0.25}, new double[] {0, 0, 1, 0, 0}));
        CompletionRow id = new CompletionRow("ID", List.of("a"), List.of(), false, Map.of("R1", true), List.of());
        CompletionsLog.write(run, 1200, List.of("PAD", "SOS", "EOS", "a", "b"), List.of(ood, id));
        CompletionsLog.write(run, 40, List.of("PAD", "SOS", "EOS", "a", "b"), List.of(id));

        assertThat(CompletionsLog.steps(run)).containsExactly(40L, 1200L);
        assertThat(CompletionsLog.vocabulary(run, 1200)).containsExactly("PAD", "SOS", "EOS", "a", "b");
        List<CompletionRow> rows = CompletionsLog.read(run, 1200);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).prompt()).containsExactly("b", "a");
        assertThat(rows.get(0).completion()).containsExactly("a", "b");
        assertThat(rows.get(0).rules()).containsEntry("R1", false).containsEntry("R2", true);
        assertThat(rows.get(0).probabilities().get(0)).containsExactly(0, 0, 0.25, 0.5, 0.25);
        assertThat(rows.get(1).finished()).isFalse();
        assertThat(rows.get(1).completion()).isEmpty();
        assertThat(rows.get(1).probabilities()).isEmpty();
    }

    @Test
    void missingStepAndMangledRowsReadAsNothing() throws Exception {
        assertThat(CompletionsLog.steps(run)).isEmpty();
        assertThat(CompletionsLog.read(run, 7)).isEmpty();
        Path file = CompletionsLog.file(run, 7);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# vocab PAD SOS EOS a\nOOD\ta\ta\t1\tR1=1\t\nOOD\ttorn\n");
        assertThat(CompletionsLog.read(run, 7)).hasSize(1);
    }
}
