package org.saturn.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.report.IdentifiabilityProvider.Aggregate;
import org.saturn.core.store.RunStore;

class ChartCsvTest {

    @TempDir
    Path folder;

    @Test
    void saturationCsvHasEveryRunValueAndEverySeedMean() {
        RunStore store = RunStore.create(folder);
        ProviderFixtures.run(store, "a1", "oracle", 1, new double[] { 0.3, 0.2 }, new double[] { 0.2, 0.6 });
        ProviderFixtures.run(store, "a2", "oracle", 2, new double[] { 0.5, 0.4 }, new double[] { 0.4, 1.0 });
        List<SaturationCurves> entries = SaturationProvider.load(StudyReport.of(store, null), () -> false);

        List<String> lines = ChartCsv.saturation(entries).lines().toList();

        assertThat(lines.get(0)).isEqualTo("entry,series,run,seed,key,step,value,std,n,optimal_loss");
        // per run: optimal.loss once + 4 keys × 2 steps = 9 rows; means: 9 rows
        assertThat(lines).hasSize(1 + 2 * 9 + 9);
        assertThat(lines).contains("Tf oracle (n=2),run,S/a1,1,test.loss,200,0.2,,,0.1");
        assertThat(lines).anyMatch(l -> l.startsWith("Tf oracle (n=2),seed mean,,,test.loss,100,0.4,0.1414213")
                && l.endsWith(",2,0.1"));
    }

    @Test
    void identifiabilityCsvNamesItsMetricsAndQuotesThem() {
        RunStore store = RunStore.create(folder);
        ProviderFixtures.run(store, "a1", "oracle", 1, new double[] { 0.3, 0.11 }, new double[] { 0.2, 0.9 });
        var groups = IdentifiabilityProvider.points(IdentifiabilityProvider.read(store, () -> false),
                IdentifiabilityProvider.GAP_PERCENT, "ood.R1", Aggregate.AT_BEST);

        List<String> lines = ChartCsv.identifiability(groups, "gap, %", "ood.R1").lines().toList();

        assertThat(lines).containsExactly("group,label,run,seed,\"gap, %\",ood.R1,y_std,n", "Tf/oracle,Tf oracle,S/a1,1,10,0.9,,",
                "Tf/oracle,Tf oracle,mean,,10,0.9,,1");
    }
}
