package org.saturn.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.graphics.RGB;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.StudyReport;
import org.saturn.core.store.RunStore;
import org.saturn.ui.charts.SaturnChart;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.UiWait;
import org.saturn.ui.views.identifiability.IdentifiabilityView;
import org.saturn.ui.views.saturation.SaturationView;

/** One colour per group across every view, whatever order each view lists the groups in. */
@ExtendWith(NoErrorsLoggedExtension.class)
class GroupColoursUITest {

    private final List<String> opened = new ArrayList<>();

    @AfterEach
    void close() {
        ViewFixtures.hideViews(opened);
    }

    @Test
    void aGroupHasTheSameColourInTheSaturationAndNonIdentifiabilityViews() throws Exception {
        RunStore store = ViewFixtures.quickStudyStore();
        List<GroupRow> groups = new ArrayList<>(StudyReport.of(store, null));
        assertEquals(2, groups.size());
        IdentifiabilityView scatter = show(IdentifiabilityView.ID);
        scatter.setStore(store.root());
        SaturationView saturation = show(SaturationView.ID);
        // the other order than the store's: a colour by list position would swap the two groups
        java.util.Collections.reverse(groups);
        saturation.setInput(groups);
        assertTrue(UiWait.until(() -> !scatter.isLoading() && !saturation.isLoading(), 20_000) >= 0);

        for (GroupRow group : groups) {
            String label = group.model() + " " + group.regime();
            RGB inSaturation = colourOf(saturation.composite().lossChart(), label);
            RGB inScatter = colourOf(scatter.composite().chart(), label);
            assertEquals(inScatter, inSaturation, "the colour of " + label);
        }
        assertNotEquals(colourOf(saturation.composite().lossChart(), groups.get(0).model() + " " + groups.get(0).regime()),
                colourOf(saturation.composite().lossChart(), groups.get(1).model() + " " + groups.get(1).regime()),
                "two groups, two colours");
    }

    private static RGB colourOf(SaturnChart chart, String groupLabel) {
        ISeries<?> series = Arrays.stream(chart.getSeriesSet().getSeries())
                .filter(s -> s.isVisibleInLegend() && SaturnChart.legendOf(s).startsWith(groupLabel + " (n="))
                .findFirst().orElseThrow(() -> new AssertionError("no legend entry for " + groupLabel + " in "
                        + Arrays.stream(chart.getSeriesSet().getSeries()).map(SaturnChart::legendOf).toList()));
        return ((ILineSeries<?>) series).getLineColor().getRGB();
    }

    private <T extends org.eclipse.ui.IViewPart> T show(String id) throws Exception {
        opened.add(id);
        return ViewFixtures.showView(id);
    }
}
