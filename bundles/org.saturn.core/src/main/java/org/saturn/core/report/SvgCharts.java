package org.saturn.core.report;

import java.util.List;
import java.util.Locale;

import org.saturn.core.results.RunRecord;

/** Small SVG charts for the HTML report (no dependencies: the report must open anywhere). */
final class SvgCharts {

    private static final String[] COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b" };
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 60;

    private SvgCharts() {
    }

    /** Per group: each seed's test loss (dots), the mean (bar), and the optimal loss (dashed line). */
    static String lossAgainstOptimal(List<GroupRow> rows) {
        if (rows.isEmpty()) {
            return "<p>no runs</p>";
        }
        double top = 0;
        for (GroupRow row : rows) {
            top = Math.max(top, row.optimalLoss());
            for (RunRecord run : row.runs()) {
                top = Math.max(top, finite(StudyReport.value(run, StudyReport.TEST_LOSS, true)));
            }
        }
        top *= 1.15;
        StringBuilder svg = open();
        double slot = (WIDTH - 2.0 * MARGIN) / rows.size();
        for (int g = 0; g < rows.size(); g++) {
            GroupRow row = rows.get(g);
            double x = MARGIN + slot * (g + 0.5);
            double mean = row.testLoss().mean();
            if (!Double.isNaN(mean)) {
                double y = y(mean, top);
                svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s' opacity='0.35'/>",
                        x - slot * 0.3, y, slot * 0.6, HEIGHT - MARGIN - y, COLOURS[g % COLOURS.length]));
            }
            for (RunRecord run : row.runs()) {
                double loss = StudyReport.value(run, StudyReport.TEST_LOSS, true);
                if (!Double.isNaN(loss)) {
                    svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='4' fill='%s'/>", x, y(loss, top),
                            COLOURS[g % COLOURS.length]));
                }
            }
            double optimal = y(row.optimalLoss(), top);
            svg.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%.1f' y2='%.1f' stroke='black' stroke-dasharray='5,3'/>",
                    x - slot * 0.45, x + slot * 0.45, optimal, optimal));
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>", x,
                    HEIGHT - MARGIN + 16, ReportFormats.escape(row.model() + " " + row.regime())));
        }
        axisLabels(svg, "test loss (nats/token); dashed: exact optimal loss", 0, top);
        return svg.append("</svg>").toString();
    }

    /** One point per run: x = gap of its best test loss to the optimum (%), y = the metric, coloured by group. */
    static String nonIdentifiability(List<GroupRow> rows, String metric) {
        double right = 1;
        for (GroupRow row : rows) {
            for (RunRecord run : row.runs()) {
                right = Math.max(right, gap(run));
            }
        }
        right *= 1.1;
        StringBuilder svg = open();
        int legend = 0;
        for (int g = 0; g < rows.size(); g++) {
            GroupRow row = rows.get(g);
            String colour = COLOURS[g % COLOURS.length];
            for (RunRecord run : row.runs()) {
                double value = StudyReport.value(run, metric, true);
                double gap = gap(run);
                if (!Double.isNaN(value) && !Double.isNaN(gap)) {
                    double x = MARGIN + (WIDTH - 2.0 * MARGIN) * Math.max(0, gap) / right;
                    svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='5' fill='%s'><title>%s seed %d</title></circle>",
                            x, y(value, 1.05), colour, ReportFormats.escape(run.getRunId()), run.getSeed()));
                }
            }
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' fill='%s'>● %s</text>", WIDTH - MARGIN - 150,
                    MARGIN + 14 * legend++, colour, ReportFormats.escape(row.model() + " " + row.regime())));
        }
        axisLabels(svg, metric + " (at best test loss)", 0, 1.05);
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' text-anchor='middle'>test-loss gap to the optimum (%%), 0 … %.1f</text>",
                WIDTH / 2, HEIGHT - 15, right));
        return svg.append("</svg>").toString();
    }

    /**
     * One point per run: x = a declared measure (e.g. flatness at the fine-tuning's start), y =
     * another (e.g. the fine-tuning loss), each under its declared summary; coloured by group, the
     * legend naming each group's varied parameters. Axes span the runs' values.
     */
    static String scatter(List<GroupRow> rows, StudyColumns study, DeclaredMetric xMetric, DeclaredMetric yMetric,
            ReportConventions conventions) {
        double left = Double.POSITIVE_INFINITY;
        double right = Double.NEGATIVE_INFINITY;
        double bottom = Double.POSITIVE_INFINITY;
        double top = Double.NEGATIVE_INFINITY;
        for (GroupRow row : rows) {
            for (RunRecord run : row.runs()) {
                double x = StudyColumns.value(run, xMetric, conventions);
                double y = StudyColumns.value(run, yMetric, conventions);
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    bottom = Math.min(bottom, y);
                    top = Math.max(top, y);
                }
            }
        }
        StringBuilder svg = open();
        if (left > right) {
            return svg.append("<text x='80' y='100' font-size='12'>no run has both measures yet</text></svg>").toString();
        }
        double xPad = right > left ? 0.05 * (right - left) : Math.max(1e-9, 0.05 * Math.abs(left));
        double yPad = top > bottom ? 0.05 * (top - bottom) : Math.max(1e-9, 0.05 * Math.abs(bottom));
        left -= xPad;
        right += xPad;
        bottom -= yPad;
        top += yPad;
        int legend = 0;
        for (int g = 0; g < rows.size(); g++) {
            GroupRow row = rows.get(g);
            String colour = COLOURS[g % COLOURS.length];
            for (RunRecord run : row.runs()) {
                double x = StudyColumns.value(run, xMetric, conventions);
                double y = StudyColumns.value(run, yMetric, conventions);
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='5' fill='%s'><title>%s seed %d: "
                            + "%.4g, %.4g</title></circle>", MARGIN + (WIDTH - 2.0 * MARGIN) * (x - left) / (right - left),
                            HEIGHT - MARGIN - (HEIGHT - 1.5 * MARGIN) * (y - bottom) / (top - bottom), colour,
                            ReportFormats.escape(run.getRunId()), run.getSeed(), x, y));
                }
            }
            StringBuilder label = new StringBuilder(row.model());
            study.varied().forEach(key -> label.append(' ').append(key.substring(key.lastIndexOf('.') + 1)).append('=')
                    .append(StudyColumns.parameter(row, key)));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' fill='%s'>● %s</text>",
                    WIDTH - MARGIN - 230, MARGIN / 2 + 12 + 13 * legend++, colour, ReportFormats.escape(label.toString())));
        }
        axisLabels(svg, yMetric.title(), bottom, top);
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' text-anchor='middle'>%s, %.3g … %.3g</text>",
                WIDTH / 2, HEIGHT - 15, ReportFormats.escape(xMetric.title()), left, right));
        return svg.append("</svg>").toString();
    }

    private static double gap(RunRecord run) {
        double loss = StudyReport.value(run, StudyReport.TEST_LOSS, true);
        return 100 * (loss - run.getOptimalLoss()) / run.getOptimalLoss();
    }

    private static StringBuilder open() {
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' style='background:#fff'>", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>", MARGIN, HEIGHT - MARGIN,
                WIDTH - MARGIN, HEIGHT - MARGIN));
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>", MARGIN, MARGIN / 2, MARGIN,
                HEIGHT - MARGIN));
        return svg;
    }

    private static void axisLabels(StringBuilder svg, String label, double bottom, double top) {
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='end'>%.3g</text>", MARGIN - 4,
                MARGIN / 2 + 4, top));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='end'>%.3g</text>", MARGIN - 4,
                HEIGHT - MARGIN, bottom));
        svg.append(String.format(Locale.ROOT, "<text x='14' y='%d' font-size='12' transform='rotate(-90 14 %d)' text-anchor='middle'>%s</text>",
                HEIGHT / 2, HEIGHT / 2, ReportFormats.escape(label)));
    }

    private static double y(double value, double top) {
        return HEIGHT - MARGIN - (HEIGHT - MARGIN - MARGIN / 2.0) * value / top;
    }

    private static double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? 0 : value;
    }
}
