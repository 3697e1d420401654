package org.saturn.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.store.MetricsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

class SaturationProviderTest {

    @TempDir
    Path folder;

    @Test
    void aRunBecomesOneEntryWithEverySeriesInStepOrder() {
        RunStore store = RunStore.create(folder);
        RunDirectory run = ProviderFixtures.run(store, "a1", "oracle", 1, new double[] { 0.3, 0.15, 0.11 },
                new double[] { 0.2, 0.6, 0.9 });

        List<SaturationCurves> entries = SaturationProvider.load(List.of(run, "not a run"), () -> false);

        assertThat(entries).hasSize(1);
        SaturationCurves entry = entries.get(0);
        assertThat(entry.group()).isFalse();
        assertThat(entry.optimalLoss()).isEqualTo(0.1);
        RunCurves curves = entry.members().get(0);
        assertThat(curves.run()).isEqualTo(run);
        assertThat(curves.seed()).isEqualTo(1);
        assertThat(curves.series().keySet()).containsExactly("optimal.loss", "train.loss", "test.loss", "gap.percent",
                "ood.R1");
        assertThat(curves.series("test.loss").steps()).containsExactly(100, 200, 300);
        assertThat(curves.series("test.loss").values()).containsExactly(0.3, 0.15, 0.11);
        assertThat(curves.series("gap.percent").last()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void aGroupOfSeedsGetsMeanAndStdPerStepOverTheSeedsThatHaveIt() {
        RunStore store = RunStore.create(folder);
        ProviderFixtures.run(store, "a1", "oracle", 1, new double[] { 0.3, 0.2 }, new double[] { 0.2, 0.6 });
        ProviderFixtures.run(store, "a2", "oracle", 2, new double[] { 0.5, 0.4, 0.12 }, new double[] { 0.4, 1.0, 1.0 });
        ProviderFixtures.run(store, "b1", "adversarial", 1, new double[] { 0.3 }, new double[] { 0 });
        GroupRow oracle = StudyReport.of(store, null).stream().filter(r -> r.regime().equals("oracle")).findFirst()
                .orElseThrow();

        SaturationCurves entry = SaturationProvider.load(List.of(oracle), () -> false).get(0);

        assertThat(entry.group()).isTrue();
        assertThat(entry.label()).isEqualTo("Tf oracle (n=2)");
        assertThat(entry.members()).extracting(m -> m.run().runId()).containsExactlyInAnyOrder("a1", "a2");
        SeedBand loss = entry.band("test.loss");
        assertThat(loss.steps()).containsExactly(100, 200, 300);
        assertThat(loss.mean()[0]).isCloseTo(0.4, within(1e-12));
        assertThat(loss.std()[0]).isCloseTo(Math.sqrt(0.02), within(1e-12));
        assertThat(loss.n()).containsExactly(2, 2, 1);
        assertThat(loss.mean()[2]).isCloseTo(0.12, within(1e-12));
        assertThat(loss.std()[2]).isNaN();
        assertThat(loss.lower(2)).isEqualTo(loss.upper(2));
        assertThat(entry.band("ood.R1").mean()[1]).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void recordsReadFromAStoreLeadBackToTheirRunFolder() {
        RunStore store = RunStore.create(folder);
        RunDirectory run = ProviderFixtures.run(store, "a1", "oracle", 1, new double[] { 0.3 }, new double[] { 0.2 });

        assertThat(SaturationProvider.directoryOf(run.record().orElseThrow())).contains(run);
        assertThat(SaturationProvider.directoryOf(org.saturn.core.results.ResultsFactory.eINSTANCE.createRunRecord()))
                .isEmpty();
    }

    @Test
    void aRepeatedStepKeepsTheLaterRow() {
        RunStore store = RunStore.create(folder);
        RunDirectory run = ProviderFixtures.run(store, "a1", "oracle", 1, new double[] { 0.3, 0.2 }, new double[] { 0, 0 });
        try (MetricsLog log = run.openMetrics()) {
            log.append(200, 9, "test.loss", 0.25);
        }

        RunCurves curves = SaturationProvider.curves(run);

        assertThat(curves.series("test.loss").values()).containsExactly(0.3, 0.25);
    }

    @Test
    void aSupersededLoadStops() {
        RunStore store = RunStore.create(folder);
        RunDirectory run = ProviderFixtures.run(store, "a1", "oracle", 1, new double[] { 0.3 }, new double[] { 0.2 });

        assertThatThrownBy(() -> SaturationProvider.load(List.of(run), () -> true))
                .isInstanceOf(CancellationException.class);
    }
}
