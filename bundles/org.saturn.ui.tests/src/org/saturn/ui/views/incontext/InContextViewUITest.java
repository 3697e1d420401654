package org.saturn.ui.views.incontext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.LineStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.IdentifiabilityProvider;
import org.saturn.core.report.IdentifiabilityProvider.Aggregate;
import org.saturn.core.report.StudyReport;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.ui.charts.ChartColours;
import org.saturn.ui.charts.SaturnChart;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.UiWait;
import org.saturn.ui.views.ViewFixtures;
import org.saturn.ui.views.identifiability.AxesPreset;
import org.saturn.ui.views.identifiability.IdentifiabilityView;

/** Case study 2 in the workbench, on a store trained by a real short run of a mixture study. */
@ExtendWith(NoErrorsLoggedExtension.class)
class InContextViewUITest {

    private final List<String> opened = new java.util.ArrayList<>();

    @AfterEach
    void close() {
        ViewFixtures.hideViews(opened);
    }

    @Test
    void iclAccuracyAgainstKPerGroupWithSeedSpreadAndChance() throws Exception {
        RunStore store = ViewFixtures.inContextStudyStore();
        List<GroupRow> groups = StudyReport.of(store, null);
        assertEquals(3, groups.size(), "maxLikelihood, adversarial and oracle");
        InContextView view = show(InContextView.ID);

        view.setInput(groups);
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);

        InContextComposite composite = view.composite();
        List<InContextCurves> curves = composite.curves();
        assertEquals(3, curves.size(), composite.status());
        for (InContextCurves group : curves) {
            assertEquals(List.of(0, 1, 2, 3), Arrays.stream(group.examples()).boxed().toList(), group.label());
            assertEquals(2, group.runs(), "two seeds: " + group.label());
        }
        // the chart's numbers are the records' own: mean and std over the group's seeds at the best checkpoint
        InContextCurves first = curves.get(0);
        List<RunRecord> records = groups.stream().filter(g -> g.group().equals(first.group())).findFirst().orElseThrow().runs();
        double[] atBest = records.stream().mapToDouble(r -> IdentifiabilityProvider.value(r,
                MetricKeys.inContext(3, MetricKeys.ICL_TASK), Aggregate.AT_BEST)).toArray();
        GroupSummary expected = GroupSummary.of(atBest);
        assertEquals(expected.mean(), first.task()[3].mean(), 1e-12);
        assertEquals(expected.std(), first.task()[3].std(), 1e-12);
        assertTrue(Arrays.stream(first.chance()).allMatch(c -> c > 0 && c < 1), Arrays.toString(first.chance()));

        ISeries<?>[] series = composite.chart().getSeriesSet().getSeries();
        List<String> legends = Arrays.stream(series).filter(ISeries::isVisibleInLegend).map(SaturnChart::legendOf).toList();
        assertEquals(4, legends.size(), "one entry per group and one for chance: " + legends);
        assertTrue(legends.contains("chance level"), legends.toString());
        ILineSeries<?> chance = (ILineSeries<?>) Arrays.stream(series).filter(s -> SaturnChart.legendOf(s).equals("chance level"))
                .findFirst().orElseThrow();
        assertEquals(LineStyle.DASH, chance.getLineStyle(), "chance is dashed");
        assertEquals(3, composite.chart().overlay().bands().size(), "a ±std band per group");
        ILineSeries<?> line = (ILineSeries<?>) Arrays.stream(series).filter(s -> SaturnChart.legendOf(s).equals(first.label()))
                .findFirst().orElseThrow();
        assertEquals(ChartColours.group(first.study(), first.group()).getRGB(), line.getLineColor().getRGB(),
                "the group's own colour");

        Path folder = Files.createTempDirectory("icl-export");
        view.exportCsv(folder.resolve("icl.csv"));
        List<String> csv = Files.readAllLines(folder.resolve("icl.csv"));
        assertEquals("study,group,label,k,n,mean,std,anyTask,chance", csv.get(0));
        assertEquals(1 + 3 * 4, csv.size(), "a row per group and k");
        view.exportSvg(folder.resolve("icl.svg"));
        assertTrue(Files.readString(folder.resolve("icl.svg")).contains("chance level"));

        ViewFixtures.captureMaximized(view, "in-context-learning");
    }

    @Test
    void aSelectedRunBringsItsWholeGroup() throws Exception {
        RunStore store = ViewFixtures.inContextStudyStore();
        RunDirectory run = store.runs(store.studies().get(0)).get(0);
        InContextView view = show(InContextView.ID);

        view.setInput(List.of(run));
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);

        assertEquals(1, view.composite().curves().size());
        assertEquals(2, view.composite().curves().get(0).runs(), "both seeds of the run's group");
        assertEquals(run.record().orElseThrow().getGroup(), view.composite().curves().get(0).group());
    }

    @Test
    void aStudyWithoutInContextPromptsSaysSo() throws Exception {
        RunStore store = ViewFixtures.quickStudyStore();
        InContextView view = show(InContextView.ID);

        view.setInput(StudyReport.of(store, null));
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);

        assertTrue(view.composite().curves().isEmpty());
        assertTrue(view.composite().status().contains("no in-context metrics"), view.composite().status());
    }

    @Test
    void theNonIdentifiabilityScatterShowsGapAgainstIclAccuracyAtTheLargestK() throws Exception {
        RunStore store = ViewFixtures.inContextStudyStore();
        IdentifiabilityView view = show(IdentifiabilityView.ID);

        view.setStore(store.root());
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);

        var composite = view.composite();
        List<String> pictures = composite.pictures().stream().map(AxesPreset::name).toList();
        assertEquals(AxesPreset.GAP_VS_ICL + " (k=3)", pictures.get(0), "an in-context store opens on its own picture");
        assertEquals(MetricKeys.inContext(3, MetricKeys.ICL_TASK), composite.yMetric());
        composite.setMetrics(IdentifiabilityProvider.GAP_PERCENT, "ood.R1");
        assertTrue(composite.showPicture(AxesPreset.GAP_VS_ICL + " (k=3)"));
        assertEquals(IdentifiabilityProvider.GAP_PERCENT, composite.xMetric());
        assertEquals(MetricKeys.inContext(3, MetricKeys.ICL_TASK), composite.yMetric());
        assertEquals(6, composite.groups().stream().mapToInt(g -> g.points().size()).sum(), "one point per run");
        assertTrue(composite.chart().yAxis().getTitle().getText().startsWith("ICL accuracy, k=3"),
                composite.chart().yAxis().getTitle().getText());

        ViewFixtures.captureMaximized(view, "non-identifiability-icl");
    }

    private <T extends org.eclipse.ui.IViewPart> T show(String id) throws Exception {
        opened.add(id);
        return ViewFixtures.showView(id);
    }
}
