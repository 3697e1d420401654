package org.saturn.core.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.results.RunRecord;

/**
 * The HTML report's figures (no dependencies: the report must open anywhere). Every figure colours a
 * group the same way ({@link Groups}), draws means with ± std over seeds and says n on hover.
 */
final class SvgCharts {

    private SvgCharts() {
    }

    /** One colour and one legend label per group, the same in every figure of a report. */
    static final class Groups {
        private final Map<GroupRow, String> colours = new LinkedHashMap<>();
        private final Map<GroupRow, String> labels = new LinkedHashMap<>();

        Groups(List<GroupRow> rows, Map<String, StudyColumns> columns) {
            boolean manyStudies = rows.stream().map(GroupRow::study).distinct().count() > 1;
            for (int g = 0; g < rows.size(); g++) {
                GroupRow row = rows.get(g);
                colours.put(row, SvgFigure.PALETTE[g % SvgFigure.PALETTE.length]);
                StringBuilder label = new StringBuilder(manyStudies ? row.study() + " " : "").append(row.model()).append(' ')
                        .append(row.regime());
                StudyColumns study = columns.get(row.study());
                if (study != null) {
                    study.varied().forEach(key -> label.append(' ').append(key.substring(key.lastIndexOf('.') + 1))
                            .append('=').append(StudyColumns.parameter(row, key)));
                }
                labels.put(row, label.toString());
            }
        }

        String colour(GroupRow row) {
            return colours.getOrDefault(row, SvgFigure.PALETTE[0]);
        }

        String label(GroupRow row) {
            return labels.getOrDefault(row, row.model() + " " + row.regime());
        }
    }

    /**
     * A metric against steps: per group the seed mean with its ± std band (hover: mean ± std, n at
     * each evaluation), optionally each group's exact optimum (dashed) or a chance level (grey band).
     */
    static String curves(String id, List<GroupRow> rows, Map<GroupRow, SaturationCurves> curves, Groups groups,
            String key, String yTitle, boolean optimum, Estimate chance) {
        SvgFigure figure = new SvgFigure(id, "training step", yTitle);
        if (chance != null || HtmlReport.ACCURACIES.contains(key)) {
            figure.yRange(0, 1); // an accuracy: a band's mean - std below 0 is cut, not the axis widened
        }
        Map<String, String> optima = new LinkedHashMap<>(); // one dashed line per distinct optimum
        for (GroupRow row : rows) {
            SaturationCurves group = curves.get(row);
            SeedBand band = group == null ? null : group.band(key);
            if (band == null || band.size() == 0) {
                continue;
            }
            double[] lower = new double[band.size()];
            double[] upper = new double[band.size()];
            List<String> hovers = new ArrayList<>();
            for (int i = 0; i < band.size(); i++) {
                lower[i] = band.lower(i);
                upper[i] = band.upper(i);
                hovers.add(String.format(Locale.ROOT, "%s · step %d: %s = %s (n=%d)", groups.label(row),
                        (long) band.steps()[i], key, meanStd(band.mean()[i], band.std()[i]), band.n()[i]));
            }
            figure.band(groups.colour(row), band.steps(), band.mean(), lower, upper, hovers);
            figure.legend(groups.colour(row), groups.label(row) + " (n=" + group.members().size() + ")", "band");
            if (optimum && Double.isFinite(group.optimalLoss())) {
                optima.merge(String.format(Locale.ROOT, "%.6g", group.optimalLoss()), groups.colour(row), (a, b) -> a);
            }
        }
        if (figure.isEmpty()) {
            return "";
        }
        boolean oneOptimum = optima.size() == 1;
        optima.forEach((value, colour) -> {
            double loss = Double.parseDouble(value);
            String hover = "exact optimal loss " + value;
            figure.horizontal(loss, oneOptimum ? "#000" : colour, true, hover);
            figure.legend(oneOptimum ? "#000" : colour, hover, "dashed");
        });
        if (chance != null) {
            String hover = chanceText(chance);
            figure.horizontalBand(chance.low(), chance.value(), chance.high(), hover);
            figure.legend(SvgFigure.CHANCE, hover, "chance");
        }
        if (key.equals(SaturationProvider.GAP_PERCENT)) {
            figure.horizontal(0, "#000", true, "0 %: the exact optimum");
            figure.legend("#000", "exact optimum (0 %)", "dashed");
        }
        return figure.svg();
    }

    static String chanceText(Estimate chance) {
        return chance.exact() ? String.format(Locale.ROOT, "chance level %.3g (exact)", chance.value())
                : String.format(Locale.ROOT, "chance level %.3g (95%% CI %.3g–%.3g)", chance.value(), chance.low(),
                        chance.high());
    }

    /**
     * Per group: each seed's best test loss (dots), their mean (diamond) with ± std error bars and the exact
     * optimum (dashed). No bars from zero: the axis spans the losses, so that a gap of 1 % stays visible.
     */
    static String lossAgainstOptimal(String id, List<GroupRow> rows, Groups groups) {
        if (rows.isEmpty()) {
            return "<p>no runs</p>";
        }
        List<String> names = new ArrayList<>();
        rows.forEach(row -> names.add(groups.label(row) + " (n=" + row.n() + ")"));
        SvgFigure figure = new SvgFigure(id, "group (n = seeds)", "best test loss (nats/token)").categories(names);
        for (int g = 0; g < rows.size(); g++) {
            GroupRow row = rows.get(g);
            String colour = groups.colour(row);
            GroupSummary loss = row.testLoss();
            String summary = String.format(Locale.ROOT, "%s: test loss %s (n=%d), optimum %.5f, gap %+.2f %%",
                    groups.label(row), meanStd(loss.mean(), loss.std()), loss.n(), row.optimalLoss(),
                    row.gapPercent().mean());
            // the seeds side by side left of centre, the mean with its error bar right of it: nothing hides
            List<RunRecord> runs = row.runs();
            for (int i = 0; i < runs.size(); i++) {
                RunRecord run = runs.get(i);
                double value = StudyReport.value(run, StudyReport.TEST_LOSS, true);
                figure.point(colour, g - 0.22 + 0.16 * i / Math.max(1, runs.size() - 1), value, 3.5, 0.9,
                        String.format(Locale.ROOT, "%s seed %d: %.5f", run.getRunId(), run.getSeed(), value));
            }
            figure.errorBars(colour, g + 0.1, loss.mean(), Double.NaN, Double.NaN,
                    Double.isNaN(loss.std()) ? Double.NaN : loss.mean() - loss.std(),
                    Double.isNaN(loss.std()) ? Double.NaN : loss.mean() + loss.std(), summary);
            figure.dash(g, row.optimalLoss(), 0.8, "#000",
                    String.format(Locale.ROOT, "exact optimal loss %.5f", row.optimalLoss()));
        }
        figure.legend("#000", "exact optimal loss", "dashed");
        figure.legend("#555", "mean ± std over seeds", "mean");
        figure.legend("#555", "one seed", "point");
        return figure.svg();
    }

    /**
     * One point per run: x = the gap of its best test loss to the optimum (%), y = the metric; per group
     * its mean with ± std error bars both ways.
     */
    static String nonIdentifiability(String id, List<GroupRow> rows, String metric, Groups groups) {
        return scatter(id, rows, groups, "test-loss gap to the optimum (%)", metric + " (at best test loss)", true,
                SvgCharts::gap, run -> StudyReport.value(run, metric, true));
    }

    /**
     * One point per run: x = a declared measure (e.g. flatness at the fine-tuning's start), y = another
     * (e.g. the fine-tuning loss), each under its declared summary; per group its mean ± std both ways.
     */
    static String scatter(String id, List<GroupRow> rows, Groups groups, DeclaredMetric xMetric, DeclaredMetric yMetric,
            ReportConventions conventions) {
        return scatter(id, rows, groups, xMetric.title(), yMetric.title(), false,
                run -> StudyColumns.value(run, xMetric, conventions), run -> StudyColumns.value(run, yMetric, conventions));
    }

    private static String scatter(String id, List<GroupRow> rows, Groups groups, String xTitle, String yTitle,
            boolean accuracy, Function<RunRecord, Double> xOf, Function<RunRecord, Double> yOf) {
        SvgFigure figure = new SvgFigure(id, xTitle, yTitle);
        if (accuracy) {
            figure.yRange(0, 1); // an error bar below 0 or above 1 is cut, not the axis widened
        }
        for (GroupRow row : rows) {
            String colour = groups.colour(row);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (RunRecord run : row.runs()) {
                double x = xOf.apply(run);
                double y = yOf.apply(run);
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    xs.add(x);
                    ys.add(y);
                    figure.point(colour, x, y, 4.5, 0.75, String.format(Locale.ROOT, "%s seed %d: %s %.4g, %s %.4g",
                            run.getRunId(), run.getSeed(), xTitle, x, yTitle, y));
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            GroupSummary x = GroupSummary.of(xs.stream().mapToDouble(Double::doubleValue).toArray());
            GroupSummary y = GroupSummary.of(ys.stream().mapToDouble(Double::doubleValue).toArray());
            boolean spread = !Double.isNaN(x.std());
            figure.errorBars(colour, x.mean(), y.mean(), spread ? x.mean() - x.std() : Double.NaN,
                    spread ? x.mean() + x.std() : Double.NaN, spread ? y.mean() - y.std() : Double.NaN,
                    spread ? y.mean() + y.std() : Double.NaN,
                    String.format(Locale.ROOT, "%s: %s %s, %s %s (n=%d)", groups.label(row), xTitle,
                            meanStd(x.mean(), x.std()), yTitle, meanStd(y.mean(), y.std()), x.n()));
            figure.legend(colour, groups.label(row) + " (n=" + x.n() + ")", "point");
        }
        if (figure.isEmpty()) {
            return "<p>no run has both measures yet</p>";
        }
        figure.legend("#555", "group mean ± std over seeds", "mean");
        return figure.svg();
    }

    private static double gap(RunRecord run) {
        double loss = StudyReport.value(run, StudyReport.TEST_LOSS, true);
        return 100 * (loss - run.getOptimalLoss()) / run.getOptimalLoss();
    }

    static String meanStd(double mean, double std) {
        return Double.isNaN(std) ? String.format(Locale.ROOT, "%.5g", mean)
                : String.format(Locale.ROOT, "%.5g ± %.2g", mean, std);
    }
}
