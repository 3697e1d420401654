package org.saturn.ui.views.saturation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.StudyReport;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.ui.charts.SaturnChart;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.UiWait;
import org.saturn.ui.views.ViewFixtures;
import org.w3c.dom.Document;

@ExtendWith(NoErrorsLoggedExtension.class)
class SaturationViewUITest {

    private SaturationView view;

    @AfterEach
    void close() {
        if (view != null) {
            ViewFixtures.page().hideView(view);
        }
    }

    @Test
    void selectedRunsOfARealStoreAppearAsSeriesAgainstTheOptimalLoss() throws Exception {
        RunStore store = ViewFixtures.quickStudyStore();
        List<RunDirectory> runs = ViewFixtures.quickStudyRuns(store);
        view = ViewFixtures.showView(SaturationView.ID);

        view.setInput(List.of(runs.get(0), runs.get(1)));
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0, "the load finishes");

        SaturationComposite composite = view.composite();
        assertEquals(2, composite.entries().size());
        // loss chart: test and train per run + one optimal line (both runs share the optimum)
        ISeries<?>[] loss = composite.lossChart().getSeriesSet().getSeries();
        assertEquals(5, loss.length);
        double[] test = runs.get(0).metrics().stream().filter(p -> p.key().equals("test.loss")).mapToDouble(p -> p.value())
                .toArray();
        assertTrue(Arrays.equals(test, loss[0].getYSeries()), "the first series is run 0's test loss from metrics.csv");
        ISeries<?> optimal = loss[4];
        double expectedOptimal = runs.get(0).record().orElseThrow().getOptimalLoss();
        assertEquals(expectedOptimal, optimal.getYSeries()[0], 1e-12);
        assertTrue(SaturnChart.legendOf(optimal).startsWith("exact optimal loss 0.1540"), SaturnChart.legendOf(optimal));
        assertTrue(composite.gapChart().yAxis().isLogScaleEnabled(), "gap on a log axis");
        assertEquals(2, composite.gapChart().getSeriesSet().getSeries().length);
        // accuracies: 4 default metrics per run, plus chance bands computed from the run's spec
        assertEquals(8, composite.accuracyChart().getSeriesSet().getSeries().length);
        assertTrue(composite.accuracyChart().overlay().bands().size() >= 3, "chance levels drawn as bands");
        assertTrue(composite.status().startsWith("2 run(s)"), composite.status());

        ViewFixtures.captureMaximized(view, "saturation-runs");
    }

    @Test
    void groupsShowTheSeedMeanWithABandAndFaintMembers() throws Exception {
        RunStore store = ViewFixtures.quickStudyStore();
        List<GroupRow> groups = StudyReport.of(store, null);
        view = ViewFixtures.showView(SaturationView.ID);

        view.setInput(groups);
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);

        SaturationComposite composite = view.composite();
        assertEquals(2, composite.entries().size());
        assertTrue(composite.entries().get(0).group());
        // per group: 2 faint member test-loss lines + mean test + mean train; + 1 optimal line
        assertEquals(2 * 4 + 1, composite.lossChart().getSeriesSet().getSeries().length);
        assertEquals(2, composite.lossChart().overlay().bands().size(), "one ±std band per group");
        double[] upper = composite.lossChart().overlay().bands().get(0).upper();
        double[] lower = composite.lossChart().overlay().bands().get(0).lower();
        assertTrue(upper[1] > lower[1], "two seeds differ: the band has a width");

        composite.setShowMembers(false);
        assertEquals(2 * 2 + 1, composite.lossChart().getSeriesSet().getSeries().length);
        composite.setShowMembers(true);

        ViewFixtures.captureMaximized(view, "saturation-groups");
        Path folder = Path.of(System.getProperty("saturn.screenshots", "target/screenshots"));
        view.exportPng(folder.resolve("saturation-export.png"));
    }

    @Test
    void exportsWritePngSvgAndCsvOfWhatIsShown() throws Exception {
        RunStore store = ViewFixtures.quickStudyStore();
        view = ViewFixtures.showView(SaturationView.ID);
        view.setInput(StudyReport.of(store, null));
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);
        Path folder = Files.createTempDirectory("saturation-export");

        Path png = folder.resolve("saturation.png");
        view.exportPng(png);
        ImageData image = new ImageLoader().load(png.toString())[0];
        int height = view.composite().charts().stream().mapToInt(c -> c.getSize().y).sum();
        assertEquals(height, image.height, "the three charts stacked");
        assertEquals(view.composite().lossChart().getSize().x, image.width);
        assertTrue(distinctColours(image) > 20, "a drawn chart, not a blank image");

        Path svg = folder.resolve("saturation.svg");
        view.exportSvg(svg);
        String svgText = Files.readString(svg);
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svgText.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("svg", document.getDocumentElement().getTagName());
        int lines = 0;
        for (SaturnChart chart : view.composite().charts()) {
            for (ISeries<?> series : chart.getSeriesSet().getSeries()) {
                lines += series instanceof ILineSeries<?> && series.getXSeries().length > 1 ? 1 : 0;
            }
        }
        assertEquals(lines, document.getElementsByTagName("polyline").getLength(), "one polyline per drawn series");
        assertTrue(document.getElementsByTagName("polygon").getLength() >= 4, "std and chance bands");
        assertTrue(svgText.contains("exact optimal loss 0.1540"), "the optimal line is named");
        assertTrue(svgText.contains("test-loss gap (%, log)"), "the gap axis says it is logarithmic");

        Path csv = folder.resolve("saturation.csv");
        view.exportCsv(csv);
        List<String> rows = Files.readAllLines(csv);
        assertEquals("entry,series,run,seed,key,step,value,std,n,optimal_loss", rows.get(0));
        long memberRows = ViewFixtures.quickStudyRuns(store).stream().mapToLong(r -> r.metrics().size()).sum();
        assertEquals(memberRows, rows.stream().skip(1).filter(r -> r.contains(",run,")).count(), "every metrics.csv row of every member");
        assertTrue(rows.stream().anyMatch(r -> r.contains(",seed mean,") && r.contains(",test.loss,300,")));
    }

    @Test
    void aNewSelectionSupersedesTheLoadInFlight() throws Exception {
        RunStore store = ViewFixtures.quickStudyStore();
        List<RunDirectory> runs = ViewFixtures.quickStudyRuns(store);
        view = ViewFixtures.showView(SaturationView.ID);

        view.setInput(runs);
        view.setInput(List.of(runs.get(3)));
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);

        assertEquals(1, view.composite().entries().size(), "only the latest selection is shown");
        assertEquals(runs.get(3), view.composite().entries().get(0).members().get(0).run());
    }

    @Test
    void rowsAppendedByATrainingRunAppearWithinARefreshPeriod() throws Exception {
        RunStore store = ViewFixtures.quickStudyStore();
        RunDirectory run = ViewFixtures.quickStudyRuns(store).get(0);
        view = ViewFixtures.showView(SaturationView.ID);
        view.setInput(List.of(run));
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);
        int before = view.composite().lossChart().getSeriesSet().getSeries()[0].getXSeries().length;

        try (var log = run.openMetrics()) {
            for (long step = 350; step <= 400; step += 50) {
                log.append(step, 60, "train.loss", 0.17);
                log.append(step, 60, "test.loss", 0.16);
                log.append(step, 60, "gap.percent", 3.9);
            }
        }

        long waited = UiWait.until(() -> !view.isLoading()
                && view.composite().lossChart().getSeriesSet().getSeries()[0].getXSeries().length == before + 2, 10_000);
        assertTrue(waited >= 0, "the two new evaluations are drawn");
        assertTrue(waited <= 2 * org.saturn.ui.charts.LiveRefresh.PERIOD_MS + 2_000, "within a refresh period: " + waited + " ms");
        double[] steps = view.composite().lossChart().getSeriesSet().getSeries()[0].getXSeries();
        assertEquals(400, steps[steps.length - 1]);
    }

    static int distinctColours(ImageData image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.height; y += 3) {
            for (int x = 0; x < image.width; x += 3) {
                colours.add(image.getPixel(x, y));
            }
        }
        return colours.size();
    }

}
