package org.saturn.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.report.CompletionsProvider.HeatMap;
import org.saturn.core.report.CompletionsProvider.Page;
import org.saturn.core.report.CompletionsProvider.SetSummary;
import org.saturn.core.store.CompletionRow;
import org.saturn.core.store.CompletionsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

class CompletionsProviderTest {

    private static final List<String> VOCABULARY = List.of("PAD", "SOS", "EOS", "a", "b");

    @TempDir
    Path folder;

    @Test
    void aRunWithoutCompletionsIsAnEmptyPage() {
        RunDirectory run = RunStore.create(folder).run("S", "r");

        Page page = CompletionsProvider.page(run, -1);

        assertThat(page.isEmpty()).isTrue();
        assertThat(page.rows()).isEmpty();
    }

    @Test
    void theLatestStepIsShownUnlessAStoredStepIsAsked() {
        RunDirectory run = RunStore.create(folder).run("S", "r");
        CompletionsLog.write(run.path(), 50, VOCABULARY, List.of(row("ID", true, true)));
        CompletionsLog.write(run.path(), 100, VOCABULARY, List.of(row("ID", true, true), row("OOD", false, true)));

        assertThat(CompletionsProvider.page(run, -1).step()).isEqualTo(100);
        assertThat(CompletionsProvider.page(run, 50).rows()).hasSize(1);
        assertThat(CompletionsProvider.page(run, 75).step()).isEqualTo(100);
        assertThat(CompletionsProvider.page(run, 50).steps()).containsExactly(50L, 100L);
        assertThat(CompletionsProvider.page(run, 100).rules()).containsExactly("R1", "R2");
    }

    @Test
    void accuraciesCountFinishedCompletionsOnly() {
        List<SetSummary> summaries = CompletionsProvider.summaries(List.of(row("OOD", true, true), row("OOD", true, false),
                row("OOD", false, true), row("OOD", false, true), row("ID", true, true)));

        assertThat(summaries).extracting(SetSummary::set).containsExactly("OOD", "ID");
        SetSummary ood = summaries.get(0);
        assertThat(ood.rows()).isEqualTo(4);
        assertThat(ood.finished()).isEqualTo(2);
        assertThat(ood.ruleAccuracy().get("R1")).isCloseTo(0.5, within(1e-12));
        assertThat(ood.ruleAccuracy().get("R2")).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void theHeatMapFollowsThePromptAndCompletion() {
        CompletionRow row = new CompletionRow("OOD", List.of("b"), List.of("a"), true, Map.of("R1", false),
                List.of(new double[] { 0, 0, 0, 0.5, 0.5 }, new double[] { 0, 0, 0.1, 0.8, 0.1 },
                        new double[] { 0, 0, 0.9, 0.05, 0.05 }));

        HeatMap map = CompletionsProvider.heatMap(row, VOCABULARY);

        assertThat(map.contexts()).containsExactly("SOS", "b", "a");
        assertThat(map.vocabulary()).isEqualTo(VOCABULARY);
        assertThat(map.probabilities()[1][3]).isEqualTo(0.8);
        assertThat(CompletionsProvider.heatMap(row("ID", true, true), VOCABULARY).isEmpty()).isTrue();
    }

    private static CompletionRow row(String set, boolean finished, boolean r1) {
        return new CompletionRow(set, List.of("a", "b"), List.of("a", "b"), finished, Map.of("R1", r1, "R2", true),
                List.of());
    }
}
