package org.saturn.ui.views.completions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.core.store.CompletionRow;
import org.saturn.core.store.CompletionsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.UiWait;
import org.saturn.ui.views.ViewFixtures;

@ExtendWith(NoErrorsLoggedExtension.class)
class CompletionsViewUITest {

    private static final List<String> VOCABULARY = List.of("PAD", "SOS", "EOS", "a", "b");

    private CompletionsView view;

    @AfterEach
    void close() {
        if (view != null) {
            ViewFixtures.page().hideView(view);
        }
    }

    @Test
    void theRowsOfAStepWithRulesFinishedAndAHeatMap() throws Exception {
        RunStore store = ViewFixtures.quickStudyStore();
        RunDirectory run = ViewFixtures.quickStudyRuns(store).get(0);
        CompletionsLog.write(run.path(), 250, VOCABULARY, rows(false));
        CompletionsLog.write(run.path(), 300, VOCABULARY, rows(true));
        view = ViewFixtures.showView(CompletionsView.ID);

        view.setInput(run, -1);
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);

        CompletionsComposite composite = view.composite();
        assertFalse(composite.isEmptyState());
        assertEquals(300, composite.page().step(), "the latest evaluation first");
        Table table = composite.table();
        assertEquals(16, table.getItemCount(), "every prompt of length 4 over a b");
        assertEquals(List.of("set", "prompt", "completion", "finished", "R1", "R2"),
                List.of(table.getColumns()).stream().map(c -> c.getText()).toList());
        assertEquals("OOD", table.getItem(2).getText(0), "a a b a violates R2");
        assertEquals("ID", table.getItem(3).getText(0));
        assertEquals("a a b b", table.getItem(3).getText(1));
        assertEquals("b", table.getItem(3).getText(2));
        assertEquals("✗", table.getItem(3).getText(4), "R1 does not hold on a a b b + b");
        assertEquals("✓", table.getItem(3).getText(5));
        assertEquals(5, composite.heatMap().input().vocabulary().size());
        assertEquals(List.of("SOS", "a", "a", "a", "a", "b", "b", "b", "b"), composite.heatMap().input().contexts());

        view.setInput(run, 250);
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);
        assertEquals(250, composite.page().step());
        assertEquals("no", composite.table().getItem(0).getText(3), "at step 250 nothing finished");

        view.setInput(run, 300);
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);
        composite.showHeatMap(1);
        ViewFixtures.captureMaximized(view, "completions");
        IWorkbenchPage page = ViewFixtures.page();
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        UiWait.until(() -> false, 300);
        Path folder = Files.createTempDirectory("completions-export");
        view.exportPng(folder.resolve("heat.png"));
        view.exportSvg(folder.resolve("heat.svg"));
        view.exportCsv(folder.resolve("rows.csv"));
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
        ImageData png = new ImageLoader().load(folder.resolve("heat.png").toString())[0];
        assertTrue(png.width > 100 && png.height > 100);
        String svg = Files.readString(folder.resolve("heat.svg"));
        assertEquals(List.of("SOS", "a", "a", "a", "b", "b", "b"), composite.heatMap().input().contexts(), "a a a b | b b");
        assertEquals(7 * 5, svg.split("<rect x=").length - 1, "one cell per position and token");
        List<String> csv = Files.readAllLines(folder.resolve("rows.csv"));
        assertEquals("step,set,prompt,completion,finished,R1,R2", csv.get(0));
        assertEquals(17, csv.size());
        assertEquals("300,ID,a a b b,b,1,0,1", csv.get(4));
    }

    @Test
    void aRunWithoutCompletionsSaysSo() throws Exception {
        RunStore store = ViewFixtures.quickStudyStore();
        RunDirectory run = ViewFixtures.quickStudyRuns(store).get(1);
        view = ViewFixtures.showView(CompletionsView.ID);

        view.setInput(run, -1);
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);

        assertTrue(view.composite().isEmptyState());
        assertTrue(view.composite().emptyMessage().startsWith("No completions recorded for QuickStudy/" + run.runId()),
                view.composite().emptyMessage());
    }

    /** All 16 prompts of length 4 with completions that balance the a's when they can (rules computed, not guessed). */
    private static List<CompletionRow> rows(boolean finished) {
        List<CompletionRow> rows = new ArrayList<>();
        for (int word = 0; word < 16; word++) {
            List<String> prompt = new ArrayList<>();
            for (int bit = 3; bit >= 0; bit--) {
                prompt.add((word >> bit & 1) == 0 ? "a" : "b");
            }
            boolean id = !String.join("", prompt).contains("ba") && prompt.stream().filter("a"::equals).count() >= 2;
            long as = prompt.stream().filter("a"::equals).count();
            List<String> completion = new ArrayList<>();
            for (long i = 0; i < Math.max(1, 2 * as - 4); i++) {
                completion.add("b");
            }
            long bs = prompt.size() - as + completion.size();
            List<String> all = new ArrayList<>(prompt);
            all.addAll(completion);
            List<double[]> probabilities = new ArrayList<>();
            for (int i = 0; i <= all.size(); i++) {
                String next = i < all.size() ? all.get(i) : "EOS";
                double[] p = new double[] { 0, 0, 0.05, 0.05, 0.05 };
                p[VOCABULARY.indexOf(next)] = 0.9;
                probabilities.add(p);
            }
            rows.add(new CompletionRow(id ? "ID" : "OOD", prompt, completion, finished,
                    Map.of("R1", as == bs, "R2", !String.join("", all).contains("ba")), probabilities));
        }
        return rows;
    }
}
