package org.saturn.ui.views.identifiability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.report.IdentifiabilityProvider;
import org.saturn.core.report.IdentifiabilityProvider.Aggregate;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.UiWait;
import org.saturn.ui.views.ViewFixtures;

/** Case study 3 in the workbench: flatness against the fine-tuning outcome, across runs of a real store. */
@ExtendWith(NoErrorsLoggedExtension.class)
class FlatnessScatterUITest {

    @AfterEach
    void close() {
        ViewFixtures.hideViews(List.of(IdentifiabilityView.ID));
    }

    @Test
    void flatnessAgainstFineTuningLossWithTheMeasureChosenFromTheXCombo() throws Exception {
        RunStore store = ViewFixtures.flatnessStudyStore();
        IdentifiabilityView view = ViewFixtures.showView(IdentifiabilityView.ID);

        view.setStore(store.root());
        assertTrue(UiWait.until(() -> !view.isLoading(), 20_000) >= 0);

        IdentifiabilityComposite composite = view.composite();
        assertTrue(composite.showPicture(AxesPreset.FLATNESS_VS_FINE_TUNING),
                composite.pictures().toString() + " from " + composite.snapshot().metrics());
        assertEquals(MetricKeys.RELATIVE_FLATNESS, composite.xMetric(), "the invariant measure first");
        assertEquals(MetricKeys.FINE_TUNING_LOSS, composite.yMetric());
        List<RunDirectory> runs = store.runs(store.studies().get(0));
        assertEquals(runs.size(), composite.groups().stream().mapToInt(g -> g.points().size()).sum(), "one point per run");
        RunDirectory run = runs.get(0);
        var record = run.record().orElseThrow();
        var point = composite.groups().stream().flatMap(g -> g.points().stream()).filter(p -> p.run().equals(run))
                .findFirst().orElseThrow();
        assertEquals(IdentifiabilityProvider.value(record, MetricKeys.RELATIVE_FLATNESS, Aggregate.AT_BEST), point.x(), 1e-12);
        assertEquals(IdentifiabilityProvider.value(record, MetricKeys.FINE_TUNING_LOSS, Aggregate.AT_BEST), point.y(), 1e-12);
        assertEquals("relative flatness, at best test loss", composite.chart().xAxis().getTitle().getText());
        assertEquals("Non-identifiability: one dot per run, × = group mean", composite.chart().getTitle().getText(),
                "the whole title where there is room");
        ViewFixtures.captureMaximized(view, "flatness-vs-fine-tuning");

        // the raw trace is the other measure the x combo offers: the rescaling moves it, not the relative flatness
        assertTrue(AxesPreset.flatnessMeasures(composite.snapshot().metrics()).contains(MetricKeys.HESSIAN_TRACE));
        composite.setMetrics(MetricKeys.HESSIAN_TRACE, MetricKeys.FINE_TUNING_LOSS);
        assertEquals(MetricKeys.HESSIAN_TRACE, composite.xMetric());
        assertEquals("Hessian trace, at best test loss", composite.chart().xAxis().getTitle().getText());
        assertEquals(runs.size(), composite.groups().stream().mapToInt(g -> g.points().size()).sum());
        ViewFixtures.captureMaximized(view, "hessian-trace-vs-fine-tuning");
    }
}
