package org.saturn.ui.views.incontext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.report.IdentifiabilityProvider;
import org.saturn.core.report.IdentifiabilityProvider.Aggregate;
import org.saturn.core.results.RunRecord;

/**
 * One group's in-context-learning accuracy against the number of examples k (case study 2): per
 * k, the accuracy on the context's task over the group's seeds, the mean accuracy on any task and
 * the chance level; each run's value taken as {@code aggregate} says (at the best checkpoint by
 * default, as {@code saturn report}). Headless: the view only draws it.
 *
 * @param examples the k with a value, ascending
 * @param task     per k, the context's-task accuracy over seeds (NaN runs left out of n)
 * @param anyTask  per k, the mean accuracy on any task's words
 * @param chance   per k, the mean chance level of the context's-task accuracy
 */
public record InContextCurves(String study, String group, String label, int[] examples, GroupSummary[] task,
        double[] anyTask, double[] chance) {

    /** The number of runs in the group. */
    public int runs() {
        int n = 0;
        for (GroupSummary summary : task) {
            n = Math.max(n, summary.n());
        }
        return n;
    }

    /**
     * The groups of these records (by study and group, in first-seen order) that have in-context
     * metrics; a group without any is left out.
     */
    public static List<InContextCurves> of(Collection<RunRecord> records, Aggregate aggregate) {
        Map<String, List<RunRecord>> groups = new LinkedHashMap<>();
        for (RunRecord record : records) {
            groups.computeIfAbsent(record.getStudy() + "/" + record.getGroup(), g -> new ArrayList<>()).add(record);
        }
        List<InContextCurves> curves = new ArrayList<>();
        for (List<RunRecord> members : groups.values()) {
            TreeSet<Integer> ks = new TreeSet<>();
            for (RunRecord record : members) {
                record.getSummaries().forEach(s -> {
                    int k = MetricKeys.inContextExamples(s.getMetric(), MetricKeys.ICL_TASK);
                    if (k >= 0) {
                        ks.add(k);
                    }
                });
            }
            if (ks.isEmpty()) {
                continue;
            }
            int[] examples = ks.stream().mapToInt(Integer::intValue).toArray();
            GroupSummary[] task = new GroupSummary[examples.length];
            double[] anyTask = new double[examples.length];
            double[] chance = new double[examples.length];
            for (int i = 0; i < examples.length; i++) {
                int k = examples[i];
                task[i] = GroupSummary.of(values(members, MetricKeys.inContext(k, MetricKeys.ICL_TASK), aggregate));
                anyTask[i] = GroupSummary.of(values(members, MetricKeys.inContext(k, MetricKeys.ICL_ANY_TASK), aggregate)).mean();
                // the chance level belongs to the prompts, not to a checkpoint: the best one's is as good as any
                chance[i] = GroupSummary.of(values(members, MetricKeys.inContext(k, MetricKeys.ICL_CHANCE), Aggregate.AT_BEST)).mean();
            }
            RunRecord first = members.get(0);
            curves.add(new InContextCurves(first.getStudy(), first.getGroup(),
                    first.getModel() + " " + first.getRegime() + " (n=" + members.size() + ")", examples, task, anyTask, chance));
        }
        return curves;
    }

    private static double[] values(List<RunRecord> members, String metric, Aggregate aggregate) {
        return members.stream().mapToDouble(r -> IdentifiabilityProvider.value(r, metric, aggregate)).toArray();
    }
}
