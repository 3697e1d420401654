package org.saturn.core.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunStore;

/**
 * The columns a study adds to its report: the parameters its {@code vary} lines sweep (read from the
 * runs' resolved parameters, so stores planned before declarations existed show them too) and the
 * metrics its {@code metric} lines declare, each with its declared summary.
 *
 * <p>A parameter is varied when two runs of the study with the same model and regime differ in it
 * other than by their seed: models and regimes have columns of their own, and a model's size set in
 * the model (not swept) would otherwise look varied.
 */
public record StudyColumns(String study, List<String> varied, List<DeclaredMetric> declared) {

    public StudyColumns {
        varied = List.copyOf(varied);
        declared = List.copyOf(declared);
    }

    /** Whether the study adds anything to the report. */
    public boolean isEmpty() {
        return varied.isEmpty() && declared.isEmpty();
    }

    /** The columns of each study of the rows (in row order), with the store's declarations. */
    public static Map<String, StudyColumns> of(List<GroupRow> rows, RunStore store) {
        return of(rows, study -> StudyDeclarations.read(store, study));
    }

    /** As {@link #of(List, RunStore)}, with only the varied parameters (no declarations known). */
    public static Map<String, StudyColumns> of(List<GroupRow> rows) {
        return of(rows, study -> Optional.empty());
    }

    public static Map<String, StudyColumns> of(List<GroupRow> rows,
            Function<String, Optional<StudyDeclarations>> declarations) {
        Map<String, List<GroupRow>> byStudy = new LinkedHashMap<>();
        rows.forEach(row -> byStudy.computeIfAbsent(row.study(), s -> new ArrayList<>()).add(row));
        Map<String, StudyColumns> columns = new LinkedHashMap<>();
        byStudy.forEach((study, groups) -> columns.put(study, new StudyColumns(study, varied(groups),
                declarations.apply(study).map(StudyDeclarations::metrics).orElse(List.of()))));
        return columns;
    }

    /** The study's varied parameter keys, sorted. */
    static List<String> varied(List<GroupRow> groups) {
        List<RunParameters> runs = new ArrayList<>();
        for (GroupRow group : groups) {
            for (RunRecord run : group.runs()) {
                String[] pairs = new String[2 * run.getParameters().size()];
                for (int i = 0; i < run.getParameters().size(); i++) {
                    pairs[2 * i] = run.getParameters().get(i).getKey();
                    pairs[2 * i + 1] = run.getParameters().get(i).getValue();
                }
                runs.add(new RunParameters(run.getModel(), run.getRegime(), pairs));
            }
        }
        return variedOf(runs);
    }

    /** The varied keys of the Runs tree's rows of one study (read from their XMI, no EMF records built). */
    static List<String> variedOfRows(List<RunRow> rows) {
        return variedOf(rows.stream().map(row -> new RunParameters(row.model(), row.regime(), row.parameterPairs()))
                .toList());
    }

    /** A run's model, regime and resolved parameters as key, value, key, value, .... */
    private record RunParameters(String model, String regime, String[] pairs) {
    }

    private static List<String> variedOf(List<RunParameters> runs) {
        // per model and regime: each key's first value; a key seen with another value is varied
        Map<String, Map<String, String>> firstValues = new HashMap<>();
        TreeSet<String> varied = new TreeSet<>();
        for (RunParameters run : runs) {
            Map<String, String> first = firstValues.computeIfAbsent(run.model() + "\u0000" + run.regime(),
                    k -> new HashMap<>());
            for (int i = 0; i < run.pairs().length; i += 2) {
                String key = run.pairs()[i];
                if (shown(key)) {
                    String known = first.putIfAbsent(key, run.pairs()[i + 1]);
                    if (known != null && !known.equals(run.pairs()[i + 1])) {
                        varied.add(key);
                    }
                }
            }
        }
        // a key some runs lack (a sweep over a parameter only some models have) is varied too
        for (RunParameters run : runs) {
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < run.pairs().length; i += 2) {
                keys.add(run.pairs()[i]);
            }
            firstValues.get(run.model() + "\u0000" + run.regime()).keySet().stream().filter(key -> !keys.contains(key))
                    .forEach(varied::add);
        }
        return new ArrayList<>(varied);
    }

    /** Keys that are never a column: the seed (the group's own axis) and definition texts (their name is one). */
    private static boolean shown(String key) {
        return !key.equals(RunConfig.SEED) && !key.equals(RunConfig.REGIME) && !key.endsWith(".definition");
    }

    /** The group's value of a parameter (its runs differ only by the seed), or "–" when it has none. */
    public static String parameter(GroupRow group, String key) {
        return group.runs().isEmpty() ? "–" : Objects.requireNonNullElse(parameter(group.runs().get(0), key), "–");
    }

    private static String parameter(RunRecord run, String key) {
        for (Parameter parameter : run.getParameters()) {
            if (parameter.getKey().equals(key)) {
                return parameter.getValue();
            }
        }
        return null;
    }

    /**
     * The declared metric over the group's seeds: each run's value under the declared summary (a run
     * without the metric is left out), under the report's conventions for rule accuracies.
     */
    public static GroupSummary summary(GroupRow group, DeclaredMetric metric, ReportConventions conventions) {
        return GroupSummary.of(group.runs().stream().mapToDouble(run -> value(run, metric, conventions)).toArray());
    }

    /** One run's value of the declared metric; NaN when the run has not measured it. */
    public static double value(RunRecord run, DeclaredMetric metric, ReportConventions conventions) {
        MetricSummary summary = summary(run, metric.key());
        return summary == null ? Double.NaN : conventions.apply(metric.key(), metric.of(summary));
    }

    /**
     * The mean over the group's runs of each run's own standard error of the metric (the estimator's,
     * e.g. the Hutchinson trace's), taken as the metric is; NaN when the metric has none.
     */
    public static double estimatorStderr(GroupRow group, DeclaredMetric metric) {
        if (metric.stderrKey() == null) {
            return Double.NaN;
        }
        DeclaredMetric stderr = new DeclaredMetric(metric.name(), metric.stderrKey(), metric.summary(), false, null);
        GroupSummary values = summary(group, stderr, ReportConventions.SATURN);
        return values.n() == 0 ? Double.NaN : values.mean();
    }

    /**
     * The run's summary of a declared metric's key. Two declared quantities have no series of their
     * own and are derived: {@code gap.percent} from the test loss and the run's optimal loss (the gap
     * is an increasing function of the test loss, so its last, min, max and at-best values are the
     * test loss's, mapped), and {@code iclAccuracy} is the task accuracy at the most in-context
     * examples the run measured ({@code icl.kK.task} with the largest K).
     */
    static MetricSummary summary(RunRecord run, String key) {
        MetricSummary own = recorded(run, key);
        if (own != null) {
            return own;
        }
        if (key.equals(MetricKeys.GAP_PERCENT)) {
            return gap(run);
        }
        if (key.equals(MetricKeys.ICL_ACCURACY) || key.equals(MetricKeys.FINE_TUNING + MetricKeys.ICL_ACCURACY)) {
            String prefix = key.startsWith(MetricKeys.FINE_TUNING) ? MetricKeys.FINE_TUNING : "";
            MetricSummary most = null;
            int mostExamples = -1;
            for (MetricSummary summary : run.getSummaries()) {
                String metric = summary.getMetric();
                if (metric.startsWith(prefix)) {
                    int k = MetricKeys.inContextExamples(metric.substring(prefix.length()), MetricKeys.ICL_TASK);
                    if (k > mostExamples) {
                        mostExamples = k;
                        most = summary;
                    }
                }
            }
            return most;
        }
        return null;
    }

    private static MetricSummary recorded(RunRecord run, String key) {
        for (MetricSummary summary : run.getSummaries()) {
            if (summary.getMetric().equals(key)) {
                return summary;
            }
        }
        return null;
    }

    /** The gap in percent of the optimum, from the test loss's summary; null without either. */
    private static MetricSummary gap(RunRecord run) {
        MetricSummary testLoss = recorded(run, MetricKeys.TEST_LOSS);
        double optimal = run.getOptimalLoss();
        if (testLoss == null || !(optimal > 0) || Double.isInfinite(optimal)) {
            return null;
        }
        MetricSummary gap = ResultsFactory.eINSTANCE.createMetricSummary();
        gap.setMetric(MetricKeys.GAP_PERCENT);
        gap.setLast(100 * (testLoss.getLast() - optimal) / optimal);
        gap.setMin(100 * (testLoss.getMin() - optimal) / optimal);
        gap.setMax(100 * (testLoss.getMax() - optimal) / optimal);
        gap.setAtBest(100 * (testLoss.getAtBest() - optimal) / optimal);
        return gap;
    }
}
