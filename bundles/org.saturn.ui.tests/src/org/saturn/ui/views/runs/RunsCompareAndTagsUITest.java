package org.saturn.ui.views.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.dialogs.Dialog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.RunTags;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.Screenshots;
import org.saturn.ui.tests.UiWait;
import org.saturn.ui.views.ViewFixtures;
import org.saturn.ui.views.saturation.SaturationView;

/** The Runs view's Compare (saturn diff's table, curves overlaid) and tags and notes (saturn tag's sidecar). */
@ExtendWith(NoErrorsLoggedExtension.class)
class RunsCompareAndTagsUITest {

    private IProject project;
    private RunStore store;
    private RunsView view;

    @BeforeEach
    void openTheQuickStudy() throws Exception {
        Path folder = Files.createTempDirectory("saturn-compare-").resolve("compare");
        ViewFixtures.copyTree(ViewFixtures.quickStudyStore().root(), folder.resolve("runs"));
        store = RunStore.open(folder.resolve("runs"));
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("compare");
        IProjectDescription description = ResourcesPlugin.getWorkspace().newProjectDescription("compare");
        description.setLocation(IPath.fromFile(folder.toFile()));
        project.create(description, null);
        project.open(null);
        view = (RunsView) ViewFixtures.page().showView(RunsView.ID);
        assertTrue(UiWait.until(() -> view.tree().studies().stream()
                .anyMatch(s -> s.label().contains(ViewFixtures.QUICK_STUDY) && view.tree().groups(s).size() == 2), 20_000) >= 0,
                "the Runs view shows the quick study");
    }

    @AfterEach
    void close() throws Exception {
        view.filter("");
        ViewFixtures.hideViews(List.of(SaturationView.ID));
        project.delete(false, true, null);
    }

    @Test
    void compareShowsTheDiffTableAndOverlaysTheRunsCurves() throws Exception {
        List<RunDirectory> runs = ViewFixtures.quickStudyRuns(store);
        List<RunDirectory> two = List.of(runs.get(0), runs.get(1));

        Dialog dialog = view.compare(two);
        assertNotNull(dialog, "two runs compare");
        try {
            String table = RunsView.compareText(dialog);
            assertTrue(table.contains(runs.get(0).runId()) && table.contains(runs.get(1).runId()), table);
            assertTrue(table.contains("test.loss"), "their summaries side by side: " + table);
            SaturationView saturation = (SaturationView) ViewFixtures.page().findView(SaturationView.ID);
            assertNotNull(saturation, "the Saturation view opened");
            assertTrue(UiWait.until(() -> !saturation.isLoading() && saturation.composite().entries().size() == 2, 20_000) >= 0);
            assertEquals(two, saturation.composite().entries().stream().map(e -> e.members().get(0).run()).toList(),
                    "the compared runs' curves, one line each");
            Screenshots.capture(dialog.getShell(), "runs-compare");
        } finally {
            dialog.close();
        }
        assertNull(view.compare(List.of(runs.get(0))), "one run is nothing to compare");
    }

    @Test
    void tagsAndANoteGoToTheSidecarAndFilterTheView() throws Exception {
        RunDirectory run = ViewFixtures.quickStudyRuns(store).get(0);

        view.writeTags(run, "best=yes reviewer=ada", "looks saturated");

        RunTags written = RunTags.read(run.path());
        assertEquals(Map.of("best", "yes", "reviewer", "ada"), written.tags());
        assertEquals("looks saturated", written.note());
        assertTrue(Files.exists(run.path().resolve(RunTags.FILE)));
        view.filter("tag.best=yes");
        assertTrue(UiWait.until(() -> view.tree().shownRuns() == 1, 10_000) >= 0, "the tag filters the view");

        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> view.writeTags(run, "=oops", ""));
        assertTrue(wrong.getMessage().contains("'=oops'"), wrong.getMessage());
        assertEquals(written, RunTags.read(run.path()), "a wrong tag changes nothing");

        view.writeTags(run, "", "");
        assertTrue(RunTags.read(run.path()).isEmpty());
        assertTrue(Files.notExists(run.path().resolve(RunTags.FILE)), "no tags and no note: no sidecar");
    }
}
