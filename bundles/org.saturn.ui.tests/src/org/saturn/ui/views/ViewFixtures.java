package org.saturn.ui.views;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.Platform;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.osgi.framework.Bundle;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

/** Run stores for the view tests: the real quick-study store (copied), or a generated one of any size. */
public final class ViewFixtures {

    public static final String QUICK_STUDY = "QuickStudy";

    private ViewFixtures() {
    }

    /** A fresh copy of {@code testdata/quick-study-store} (4 trained runs), so tests may write into it. */
    public static RunStore quickStudyStore() {
        return copyOfStore("quick-study-store");
    }

    /**
     * A fresh copy of {@code testdata/icl-study-store}: a real run of {@code testdata/specs/icl-study.saturn}
     * (in-context learning, 3 regimes × 2 seeds, k = 0..3).
     */
    public static RunStore inContextStudyStore() {
        return copyOfStore("icl-study-store");
    }

    /**
     * A fresh copy of {@code testdata/flatness-study-store}: a real run of
     * {@code testdata/specs/flatness-study.saturn} (pre-training, rescaling, fine-tuning with Hessian measures).
     */
    public static RunStore flatnessStudyStore() {
        return copyOfStore("flatness-study-store");
    }

    private static RunStore copyOfStore(String name) {
        try {
            Path target = Files.createTempDirectory("saturn-views-store");
            copyTree(testdata().resolve(name), target);
            return RunStore.open(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a folder and everything below it into {@code target} (made as needed). */
    public static void copyTree(Path source, Path target) {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hides these views where they are open (a test's clean-up). */
    public static void hideViews(List<String> ids) {
        IWorkbenchPage page = page();
        for (String id : ids) {
            IViewPart view = page.findView(id);
            if (view != null) {
                page.hideView(view);
            }
        }
    }

    private static Path testdata() throws IOException {
        Bundle bundle = Platform.getBundle("org.saturn.ui.tests");
        URL entry = bundle == null ? null : bundle.getEntry("testdata/quick-study-store");
        if (entry != null) {
            return Path.of(FileLocator.toFileURL(entry).getPath()).getParent();
        }
        Path local = Path.of("testdata");
        if (Files.isDirectory(local)) {
            return local;
        }
        throw new IOException("testdata/quick-study-store not found (bundle entry or " + local.toAbsolutePath() + ")");
    }

    /**
     * A generated store: {@code groups} groups × {@code seeds} seeds, each run with {@code points}
     * evaluations of the metrics the views draw (losses decaying towards an optimal loss of 0.1,
     * OOD R1 rising towards a group-specific level). Written through the real store API.
     */
    public static RunStore generatedStore(Path root, int groups, int seeds, int points) {
        RunStore store = RunStore.create(root);
        SplittableRandom random = new SplittableRandom(7);
        double optimal = 0.1;
        for (int g = 0; g < groups; g++) {
            for (int s = 1; s <= seeds; s++) {
                String id = String.format("g%02ds%02d", g, s);
                RunDirectory run = store.run("Generated", id);
                run.path().toFile().mkdirs();
                double level = (g + 1.0) / (groups + 1.0);
                double lastLoss = 0;
                double lastR1 = 0;
                // the metrics.csv format of MetricsLog, written in one go (appending 700,000 rows one
                // flush at a time would make this fixture, not the view, the slow part of the test)
                StringBuilder csv = new StringBuilder("step,wallSeconds,key,value\n");
                Metrics log = (step, seconds, key, value) -> csv.append(step).append(',').append(seconds).append(',')
                        .append(key).append(',').append(value).append('\n');
                {
                    log.append(0, 0, "optimal.loss", optimal);
                    for (int i = 1; i <= points; i++) {
                        long step = 10L * i;
                        double decay = Math.exp(-i / (points / 6.0));
                        double test = optimal * (1 + 2 * decay + 0.01 * (1 + random.nextDouble()));
                        double r1 = level * (1 - decay) + 0.05 * random.nextDouble();
                        log.append(step, i, "train.loss", test * 0.98);
                        log.append(step, i, "test.loss", test);
                        log.append(step, i, "gap.percent", 100 * (test - optimal) / optimal);
                        log.append(step, i, "ood.R1", r1);
                        log.append(step, i, "id.R1", Math.min(1, 0.9 + 0.1 * (1 - decay)));
                        log.append(step, i, "ood.R2", 0.2 * random.nextDouble());
                        log.append(step, i, "ood.finished", Math.min(1, 0.5 + 0.5 * (1 - decay)));
                        lastLoss = test;
                        lastR1 = r1;
                    }
                }
                writeString(run.path().resolve(RunDirectory.METRICS), csv.toString());
                run.writeRecord(record(id, "G" + g, s, optimal, lastLoss, lastR1, points * 10L));
            }
        }
        return store;
    }

    private interface Metrics {
        void append(long step, double seconds, String key, double value);
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Maximizes the view in a 1600×1000 window and saves a screenshot of it into target/screenshots. */
    public static void captureMaximized(IViewPart view, String name) {
        IWorkbenchPage page = page();
        org.eclipse.swt.widgets.Shell shell = view.getSite().getShell();
        shell.setBounds(0, 0, 1600, 1000);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        org.saturn.ui.tests.UiWait.until(() -> false, 400);
        org.saturn.ui.tests.Screenshots.capture(shell, name);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
    }

    private static RunRecord record(String id, String group, long seed, double optimal, double loss, double r1, long steps) {
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setRunId(id);
        record.setStudy("Generated");
        record.setGroup("Tf/" + group);
        record.setModel("Tf");
        record.setRegime(group);
        record.setSeed(seed);
        record.setStatus(RunStatus.FINISHED);
        record.setStep(steps);
        record.setTotalSteps(steps);
        record.setOptimalLoss(optimal);
        record.getSummaries().add(summary("test.loss", loss));
        record.getSummaries().add(summary("ood.R1", r1));
        return record;
    }

    private static MetricSummary summary(String metric, double value) {
        MetricSummary summary = ResultsFactory.eINSTANCE.createMetricSummary();
        summary.setMetric(metric);
        summary.setAtBest(value);
        summary.setMax(value);
        summary.setLast(value);
        return summary;
    }

    /** Opens (or finds) a view and brings it to the front. */
    @SuppressWarnings("unchecked")
    public static <T extends IViewPart> T showView(String id) throws PartInitException {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        return (T) page.showView(id);
    }

    public static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    /** Every run of the quick study, in store order. */
    public static List<RunDirectory> quickStudyRuns(RunStore store) {
        return store.runs(QUICK_STUDY);
    }
}
