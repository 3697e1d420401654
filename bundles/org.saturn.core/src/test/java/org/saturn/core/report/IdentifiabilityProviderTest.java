package org.saturn.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.report.IdentifiabilityProvider.Aggregate;
import org.saturn.core.report.IdentifiabilityProvider.GroupPoints;
import org.saturn.core.report.IdentifiabilityProvider.Snapshot;
import org.saturn.core.store.RunStore;

class IdentifiabilityProviderTest {

    @TempDir
    Path folder;

    @Test
    void onePointPerRunAtTheGapAndOodR1WithGroupMeans() {
        RunStore store = RunStore.create(folder);
        ProviderFixtures.run(store, "a1", "oracle", 1, new double[] { 0.3, 0.11 }, new double[] { 0.2, 0.9 });
        ProviderFixtures.run(store, "a2", "oracle", 2, new double[] { 0.3, 0.13 }, new double[] { 0.5, 0.7 });
        ProviderFixtures.run(store, "b1", "adversarial", 1, new double[] { 0.12, 0.2 }, new double[] { 0.1, 0.0 });
        store.run("S", "planned").path().toFile().mkdirs(); // no record yet: left out

        Snapshot snapshot = IdentifiabilityProvider.read(store, () -> false);
        List<GroupPoints> groups = IdentifiabilityProvider.points(snapshot, IdentifiabilityProvider.GAP_PERCENT,
                IdentifiabilityProvider.DEFAULT_Y, Aggregate.AT_BEST);

        assertThat(snapshot.runs()).hasSize(3);
        assertThat(snapshot.metrics()).containsExactly(IdentifiabilityProvider.GAP_PERCENT, "test.loss", "ood.R1");
        assertThat(groups).extracting(GroupPoints::label).containsExactly("Tf oracle", "Tf adversarial");
        GroupPoints oracle = groups.get(0);
        assertThat(oracle.points()).hasSize(2);
        assertThat(oracle.points().get(0).x()).isCloseTo(10.0, within(1e-9));
        assertThat(oracle.points().get(0).y()).isEqualTo(0.9);
        assertThat(oracle.x().mean()).isCloseTo(20.0, within(1e-9));
        assertThat(oracle.y().mean()).isCloseTo(0.8, within(1e-12));
        GroupPoints adversarial = groups.get(1);
        assertThat(adversarial.points().get(0).x()).isCloseTo(20.0, within(1e-9));
        assertThat(adversarial.points().get(0).y()).isEqualTo(0.1);
    }

    @Test
    void theFinalAndMaximumValuesAreChoices() {
        RunStore store = RunStore.create(folder);
        ProviderFixtures.run(store, "b1", "adversarial", 1, new double[] { 0.12, 0.2 }, new double[] { 0.1, 0.0 });
        Snapshot snapshot = IdentifiabilityProvider.read(store, () -> false);

        GroupPoints last = IdentifiabilityProvider.points(snapshot, IdentifiabilityProvider.GAP_PERCENT, "ood.R1",
                Aggregate.LAST).get(0);
        GroupPoints max = IdentifiabilityProvider.points(snapshot, "test.loss", "ood.R1", Aggregate.MAX).get(0);
        GroupPoints missing = IdentifiabilityProvider.points(snapshot, "test.loss", "no.such", Aggregate.MAX).get(0);

        assertThat(last.points().get(0).x()).isCloseTo(100.0, within(1e-9));
        assertThat(last.points().get(0).y()).isEqualTo(0.0);
        assertThat(max.points().get(0).x()).isEqualTo(0.2);
        assertThat(max.points().get(0).y()).isEqualTo(0.1);
        assertThat(missing.points()).isEmpty();
        assertThat(missing.y().n()).isZero();
    }
}
