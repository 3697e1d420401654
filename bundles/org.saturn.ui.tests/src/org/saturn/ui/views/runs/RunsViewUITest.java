package org.saturn.ui.views.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.jobs.IJobManager;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.RunsTree;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.UiWait;
import org.saturn.ui.tests.ViewShots;

/**
 * The Runs view on stores written through the core store API: a large sweep (performance: open
 * time, UI latency while four writers update records), and a small study (columns, filter,
 * linked selection).
 */
@ExtendWith(NoErrorsLoggedExtension.class)
class RunsViewUITest {

    /** 2,000 in CI; the full measurement with -Dsaturn.perf.runs=10000. */
    private static final int RUNS = Integer.getInteger("saturn.perf.runs", 2000);
    private static final String[] REGIMES = { "maxLikelihood", "adversarial", "oracle" };
    private static final double OPTIMAL = 0.12232;

    static RunRecord record(String study, String id, int index, RunStatus status, long step) {
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        int group = index / 4;
        String regime = REGIMES[group % REGIMES.length];
        record.setRunId(id);
        record.setStudy(study);
        record.setModel("Tf");
        record.setRegime(regime);
        record.setGroup("Tf/" + regime + "/" + String.format("%08x", group * 2654435761L & 0xffffffffL));
        record.setSeed(index % 4 + 1);
        record.setStatus(status);
        record.setStep(step);
        record.setTotalSteps(3000);
        record.setOptimalLoss(OPTIMAL);
        record.setUpdatedAt("2026-11-28T05:" + String.format("%02d:%02d", index / 60 % 60, index % 60) + ".000Z");
        summary(record, "test.loss", OPTIMAL * (1 + 0.001 * (index % 7)));
        summary(record, "id.R1", 0.9 + 0.01 * (index % 5));
        summary(record, "ood.R1", regime.equals("oracle") ? 1.0 : regime.equals("adversarial") ? 0.0 : 0.25 * (index % 4));
        for (int p = 0; p < 12; p++) {
            Parameter parameter = ResultsFactory.eINSTANCE.createParameter();
            parameter.setKey("optimizer.p" + p);
            parameter.setValue(Integer.toString(group % (p + 2)));
            record.getParameters().add(parameter);
        }
        return record;
    }

    private static void summary(RunRecord record, String metric, double value) {
        MetricSummary summary = ResultsFactory.eINSTANCE.createMetricSummary();
        summary.setMetric(metric);
        summary.setAtBest(value);
        summary.setMax(value);
        record.getSummaries().add(summary);
    }

    /** A sweep of RUNS finished runs, written once through the store API and kept in target/ between runs. */
    private static Path sweepFolder() throws Exception {
        Path folder = Path.of(System.getProperty("saturn.screenshots", "target/screenshots")).getParent()
                .resolve("perf-store-" + RUNS);
        Path complete = folder.resolve("complete");
        if (!Files.exists(complete)) {
            RunStore store = RunStore.create(folder.resolve("runs"));
            long start = System.nanoTime();
            for (int i = 0; i < RUNS; i++) {
                String id = String.format("r%06d", i);
                store.run("Sweep", id).writeRecord(record("Sweep", id, i, RunStatus.FINISHED, 3000));
            }
            System.out.printf("Runs view performance: wrote %,d run records in %.1f s%n", RUNS,
                    (System.nanoTime() - start) / 1e9);
            Files.writeString(complete, "ok");
        }
        return folder;
    }

    private static IProject project(String name, Path location) throws CoreException {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        if (!project.exists()) {
            IProjectDescription description = ResourcesPlugin.getWorkspace().newProjectDescription(name);
            if (location != null) {
                description.setLocation(IPath.fromFile(location.toFile()));
            }
            project.create(description, null);
        }
        project.open(null);
        return project;
    }

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    private static RunsView reopen() throws PartInitException {
        IViewPart open = page().findView(RunsView.ID);
        if (open != null) {
            page().hideView(open);
        }
        return (RunsView) page().showView(RunsView.ID);
    }

    @Test
    void opensALargeStoreQuicklyAndStaysResponsiveWhileFourWorkersWrite() throws Exception {
        Path folder = sweepFolder();
        // warm up: the view's classes loaded and compiled once, on an empty workspace, as in a running workbench
        RunsView warm = reopen();
        UiWait.until(() -> warm.loads() > 0, 20_000);
        page().hideView(warm);
        IProject project = project("sweep", folder);
        try {
            waitForIdleWorkspace();
            long cpuBefore = processCpuMillis();
            long start = System.nanoTime();
            RunsView view = reopen();
            long shown = UiWait.until(() -> view.loads() > 0 && runsOf(view, "Sweep") == RUNS
                    && studyItem(view, "Sweep") != null, 60_000);
            long openMillis = (System.nanoTime() - start) / 1_000_000;
            long cpuMillis = processCpuMillis() - cpuBefore;
            double load = loadAverage();
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf("Runs view performance: %,d runs shown %d ms after showView (load job %d ms); the workbench "
                    + "process used %d ms of CPU meanwhile; machine load average %.1f on %d cores%n", RUNS, openMillis,
                    view.lastLoadMillis(), cpuMillis, load, cores);
            assertTrue(shown >= 0, "the view shows the " + RUNS + " runs");
            RunsTree.Study sweep = study(view, "Sweep");
            assertEquals(RUNS / 4, view.tree().groups(sweep).size(), "groups of four seeds");
            assertEquals(RUNS / 4, studyItem(view, "Sweep").getItemCount(), "the study is expanded to its groups");
            // the target (10,000 runs in under 2 s) is the full measurement, -Dsaturn.perf.runs=10000; the CI
            // variant guards against regressions with a bound a shared CI machine can keep. On a machine shared
            // beyond its cores wall time measures the neighbours: then the workbench's own CPU time must fit.
            long budget = RUNS >= 10_000 ? 2_000 : 10_000;
            boolean contended = load > 1.5 * cores;
            assertTrue(openMillis < budget || contended && cpuMillis < budget, "opens " + RUNS + " runs in under "
                    + budget + " ms: " + openMillis + " ms wall, " + cpuMillis + " ms CPU, load " + load);
            ViewShots.captureMaximized(view, "runs-view-" + RUNS + "-runs");

            // four writers update records (as workers do after each evaluation) while the UI thread is probed
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger writes = new AtomicInteger();
            RunStore store = RunStore.open(folder.resolve("runs"));
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                Thread writer = new Thread(() -> {
                    Random random = new Random(worker);
                    long step = 0;
                    while (writing.get()) {
                        int index = random.nextInt(RUNS / 4) * 4 + worker; // each writer owns one seed of every group
                        String id = String.format("r%06d", index);
                        store.run("Sweep", id).writeRecord(record("Sweep", id, index, RunStatus.RUNNING, step += 50));
                        writes.incrementAndGet();
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "runs-view-test-writer-" + w);
                writer.start();
                writers.add(writer);
            }
            long loadsBefore = view.loads();
            long[] latencies = probeUiLatency(8_000);
            writing.set(false);
            for (Thread writer : writers) {
                writer.join();
            }
            long running = UiWait.until(() -> countRunning(view) > 0, 5_000);
            Arrays.sort(latencies);
            long max = latencies[latencies.length - 1];
            long p99 = latencies[(int) (latencies.length * 0.99)];
            System.out.printf("Runs view performance: %d record writes by 4 writers in 8 s, %d snapshots applied; "
                    + "UI event latency median %d ms, p99 %d ms, max %d ms (%d probes)%n", writes.get(),
                    view.loads() - loadsBefore, latencies[latencies.length / 2], p99, max, latencies.length);
            assertTrue(running >= 0, "rewritten records show as running, live");
            assertTrue(view.loads() - loadsBefore >= 3, "live refreshes while the writers write");
            assertTrue(p99 < 250 && max < 1000, "the UI thread stays responsive: p99 " + p99 + " ms, max " + max + " ms");
        } finally {
            IViewPart open = page().findView(RunsView.ID);
            if (open != null) {
                page().hideView(open);
            }
            project.delete(false, true, null); // the project only: the generated store stays for the next run
        }
    }

    /**
     * Waits until the workspace is done with the project just created: its refresh, build and
     * encoding checks walk the store's 20,000 resources in jobs of their own. In a running workbench
     * that happened when the project appeared, not when the view opens; measured with the view, it
     * was a third of the samples of the open.
     */
    private static void waitForIdleWorkspace() {
        IJobManager jobs = Job.getJobManager();
        long[] idleSince = { -1 };
        long waited = UiWait.until(() -> {
            if (!jobs.isIdle() || jobs.find(ResourcesPlugin.FAMILY_AUTO_BUILD).length > 0) {
                idleSince[0] = -1;
                return false;
            }
            long now = System.currentTimeMillis();
            if (idleSince[0] < 0) {
                idleSince[0] = now;
            }
            return now - idleSince[0] >= 500; // idle for a while: no job about to follow another
        }, 120_000);
        assertTrue(waited >= 0, "the workspace settles after the project is created");
    }

    /** CPU time (user + system) of this JVM so far, from /proc/self/stat (clock ticks of 10 ms). */
    private static long processCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (Exception e) {
            return -1;
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static RunsTree.Study study(RunsView view, String name) {
        return view.tree().studies().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** Runs of a study the view shows now (after its filter). */
    private static int runsOf(RunsView view, String name) {
        RunsTree.Study study = study(view, name);
        return study == null ? 0 : view.tree().groups(study).stream().mapToInt(g -> view.tree().runs(g).size()).sum();
    }

    private static org.eclipse.swt.widgets.TreeItem studyItem(RunsView view, String name) {
        for (org.eclipse.swt.widgets.TreeItem item : view.viewer().getTree().getItems()) {
            if (item.getText(0).startsWith(name + " (")) {
                return item;
            }
        }
        return null;
    }

    /** The row of a study's group whose label starts so (rows are filled in as they are read). */
    private static org.eclipse.swt.widgets.TreeItem groupItem(RunsView view, String study, String label) {
        for (org.eclipse.swt.widgets.TreeItem item : studyItem(view, study).getItems()) {
            if (item.getText(0).startsWith(label)) {
                return item;
            }
        }
        throw new AssertionError("no group " + label + " in " + study);
    }

    private static long countRunning(RunsView view) {
        RunsTree tree = view.tree();
        return tree.studies().stream().flatMap(s -> tree.groups(s).stream()).flatMap(g -> tree.runs(g).stream())
                .filter(r -> tree.row(r).statusText().equals("running")).count();
    }

    /** Posts an event every 20 ms and measures how long each waits for the UI thread. */
    private static long[] probeUiLatency(long millis) {
        Display display = Display.getCurrent();
        List<Long> latencies = new ArrayList<>();
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            long posted = System.nanoTime();
            display.asyncExec(() -> latencies.add((System.nanoTime() - posted) / 1_000_000));
            long until = System.currentTimeMillis() + 20;
            while (System.currentTimeMillis() < until) {
                if (!display.readAndDispatch()) {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        while (display.readAndDispatch()) {
            // the last probes
        }
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void showsGroupsFiltersAndLinksSelectionsWithOtherViews() throws Exception {
        IProject project = project("linked", null);
        Path runsFolder = project.getLocation().toFile().toPath().resolve("runs");
        RunStore store = RunStore.create(runsFolder);
        for (int i = 0; i < 12; i++) {
            String id = String.format("s%02d", i);
            RunStatus status = i == 5 ? RunStatus.RUNNING : i == 10 ? RunStatus.PLANNED : RunStatus.FINISHED;
            RunRecord record = record("Small", id, i, status, status == RunStatus.FINISHED ? 3000 : 750);
            if (status == RunStatus.PLANNED) {
                record.setMessage("queued: slurm job 4711_10");
                record.setStep(0);
                record.getSummaries().clear();
            }
            store.run("Small", id).writeRecord(record);
        }
        try {
            RunsView view = reopen();
            assertTrue(UiWait.until(() -> runsOf(view, "Small") == 12 && view.loads() > 0, 20_000) >= 0);
            RunsTree tree = view.tree();
            RunsTree.Study small = study(view, "Small");
            assertEquals(3, tree.groups(small).size());
            view.viewer().expandAll();
            ViewShots.captureMaximized(view, "runs-view-small-study");
            String queuedStatus = studyItem(view, "Small").getItem(2).getItem(2).getText(1);
            assertEquals("queued (slurm job 4711_10)", queuedStatus, "Slurm's queued runs show their job");

            // the view publishes groups and runs
            List<Object> published = new ArrayList<>();
            view.getSite().getSelectionProvider()
                    .addSelectionChangedListener(e -> published.addAll(((IStructuredSelection) e.getSelection()).toList()));
            GroupRow group = tree.groups(small).get(0);
            view.viewer().setSelection(new StructuredSelection(group), true);
            assertEquals(List.of(group), published);
            RunDirectory run = store.run("Small", "s07");
            view.viewer().setSelection(new StructuredSelection(run), true);
            assertEquals(run, published.get(published.size() - 1));

            // another view's selection of runs is revealed here, and not echoed back
            view.viewer().collapseAll();
            view.viewer().setSelection(StructuredSelection.EMPTY);
            published.clear();
            RunDirectory other = store.run("Small", "s09");
            view.revealSelectedRuns(page().showView(IPageLayout.ID_PROBLEM_VIEW), new StructuredSelection(other));
            assertEquals(List.of(other), view.viewer().getStructuredSelection().toList());
            assertTrue(view.viewer().getExpandedState(view.tree().groupOf(other)), "its group is expanded");
            assertTrue(published.isEmpty(), "a revealed selection is not published back: " + published);

            // filter: key=value terms and text
            page().activate(view);
            view.filter("regime=oracle");
            assertTrue(UiWait.until(() -> runsOf(view, "Small") == 4, 10_000) >= 0, "filtered to one group of 4");
            view.filter("status=running");
            assertTrue(UiWait.until(() -> runsOf(view, "Small") == 1, 10_000) >= 0, "filtered to the running run");
            view.viewer().expandAll();
            ViewShots.captureMaximized(view, "runs-view-filtered");
            view.filter("");
            assertTrue(UiWait.until(() -> runsOf(view, "Small") == 12, 10_000) >= 0);

            // a group that appears above an expanded one (a sweep starting a new configuration) leaves
            // the expansion with its group, not with its row
            view.viewer().collapseAll();
            view.viewer().setExpandedState(study(view, "Small"), true);
            view.viewer().setExpandedState(view.tree().groups(study(view, "Small")).get(2), true);
            assertTrue(groupItem(view, "Small", "Tf · oracle").getExpanded());
            RunRecord newcomer = record("Small", "s12", 12, RunStatus.RUNNING, 100);
            newcomer.setRegime("aaa");
            newcomer.setGroup("Tf/aaa/00000000");
            store.run("Small", "s12").writeRecord(newcomer);
            assertTrue(UiWait.until(() -> view.tree().groups(study(view, "Small")).size() == 4, 10_000) >= 0);
            UiWait.until(() -> false, 300); // the refresh's rows filled in
            assertTrue(groupItem(view, "Small", "Tf · oracle").getExpanded(), "the expanded group stays expanded");
            assertEquals(false, groupItem(view, "Small", "Tf · aaa").getExpanded(), "the new group is not");
            assertEquals(false, groupItem(view, "Small", "Tf · maxLikelihood").getExpanded(), "nor its neighbour");
            assertEquals(4, groupItem(view, "Small", "Tf · oracle").getItemCount(), "the group's runs");
        } finally {
            IViewPart open = page().findView(RunsView.ID);
            if (open != null) {
                page().hideView(open);
            }
            project.delete(true, true, null);
        }
    }
}
