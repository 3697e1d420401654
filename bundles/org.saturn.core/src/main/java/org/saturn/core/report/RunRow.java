package org.saturn.core.report;

import java.util.Locale;

import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;

/**
 * One run of the Runs tree: its folder and the values of its record that the tree shows, groups
 * and filters by. A snapshot, never edited: a changed record on disk gives a new row. Rows are
 * read straight from the record's XMI ({@link RecordReader#row}); the EMF record itself is built
 * only when someone asks for it ({@link #record()}, e.g. a group published to other views), from
 * the same bytes, so a Runs view of 10,000 runs holds 10,000 small rows, not 10,000 object graphs.
 */
public final class RunRow {

    /** Metric keys of the in- and out-of-distribution accuracy of the first rule. */
    public static final String ID_R1 = org.saturn.core.metrics.MetricKeys.IN_DISTRIBUTION + "R1";
    public static final String OOD_R1 = org.saturn.core.metrics.MetricKeys.outOfDistribution("R1");

    /** The message prefix of a run that {@code saturn slurm} queued on a cluster. */
    public static final String QUEUED_PREFIX = "queued:";

    /** Each status's text, by its value: asked for per run and repaint. */
    private static final String[] STATUS_TEXTS = new String[RunStatus.VALUES.stream().mapToInt(RunStatus::getValue).max()
            .orElse(0) + 1];

    static {
        for (RunStatus status : RunStatus.VALUES) {
            STATUS_TEXTS[status.getValue()] = status.getLiteral().toLowerCase(Locale.ROOT);
        }
    }

    private final RunDirectory run;
    private final String study;
    private final String group;
    private final String model;
    private final String regime;
    private final long seed;
    private final RunStatus status;
    private final long step;
    private final long totalSteps;
    private final String updatedAt;
    private final String message;
    /** The names of the record's metric summaries, in record order. */
    private final String[] metrics;
    /**
     * Where the record's numbers are in {@link #source}, as start and end offsets (-1 where the
     * record leaves a number at its default, 0): the optimal loss, then each summary's value at the
     * best evaluation and its maximum. Parsed when first asked for: a tree shows a few dozen rows,
     * and the losses' 17 digits make Double.parseDouble slow. Null for a row made from a record.
     */
    private final int[] numbers;
    /** The numbers in that order, once parsed. */
    private volatile double[] values;
    /** The record's XMI, for {@link #record()} and {@link #parameter}; null for a row made from a record. */
    private final byte[] source;
    private volatile RunRecord record;
    private volatile String[] parameters;

    RunRow(RunDirectory run, String study, String group, String model, String regime, long seed, RunStatus status,
            long step, long totalSteps, String updatedAt, String message, String[] metrics, int[] numbers,
            byte[] source) {
        this.run = run;
        this.study = study;
        this.group = group;
        this.model = model;
        this.regime = regime;
        this.seed = seed;
        this.status = status;
        this.step = step;
        this.totalSteps = totalSteps;
        this.updatedAt = updatedAt;
        this.message = message;
        this.metrics = metrics;
        this.numbers = numbers;
        this.source = source;
    }

    /** The row of a record read some other way (the store's own reader); the record is kept as it is. */
    public static RunRow of(RunDirectory run, RunRecord record) {
        int n = record.getSummaries().size();
        String[] metrics = new String[n];
        double[] values = new double[1 + 2 * n];
        values[0] = record.getOptimalLoss();
        for (int i = 0; i < n; i++) {
            MetricSummary summary = record.getSummaries().get(i);
            metrics[i] = summary.getMetric();
            values[1 + 2 * i] = summary.getAtBest();
            values[2 + 2 * i] = summary.getMax();
        }
        RunRow row = new RunRow(run, record.getStudy(), record.getGroup(), record.getModel(), record.getRegime(),
                record.getSeed(), record.getStatus(), record.getStep(), record.getTotalSteps(), record.getUpdatedAt(),
                record.getMessage(), metrics, null, null);
        row.values = values;
        row.record = record;
        return row;
    }

    public RunDirectory run() {
        return run;
    }

    /**
     * The full record (EMF), built on first use from the bytes this row was read from; like a record
     * the store loads, it remembers its file. Never edit it.
     */
    public RunRecord record() {
        RunRecord known = record;
        if (known == null) {
            synchronized (this) { // one record per row: a group's records compare by identity
                known = record;
                if (known == null) {
                    known = RecordReader.record(run, source);
                    record = known;
                }
            }
        }
        return known;
    }

    public String study() {
        return study;
    }

    public String group() {
        return group;
    }

    public String model() {
        return model;
    }

    public String regime() {
        return regime;
    }

    public long seed() {
        return seed;
    }

    public RunStatus status() {
        return status;
    }

    public long step() {
        return step;
    }

    public long totalSteps() {
        return totalSteps;
    }

    public double optimalLoss() {
        return values()[0];
    }

    /** The record's numbers, parsed on first use (a number that does not parse reads as NaN). */
    private double[] values() {
        double[] known = values;
        if (known == null) {
            known = new double[numbers.length / 2];
            for (int i = 0; i < known.length; i++) {
                int start = numbers[2 * i];
                known[i] = start < 0 ? 0 : RecordReader.number(source, start, numbers[2 * i + 1]);
            }
            values = known;
        }
        return known;
    }

    public String updatedAt() {
        return updatedAt;
    }

    public String message() {
        return message;
    }

    /** A parameter of the run's resolved configuration ({@code optimizer.lr}), or null. */
    public String parameter(String key) {
        String[] keysAndValues = parameterPairs();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (key.equals(keysAndValues[i])) {
                return keysAndValues[i + 1];
            }
        }
        return null;
    }

    /** The resolved configuration as key, value, key, value, ... (shared: do not change). */
    String[] parameterPairs() {
        String[] keysAndValues = parameters;
        if (keysAndValues == null) {
            keysAndValues = source != null ? RecordReader.parameters(source) : null;
            if (keysAndValues == null) { // a row of a record, or XMI only the store's reader reads
                RunRecord full = record();
                keysAndValues = new String[2 * full.getParameters().size()];
                for (int i = 0; i < full.getParameters().size(); i++) {
                    Parameter parameter = full.getParameters().get(i);
                    keysAndValues[2 * i] = parameter.getKey();
                    keysAndValues[2 * i + 1] = parameter.getValue();
                }
            }
            parameters = keysAndValues;
        }
        return keysAndValues;
    }

    /** Planned and waiting in a cluster queue ({@code saturn slurm}), not merely planned. */
    public boolean queued() {
        return status == RunStatus.PLANNED && message != null && message.startsWith(QUEUED_PREFIX);
    }

    /** {@code queued}, {@code planned}, {@code running}, {@code finished}, {@code failed} or {@code stopped}. */
    public String statusText() {
        return queued() ? "queued" : STATUS_TEXTS[status.getValue()];
    }

    public boolean ended() {
        return status == RunStatus.FINISHED || status == RunStatus.FAILED || status == RunStatus.STOPPED;
    }

    public double testLoss() {
        return metric(StudyReport.TEST_LOSS);
    }

    public double gapPercent() {
        double optimalLoss = optimalLoss();
        return optimalLoss > 0 ? 100 * (testLoss() - optimalLoss) / optimalLoss : Double.NaN;
    }

    /** The metric at the run's best evaluation (minimum test loss); NaN when the record has none. */
    public double metric(String key) {
        return value(key, true);
    }

    /** The metric at the best evaluation, or its maximum over evaluations; NaN when the record has none. */
    double value(String key, boolean best) {
        for (int i = 0; i < metrics.length; i++) {
            if (key.equals(metrics[i])) {
                return values()[best ? 1 + 2 * i : 2 + 2 * i];
            }
        }
        return Double.NaN;
    }

    /** The names of the record's metric summaries, in record order (shared: do not change). */
    String[] metricNames() {
        return metrics;
    }

    /** When the run ended (its record's last update), or null while it has not. */
    public String finishedAt() {
        return ended() ? updatedAt : null;
    }

    /** The run's tags and note ({@code saturn tag}), read from its folder now: tags change without the record. */
    public org.saturn.core.store.RunTags tags() {
        return org.saturn.core.store.RunTags.read(run.path());
    }

    @Override
    public String toString() {
        return run + " (" + statusText() + ")";
    }
}
