package org.saturn.ui.views.identifiability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swtchart.ISeries;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.core.report.IdentifiabilityProvider;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.ui.charts.SaturnChart;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.UiWait;
import org.saturn.ui.views.ViewFixtures;
import org.saturn.ui.views.completions.CompletionsView;
import org.saturn.ui.views.saturation.SaturationView;

@ExtendWith(NoErrorsLoggedExtension.class)
class IdentifiabilityViewUITest {

    private final List<String> opened = new java.util.ArrayList<>();

    @AfterEach
    void close() {
        IWorkbenchPage page = ViewFixtures.page();
        for (String id : opened) {
            var view = page.findView(id);
            if (view != null) {
                page.hideView(view);
            }
        }
    }

    @Test
    void onePointPerRunColouredByGroupWithGroupMeans() throws Exception {
        RunStore store = ViewFixtures.quickStudyStore();
        IdentifiabilityView view = show(IdentifiabilityView.ID);

        view.setStore(store.root());
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);

        IdentifiabilityComposite composite = view.composite();
        assertEquals(2, composite.groups().size());
        assertEquals(4, composite.groups().stream().mapToInt(g -> g.points().size()).sum());
        RunDirectory run = ViewFixtures.quickStudyRuns(store).get(0);
        var record = run.record().orElseThrow();
        double gap = IdentifiabilityProvider.value(record, IdentifiabilityProvider.GAP_PERCENT,
                IdentifiabilityProvider.Aggregate.AT_BEST);
        var point = composite.groups().stream().flatMap(g -> g.points().stream()).filter(p -> p.run().equals(run))
                .findFirst().orElseThrow();
        assertEquals(gap, point.x(), 1e-12);
        assertEquals(IdentifiabilityProvider.value(record, "ood.R1", IdentifiabilityProvider.Aggregate.AT_BEST), point.y(),
                1e-12);
        ISeries<?>[] series = composite.chart().getSeriesSet().getSeries();
        List<String> legends = java.util.Arrays.stream(series).filter(ISeries::isVisibleInLegend).map(SaturnChart::legendOf).toList();
        assertEquals(List.of("QuickTf maxLikelihood (n=2)", "QuickTf adversarial (n=2)"), legends);
        assertTrue(composite.chart().yAxis().getTitle().getText().startsWith("OOD R1"));

        Path folder = Files.createTempDirectory("identifiability-export");
        view.exportCsv(folder.resolve("points.csv"));
        List<String> csv = Files.readAllLines(folder.resolve("points.csv"));
        assertEquals("group,label,run,seed,test-loss gap (%),ood.R1,y_std,n", csv.get(0));
        assertEquals(1 + 4 + 2, csv.size(), "four runs and two group means");
        view.exportSvg(folder.resolve("points.svg"));
        String svg = Files.readString(folder.resolve("points.svg"));
        assertEquals(4, count(svg, "r='5'"), "one dot per run");
        assertEquals(2, count(svg, "<path"), "one cross per group mean");
        view.exportPng(folder.resolve("points.png"));
        ImageData png = new ImageLoader().load(folder.resolve("points.png").toString())[0];
        assertEquals(composite.chart().getSize().x, png.width);

        view.select(run);
        ViewFixtures.captureMaximized(view, "non-identifiability");
    }

    @Test
    void clickingAPointPublishesItsRunAndTheOtherViewsFollow() throws Exception {
        RunStore store = ViewFixtures.quickStudyStore();
        SaturationView saturation = show(SaturationView.ID);
        CompletionsView completions = show(CompletionsView.ID);
        IdentifiabilityView view = show(IdentifiabilityView.ID);
        view.setStore(store.root());
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);
        RunDirectory target = ViewFixtures.quickStudyRuns(store).get(2);
        AtomicReference<ISelection> published = new AtomicReference<>();
        ISelectionListener listener = (part, selection) -> {
            if (part == view) {
                published.set(selection);
            }
        };
        IWorkbenchPage page = ViewFixtures.page();
        page.addSelectionListener(listener);
        try {
            page.activate(view);
            Point pixel = view.composite().pixelOf(target);
            assertNotNull(pixel, "the run is drawn");
            Event click = new Event();
            click.x = pixel.x + 2; // a click near the point, not exactly on it, still hits it
            click.y = pixel.y - 1;
            click.button = 1;
            view.composite().chart().getPlotArea().getControl().notifyListeners(SWT.MouseDown, click);
            UiWait.until(() -> published.get() != null, 2_000);
        } finally {
            page.removeSelectionListener(listener);
        }

        IStructuredSelection selection = (IStructuredSelection) published.get();
        assertNotNull(selection, "the view published a selection");
        assertEquals(List.of(target), selection.toList(), "exactly the clicked run, as a RunDirectory");
        assertEquals(selection, page.getSelection(IdentifiabilityView.ID));
        assertTrue(UiWait.until(() -> !saturation.isLoading() && !completions.isLoading(), 20_000) >= 0);
        assertEquals(target, saturation.composite().entries().get(0).members().get(0).run(), "Saturation follows");
        assertTrue(completions.composite().isEmptyState(), "this run has no completions yet");
        assertTrue(completions.composite().emptyMessage().contains(target.toString()), completions.composite().emptyMessage());
        boolean ringed = false;
        for (ISeries<?> s : view.composite().chart().getSeriesSet().getSeries()) {
            ringed |= SaturnChart.legendOf(s).equals("selected run") && s.getXSeries().length == 1;
        }
        assertTrue(ringed, "the clicked run is highlighted");
    }

    @Test
    void aMissingStoreSaysSoInsteadOfFailing() throws Exception {
        IdentifiabilityView view = show(IdentifiabilityView.ID);

        view.setStore(Path.of("/nonexistent/saturn-store"));
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);

        assertTrue(view.composite().status().contains("no run store at /nonexistent/saturn-store"), view.composite().status());
    }

    private <T extends org.eclipse.ui.IViewPart> T show(String id) throws Exception {
        opened.add(id);
        return ViewFixtures.showView(id);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
