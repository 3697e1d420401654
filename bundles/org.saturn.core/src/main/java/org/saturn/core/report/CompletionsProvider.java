package org.saturn.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.saturn.core.store.CompletionRow;
import org.saturn.core.store.CompletionsLog;
import org.saturn.core.store.RunDirectory;

/**
 * The Completions view's data: a run's evaluation steps with stored completions, the rows of one
 * step, per prompt set how many finished and how often each rule held, and the next-token
 * probabilities along one row as a matrix.
 */
public final class CompletionsProvider {

    /** One evaluation step of a run; {@link #isEmpty()} when the run has no completions (yet). */
    public record Page(RunDirectory run, List<Long> steps, long step, List<String> vocabulary, List<CompletionRow> rows) {

        public boolean isEmpty() {
            return steps.isEmpty();
        }

        /** Rule names over all rows, sorted (the table's rule columns). */
        public List<String> rules() {
            TreeSet<String> names = new TreeSet<>();
            rows.forEach(r -> names.addAll(r.rules().keySet()));
            return List.copyOf(names);
        }
    }

    /** Per prompt set: rows, finished rows, and the fraction of finished rows where each rule holds. */
    public record SetSummary(String set, int rows, int finished, Map<String, Double> ruleAccuracy) {
    }

    /** Next-token probabilities along prompt + completion: row i follows {@code contexts.get(i)}. */
    public record HeatMap(List<String> contexts, List<String> vocabulary, double[][] probabilities) {

        public boolean isEmpty() {
            return probabilities.length == 0;
        }
    }

    private CompletionsProvider() {
    }

    /** The page of {@code step}, or of the latest step when {@code step} is negative or not stored. */
    public static Page page(RunDirectory run, long step) {
        List<Long> steps = CompletionsLog.steps(run.path());
        if (steps.isEmpty()) {
            return new Page(run, steps, -1, List.of(), List.of());
        }
        long shown = steps.contains(step) ? step : steps.get(steps.size() - 1);
        return new Page(run, steps, shown, CompletionsLog.vocabulary(run.path(), shown),
                CompletionsLog.read(run.path(), shown));
    }

    /**
     * Accuracies over finished rows only (the papers' convention), so they sit beside the finished
     * fraction; sets in first-seen order.
     */
    public static List<SetSummary> summaries(List<CompletionRow> rows) {
        List<String> sets = rows.stream().map(CompletionRow::set).distinct().toList();
        List<SetSummary> summaries = new ArrayList<>();
        for (String set : sets) {
            List<CompletionRow> inSet = rows.stream().filter(r -> r.set().equals(set)).toList();
            List<CompletionRow> finished = inSet.stream().filter(CompletionRow::finished).toList();
            TreeSet<String> rules = new TreeSet<>();
            inSet.forEach(r -> rules.addAll(r.rules().keySet()));
            Map<String, Double> accuracy = new java.util.LinkedHashMap<>();
            for (String rule : rules) {
                long holds = finished.stream().filter(r -> Boolean.TRUE.equals(r.rules().get(rule))).count();
                accuracy.put(rule, finished.isEmpty() ? Double.NaN : (double) holds / finished.size());
            }
            summaries.add(new SetSummary(set, inSet.size(), finished.size(), accuracy));
        }
        return summaries;
    }

    /** The matrix of one row; the context of row i is SOS followed by the first i symbols. */
    public static HeatMap heatMap(CompletionRow row, List<String> vocabulary) {
        List<String> symbols = new ArrayList<>(row.prompt());
        symbols.addAll(row.completion());
        int rows = row.probabilities().size();
        List<String> contexts = new ArrayList<>();
        double[][] matrix = new double[rows][];
        for (int i = 0; i < rows; i++) {
            contexts.add(i == 0 ? "SOS" : symbols.get(Math.min(i, symbols.size()) - 1));
            matrix[i] = row.probabilities().get(i).clone();
        }
        List<String> columns = vocabulary.size() == (rows == 0 ? vocabulary.size() : matrix[0].length) ? vocabulary
                : numbered(rows == 0 ? 0 : matrix[0].length);
        return new HeatMap(contexts, columns, matrix);
    }

    private static List<String> numbered(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("#" + i);
        }
        return names;
    }
}
