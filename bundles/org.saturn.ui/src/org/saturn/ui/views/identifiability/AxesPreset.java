package org.saturn.ui.views.identifiability;

import java.util.ArrayList;
import java.util.List;

import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.report.IdentifiabilityProvider;
import org.saturn.core.report.RunRow;
import org.saturn.ui.views.saturation.SaturationComposite;

/**
 * A named pair of axes for the Non-identifiability scatter, one per case study: the loss gap
 * against ICL accuracy at the largest k (case study 2), a flatness measure against the
 * fine-tuning loss (case study 3), and the gap against OOD R1 (case study 1). Offered only where a
 * store's records carry both metrics.
 */
public record AxesPreset(String name, String x, String y) {

    public static final String GAP_VS_OOD = "gap vs OOD R1";
    public static final String GAP_VS_ICL = "gap vs ICL accuracy";
    public static final String FLATNESS_VS_FINE_TUNING = "flatness vs fine-tuning loss";

    /**
     * The pictures these metrics (as in {@code Snapshot.metrics()}) allow, the most particular
     * first (ICL and fine-tuning studies record OOD R1 too, but are not about it).
     */
    public static List<AxesPreset> available(List<String> metrics) {
        List<AxesPreset> presets = new ArrayList<>();
        String gap = IdentifiabilityProvider.GAP_PERCENT;
        int largestK = -1;
        for (String metric : metrics) {
            largestK = Math.max(largestK, MetricKeys.inContextExamples(metric, MetricKeys.ICL_TASK));
        }
        if (largestK >= 0) {
            presets.add(new AxesPreset(GAP_VS_ICL + " (k=" + largestK + ")", gap,
                    MetricKeys.inContext(largestK, MetricKeys.ICL_TASK)));
        }
        List<String> flatness = flatnessMeasures(metrics);
        if (metrics.contains(MetricKeys.FINE_TUNING_LOSS) && !flatness.isEmpty()) {
            presets.add(new AxesPreset(FLATNESS_VS_FINE_TUNING, flatness.get(0), MetricKeys.FINE_TUNING_LOSS));
        }
        if (metrics.contains(RunRow.OOD_R1)) {
            presets.add(new AxesPreset(GAP_VS_OOD, gap, RunRow.OOD_R1));
        }
        return presets;
    }

    /**
     * The flatness measures among the metrics, the reparametrisation-invariant one first: every
     * Hessian measurement but its standard errors and probe counts (measures added later, e.g.
     * after the fine-tuning, appear without a change here).
     */
    public static List<String> flatnessMeasures(List<String> metrics) {
        List<String> measures = new ArrayList<>();
        if (metrics.contains(MetricKeys.RELATIVE_FLATNESS)) {
            measures.add(MetricKeys.RELATIVE_FLATNESS);
        }
        for (String metric : metrics) {
            if (metric.startsWith(MetricKeys.HESSIAN) && !metric.endsWith(".stderr") && !metric.endsWith(".probes")
                    && !measures.contains(metric)) {
                measures.add(metric);
            }
        }
        return measures;
    }

    /** An axis title for a metric: {@code icl.k3.task} → "ICL accuracy, k=3 (context's task)". */
    public static String label(String metric) {
        if (IdentifiabilityProvider.GAP_PERCENT.equals(metric)) {
            return metric;
        }
        int k = MetricKeys.inContextExamples(metric, MetricKeys.ICL_TASK);
        if (k >= 0) {
            return "ICL accuracy, k=" + k + " (context's task)";
        }
        k = MetricKeys.inContextExamples(metric, MetricKeys.ICL_ANY_TASK);
        if (k >= 0) {
            return "ICL accuracy, k=" + k + " (any task)";
        }
        if (metric.equals(MetricKeys.HESSIAN_TRACE)) {
            return "Hessian trace";
        }
        if (metric.equals(MetricKeys.RELATIVE_FLATNESS)) {
            return "relative flatness";
        }
        if (metric.startsWith(MetricKeys.HESSIAN)) {
            return "Hessian " + metric.substring(MetricKeys.HESSIAN.length());
        }
        if (metric.equals(MetricKeys.FINE_TUNING_LOSS)) {
            return "fine-tuning loss";
        }
        if (metric.startsWith(MetricKeys.FINE_TUNING)) {
            return "fine-tuning " + SaturationComposite.pretty(metric.substring(MetricKeys.FINE_TUNING.length()));
        }
        return SaturationComposite.pretty(metric);
    }
}
