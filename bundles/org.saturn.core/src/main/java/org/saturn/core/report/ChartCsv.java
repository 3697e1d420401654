package org.saturn.core.report;

import java.util.List;
import java.util.Locale;

import org.saturn.core.report.IdentifiabilityProvider.GroupPoints;
import org.saturn.core.report.IdentifiabilityProvider.RunPoint;

/** The data behind the workbench's charts as CSV (RFC 4180 quoting), for analysis elsewhere. */
public final class ChartCsv {

    private ChartCsv() {
    }

    /**
     * Long format, one value per line: every member run's series ({@code series=run}) and, for
     * groups, the seed mean with its std and n ({@code series=seed mean}).
     */
    public static String saturation(List<SaturationCurves> entries) {
        StringBuilder csv = new StringBuilder("entry,series,run,seed,key,step,value,std,n,optimal_loss\n");
        for (SaturationCurves entry : entries) {
            for (RunCurves member : entry.members()) {
                for (MetricSeries s : member.series().values()) {
                    for (int i = 0; i < s.size(); i++) {
                        row(csv, entry.label(), "run", member.run().toString(), Long.toString(member.seed()), s.key(),
                                number(s.steps()[i]), number(s.values()[i]), "", "", number(member.optimalLoss()));
                    }
                }
            }
            for (SeedBand band : entry.bands().values()) {
                for (int i = 0; i < band.size(); i++) {
                    row(csv, entry.label(), "seed mean", "", "", band.key(), number(band.steps()[i]), number(band.mean()[i]),
                            number(band.std()[i]), Integer.toString(band.n()[i]), number(entry.optimalLoss()));
                }
            }
        }
        return csv.toString();
    }

    /** One line per run and one {@code mean} line per group, with the two metrics as named columns. */
    public static String identifiability(List<GroupPoints> groups, String xMetric, String yMetric) {
        StringBuilder csv = new StringBuilder();
        row(csv, "group", "label", "run", "seed", xMetric, yMetric, "y_std", "n");
        for (GroupPoints group : groups) {
            for (RunPoint point : group.points()) {
                row(csv, group.group(), group.label(), point.run().toString(), Long.toString(point.seed()), number(point.x()),
                        number(point.y()), "", "");
            }
            row(csv, group.group(), group.label(), "mean", "", number(group.x().mean()), number(group.y().mean()),
                    number(group.y().std()), Integer.toString(group.y().n()));
        }
        return csv.toString();
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.8g", value).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                .replaceAll("\\.$", "");
    }

    private static void row(StringBuilder csv, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(quote(cells[i]));
        }
        csv.append('\n');
    }

    static String quote(String cell) {
        if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }
}
