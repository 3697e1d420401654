package org.saturn.ui.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.RunsColumns;
import org.saturn.core.report.StudyReport;
import org.saturn.core.store.RunStore;
import org.saturn.ui.perspectives.SaturnPerspective;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.Screenshots;
import org.saturn.ui.tests.UiWait;
import org.saturn.ui.views.ViewFixtures;
import org.saturn.ui.views.runs.RunsView;
import org.saturn.ui.views.saturation.SaturationView;

/**
 * The workbench as a first start shows it, at 1600×1000 and at 1280×800: a spec open in the
 * editor, the charts in the largest area, the Runs view wide enough for its metric columns, with
 * a column chooser and sorting.
 */
@ExtendWith(NoErrorsLoggedExtension.class)
class FirstStartUITest {

    private static final List<RunsColumns> METRIC_COLUMNS = List.of(RunsColumns.NAME, RunsColumns.STATUS, RunsColumns.STEP,
            RunsColumns.TEST_LOSS, RunsColumns.GAP, RunsColumns.OOD_R1, RunsColumns.FINISHED);

    @Test
    void aSpecOpenTheChartsLargestAndTheRunsViewShowingItsMetricColumns() throws Exception {
        Path folder = Files.createTempDirectory("saturn-first-start-").resolve("first-start");
        ViewFixtures.copyTree(ViewFixtures.quickStudyStore().root(), folder.resolve("runs"));
        assertTrue(new File(folder.toFile(), "runs/" + ViewFixtures.QUICK_STUDY).isDirectory());
        Path examples = Path.of("../../examples/quick-study.saturn");
        Files.writeString(folder.resolve(ExamplesProject.FIRST_SPEC),
                Files.exists(examples) ? Files.readString(examples) : "// the quick study\n");
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = window.getActivePage();
        Shell shell = window.getShell();
        assertTrue(ExamplesProject.importProject(folder.toFile()));
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("first-start");
        try {
            PlatformUI.getWorkbench().showPerspective(SaturnPerspective.ID, window);
            page.resetPerspective(); // the perspective's own layout, whatever earlier tests moved

            ExamplesProject.firstStart(window, project.getFile(ExamplesProject.FIRST_SPEC));
            IEditorPart editor = page.getActiveEditor();
            assertNotNull(editor, "a spec is open in the editor");
            assertEquals(ExamplesProject.FIRST_SPEC, editor.getEditorInput().getName());

            RunsView runs = (RunsView) page.showView(RunsView.ID);
            SaturationView saturation = (SaturationView) page.showView(SaturationView.ID);
            assertTrue(UiWait.until(() -> runs.tree().totalRuns() >= 4, 20_000) >= 0, "the Runs view finds the project's runs");
            List<GroupRow> groups = StudyReport.of(RunStore.open(folder.resolve("runs")), null);
            saturation.setInput(groups);
            assertTrue(UiWait.until(() -> !saturation.isLoading(), 20_000) >= 0);

            for (Point size : List.of(new Point(1600, 1000), new Point(1280, 800))) {
                shell.setMaximized(false);
                shell.setBounds(0, 0, size.x, size.y);
                UiWait.until(() -> false, 500);
                int needed = METRIC_COLUMNS.stream().mapToInt(RunsColumns::width).sum();
                int runsWidth = runs.viewer().getTree().getClientArea().width;
                assertTrue(runsWidth >= needed, size + ": the Runs view is " + runsWidth + " px wide, its metric columns "
                        + needed + " px");
                int chartsArea = area(saturation.composite());
                Control editorControl = editor.getAdapter(Control.class);
                assertTrue(editorControl == null || chartsArea > area(editorControl),
                        size + ": the charts have more room than the editor");
                assertTrue(chartsArea > area(runs.viewer().getTree()), size + ": the charts have the largest area");
                Screenshots.capture(shell, "workbench-" + size.x + "x" + size.y);
            }

            // the column chooser hides and shows a column; a header click sorts groups by it
            runs.showColumn(RunsColumns.OPTIMAL_LOSS, false);
            assertFalse(runs.isColumnShown(RunsColumns.OPTIMAL_LOSS));
            runs.showColumn(RunsColumns.OPTIMAL_LOSS, true);
            assertEquals(RunsColumns.OPTIMAL_LOSS.width(), runs.viewer().getTree().getColumn(RunsColumns.OPTIMAL_LOSS.ordinal())
                    .getWidth());
            runs.sortBy(RunsColumns.TEST_LOSS);
            assertSortedByTestLoss(runs, false);
            runs.sortBy(RunsColumns.TEST_LOSS);
            assertSortedByTestLoss(runs, true);
        } finally {
            page.closeAllEditors(false);
            project.delete(false, true, null);
            page.resetPerspective();
            shell.setBounds(0, 0, 1600, 1000);
        }
    }

    private static void assertSortedByTestLoss(RunsView runs, boolean descending) {
        Object study = runs.tree().studies().stream().filter(s -> s.label().contains("first-start")).findFirst().orElseThrow();
        List<Double> losses = new ArrayList<>();
        for (Object row : runs.rows(study)) {
            losses.add(((GroupRow) row).testLoss().mean());
        }
        assertTrue(losses.size() >= 2, "the groups are listed: " + losses);
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(descending ? losses.get(i - 1) >= losses.get(i) : losses.get(i - 1) <= losses.get(i),
                    (descending ? "descending: " : "ascending: ") + losses);
        }
        // and the rows on screen follow, once filled in again
        TreeItem studyItem = runs.viewer().getTree().getItem(runs.tree().studies().indexOf(study));
        List<?> order = runs.rows(study);
        assertTrue(UiWait.until(() -> {
            for (int i = 0; i < order.size() && i < studyItem.getItemCount(); i++) {
                if (!(studyItem.getItem(i).getData() instanceof GroupRow shown)
                        || !shown.group().equals(((GroupRow) order.get(i)).group())) {
                    return false;
                }
            }
            return true;
        }, 5_000) >= 0, "the tree shows the groups in that order");
    }

    private static int area(Control control) {
        Point size = control.getSize();
        return size.x * size.y;
    }
}
