package org.saturn.core.report;

import java.util.List;
import java.util.Map;

/**
 * What the Saturation chart draws for one selected item: a single run (one member, no bands), or a
 * group of seeds (its members and, per metric, the seed mean with its ±std band).
 */
public record SaturationCurves(String label, boolean group, double optimalLoss, List<RunCurves> members,
        Map<String, SeedBand> bands) {

    public SeedBand band(String key) {
        return bands.get(key);
    }
}
