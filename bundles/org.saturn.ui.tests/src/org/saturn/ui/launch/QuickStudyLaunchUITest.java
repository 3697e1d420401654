package org.saturn.ui.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IConsoleConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.RunRow;
import org.saturn.core.report.RunsTree;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.ViewShots;
import org.saturn.ui.tests.UiWait;
import org.saturn.ui.views.runs.RunsView;

/**
 * The real thing: examples/quick-study.saturn (4 runs, 2 workers) launched from its configuration,
 * engine processes and all. Cancelled after the first evaluation (workers checkpoint and stop),
 * then launched again: it resumes and its runs appear, finished, in the Runs view.
 */
@ExtendWith(NoErrorsLoggedExtension.class)
class QuickStudyLaunchUITest {

    private static final long RUN_TIMEOUT_MILLIS = 9 * 60_000;

    @Test
    void launchCancelAndResumeTheQuickStudyIntoTheRunsView() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("quick");
        if (project.exists()) {
            project.delete(true, null);
        }
        project.create(null);
        project.open(null);
        IFile spec = project.getFile("quick-study.saturn");
        // ten times the steps: on the CPU kernels the example's 300 steps finish before a Cancel can land
        String text = Files.readString(
                Path.of(System.getProperty(EngineLocator.HOME_PROPERTY), "examples", "quick-study.saturn"));
        String longer = text.replace("steps 300\n", "steps 3000\n").replace("evaluate every 50 steps",
                "evaluate every 250 steps");
        assertFalse(longer.equals(text), "the quick study's protocol changed: update this test");
        try (InputStream source = new java.io.ByteArrayInputStream(longer.getBytes(StandardCharsets.UTF_8))) {
            spec.create(source, true, null);
        }
        ILaunchConfigurationWorkingCopy copy = SaturnLaunchShortcut.configurationFor(spec).getWorkingCopy();
        copy.setAttribute(StudyLaunchSettings.WORKERS, 2);
        ILaunchConfiguration configuration = copy.doSave();
        Path store = StudyLaunchSettings.read(configuration).storeFolder();

        // the console would jump in front of the Progress view at every event while it is photographed
        org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode("org.eclipse.debug.ui")
                .putBoolean("DEBUG.consoleOpenOnOut", false);
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        RunsView runs = (RunsView) page.showView(RunsView.ID);
        page.showView(IPageLayout.ID_PROGRESS_VIEW);

        try {
            launchCancelAndResume(configuration, store, page, runs);
        } finally {
            for (ILaunch launch : org.eclipse.debug.core.DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
                if (!launch.isTerminated()) {
                    launch.terminate(); // a failed assertion must not leave engines training
                    UiWait.until(launch::isTerminated, 90_000);
                }
            }
            page.hideView(runs);
            configuration.delete();
            project.delete(true, true, null);
        }
    }

    private void launchCancelAndResume(ILaunchConfiguration configuration, Path store, IWorkbenchPage page, RunsView runs)
            throws Exception {
        // 1. launch, and cancel once the first run has evaluated
        ILaunch first = configuration.launch(ILaunchManager.RUN_MODE, null);
        assertEquals(1, first.getProcesses().length, "the engine is a process of the launch (Debug and Console views)");
        IProcess engine = first.getProcesses()[0];
        assertTrue(engine.getLabel().startsWith("saturn run quick-study.saturn"), engine.getLabel());
        assertTrue(engine.getAttribute(IProcess.ATTR_CMDLINE).contains("--workers 2 --progress json"));
        StudyProgressJob progress = progressOf(engine);

        long evaluated = UiWait.until(() -> progress.progress().count("evaluated") > 0 || engine.isTerminated(),
                RUN_TIMEOUT_MILLIS);
        assertTrue(evaluated >= 0 && !engine.isTerminated(), "a run evaluated while the engine runs; console:\n" + progress.progress().errorText());
        UiWait.until(() -> runs.tree().totalRuns() > 0 && rowsWith(runs.tree(), "running") > 0, 5_000);
        assertTrue(rowsWith(runs.tree(), "running") > 0, "the Runs view shows running runs live");
        long workers = UiWait.until(() -> java.util.Arrays.stream(first.getProcesses())
                .filter(p -> p.getLabel().startsWith("worker ")).count() == 2, 10_000);
        assertTrue(workers >= 0, "the two worker JVMs are processes of the launch (Debug view): "
                + java.util.Arrays.stream(first.getProcesses()).map(IProcess::getLabel).toList());
        assertTrue(engine.getStreamsProxy().getOutputStreamMonitor().getContents().contains("evaluated at step"),
                "the console shows progress events as sentences");
        double fraction = progress.progress().fraction();
        assertTrue(fraction > 0 && fraction < 1, "per-run progress: " + fraction + " " + progress.progress().summary());
        runs.viewer().expandAll();
        ViewShots.captureMaximized(runs, "runs-view-live");
        ViewShots.captureMaximized(page.showView(IPageLayout.ID_PROGRESS_VIEW), "launch-progress-view", 1500);
        IViewPart debug = page.showView(IDebugUIConstants.ID_DEBUG_VIEW);
        if (debug instanceof org.eclipse.debug.ui.AbstractDebugView debugView
                && debugView.getViewer() instanceof org.eclipse.jface.viewers.TreeViewer tree) {
            UiWait.until(() -> false, 1000);
            tree.expandAll();
        }
        ViewShots.captureMaximized(debug, "launch-debug-view", 1500);

        progress.cancel();
        long stopped = UiWait.until(engine::isTerminated, 90_000);
        assertTrue(stopped >= 0, "Cancel stops the engine and its workers within 90 s");
        List<RunDirectory> started = org.saturn.core.store.RunStore.open(store).runs("QuickStudy");
        assertFalse(started.isEmpty());
        int stoppedRuns = 0;
        for (RunDirectory run : started) {
            RunStatus status = run.record().orElseThrow().getStatus();
            assertTrue(status == RunStatus.STOPPED || status == RunStatus.FINISHED,
                    run + " is resumable or done, not " + status);
            if (status == RunStatus.STOPPED) {
                stoppedRuns++;
                assertTrue(run.record().get().getMessage().contains("resume"), run.record().get().getMessage());
            }
        }
        assertTrue(stoppedRuns > 0, "cancel left stopped (resumable) runs");
        assertTrue(progress.progress().errorText().contains("stopped by SIGTERM"), progress.progress().errorText());

        // 2. launch again: the stopped runs resume, the rest start; all four finish
        long start = System.currentTimeMillis();
        ILaunch second = configuration.launch(ILaunchManager.RUN_MODE, null);
        IProcess resumed = second.getProcesses()[0];
        StudyProgressJob resumedProgress = progressOf(resumed);
        page.showView(IConsoleConstants.ID_CONSOLE_VIEW);
        long done = UiWait.until(resumed::isTerminated, RUN_TIMEOUT_MILLIS);
        assertTrue(done >= 0, "the quick study finished within 9 minutes");
        assertEquals(0, resumed.getExitValue(), resumedProgress.progress().errorText());
        System.out.printf("quick study: resumed and finished in %.1f s (2 workers)%n",
                (System.currentTimeMillis() - start) / 1000.0);

        long shown = UiWait.until(() -> rowsWith(runs.tree(), "finished") == 4, 10_000);
        assertTrue(shown >= 0, "all 4 runs appear finished in the Runs view");
        RunsTree tree = runs.tree();
        RunsTree.Study study = tree.studies().stream().filter(s -> s.name().equals("QuickStudy")).findFirst().orElseThrow();
        List<GroupRow> groups = tree.groups(study);
        assertEquals(2, groups.size(), "two regimes, each a group of two seeds");
        for (GroupRow group : groups) {
            assertEquals(2, group.n());
            assertTrue(group.testLoss().mean() > 0 && group.testLoss().mean() < 5, "test loss " + group.testLoss());
            assertTrue(group.optimalLoss() > 0);
        }
        runs.viewer().expandAll();
        ViewShots.captureMaximized(runs, "runs-view-quick-study");
        linkedViewsShowTheLaunchedRuns(page, runs, groups, store);
        ViewShots.captureMaximized(page.showView(IConsoleConstants.ID_CONSOLE_VIEW),
                "launch-console-view");
    }

    /**
     * The launched study, through the linked views: its groups selected in the Runs view become
     * series in the Saturation chart; a click on a point of the Non-identifiability view selects
     * that run in the Runs view.
     */
    private static void linkedViewsShowTheLaunchedRuns(IWorkbenchPage page, RunsView runs, List<GroupRow> groups,
            Path store) throws Exception {
        org.saturn.ui.views.saturation.SaturationView saturation = (org.saturn.ui.views.saturation.SaturationView) page
                .showView(org.saturn.ui.views.saturation.SaturationView.ID);
        page.activate(runs);
        runs.viewer().setSelection(new org.eclipse.jface.viewers.StructuredSelection(groups), true);
        long charted = UiWait.until(() -> !saturation.isLoading()
                && saturation.composite().lossChart().getSeriesSet().getSeries().length >= 2, 30_000);
        assertTrue(charted >= 0, "the selected groups appear as series in the Saturation chart");
        ViewShots.captureMaximized(saturation, "saturation-launched-quick-study");

        org.saturn.ui.views.identifiability.IdentifiabilityView identifiability =
                (org.saturn.ui.views.identifiability.IdentifiabilityView) page
                        .showView(org.saturn.ui.views.identifiability.IdentifiabilityView.ID);
        identifiability.setStore(store);
        UiWait.until(() -> !identifiability.isLoading(), 30_000);
        org.saturn.core.store.RunDirectory target = org.saturn.core.store.RunStore.open(store).runs("QuickStudy").get(1);
        page.activate(identifiability);
        org.eclipse.swt.graphics.Point pixel = identifiability.composite().pixelOf(target);
        assertTrue(pixel != null, "the launched run is a point of the Non-identifiability view");
        org.eclipse.swt.widgets.Event click = new org.eclipse.swt.widgets.Event();
        click.x = pixel.x;
        click.y = pixel.y;
        click.button = 1;
        identifiability.composite().chart().getPlotArea().getControl().notifyListeners(org.eclipse.swt.SWT.MouseDown, click);
        long selected = UiWait.until(() -> ((org.eclipse.jface.viewers.IStructuredSelection) runs.viewer().getSelection())
                .toList().contains(target), 5_000);
        assertTrue(selected >= 0, "clicking the point selects that run in the Runs view: "
                + runs.viewer().getSelection());
    }

    private static long rowsWith(RunsTree tree, String status) {
        return tree.studies().stream().filter(s -> s.name().equals("QuickStudy")).flatMap(s -> tree.groups(s).stream())
                .flatMap(g -> tree.runs(g).stream()).map(tree::row).map(RunRow::statusText).filter(status::equals).count();
    }

    private static StudyProgressJob progressOf(IProcess process) {
        for (Job job : Job.getJobManager().find(StudyProgressJob.FAMILY)) {
            if (((StudyProgressJob) job).process() == process) {
                return (StudyProgressJob) job;
            }
        }
        throw new AssertionError("no Progress view entry for " + process.getLabel());
    }

}
