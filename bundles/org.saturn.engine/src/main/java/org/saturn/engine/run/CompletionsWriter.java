package org.saturn.engine.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Vocabulary;
import org.saturn.core.metrics.Completion;
import org.saturn.core.metrics.MetricNames;
import org.saturn.core.metrics.PromptSetMetrics;
import org.saturn.core.store.CompletionRow;
import org.saturn.core.store.CompletionsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.engine.model.LanguageModel;

/**
 * Writes each evaluation's completions into the run store ({@link CompletionsLog}): one row per
 * prompt of every prompt set with the rules it satisfies and, when asked, the model's next-token
 * distribution at every position. The distributions come from one batched forward pass over the
 * completed sequences (causal, so it equals what the decoder saw), not from re-decoding.
 */
final class CompletionsWriter {

    /** Sequences per forward pass: bounds the memory of the probabilities for large prompt sets. */
    private static final int CHUNK = 256;

    /** One prompt set's completions at one evaluation; {@code set} is ID, OOD or SOS. */
    record SetCompletions(String set, List<Completion> completions) {
    }

    private final Language language;
    private final Vocabulary vocabulary;
    private final RunDirectory directory;
    private final List<String> vocabularyNames = new ArrayList<>();

    CompletionsWriter(Language language, RunDirectory directory) {
        this.language = language;
        this.vocabulary = language.vocabulary();
        this.directory = directory;
        for (int id = 0; id < vocabulary.size(); id++) {
            vocabularyNames.add(vocabulary.name(id));
        }
    }

    /**
     * Writes the completions of {@code step}; with a {@code model}, each row also gets the model's
     * distributions (null: rules only, a much smaller file).
     */
    void write(long step, List<SetCompletions> sets, LanguageModel model) {
        write(step, sets, model, 0);
    }

    /** As above for seed {@code slot} of a seed-batched model. */
    void write(long step, List<SetCompletions> sets, LanguageModel model, int slot) {
        List<Completion> all = new ArrayList<>();
        List<String> setOfRow = new ArrayList<>();
        for (SetCompletions set : sets) {
            all.addAll(set.completions());
            set.completions().forEach(c -> setOfRow.add(set.set()));
        }
        List<List<double[]>> probabilities = model == null ? null : probabilities(model, slot, all);
        List<CompletionRow> rows = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            Completion completion = all.get(i);
            rows.add(new CompletionRow(setOfRow.get(i), completion.prompt().symbols(),
                    completion.completion().symbols(), completion.finished(), rules(completion),
                    probabilities == null ? List.of() : probabilities.get(i)));
        }
        CompletionsLog.write(directory.path(), step, vocabularyNames, rows);
    }

    /**
     * Each rule metric of one completion, judged by the same code as the prompt set's accuracies
     * (so a file's rows average to the metrics in {@code metrics.csv}), also for an unfinished
     * completion. Keys have no spaces: {@code R2 completion} is stored as {@code R2-completion}.
     */
    Map<String, Boolean> rules(Completion completion) {
        Completion judged = new Completion(completion.prompt(), completion.completion(), true);
        Map<String, Boolean> rules = new LinkedHashMap<>();
        PromptSetMetrics.of(language, "one", List.of(judged)).accuracies()
                .forEach((metric, value) -> rules.put(key(metric), value == 1.0));
        return rules;
    }

    /** The row key of a metric name (the store's rule cells are space-separated). */
    static String key(String metric) {
        return metric.replace(MetricNames.COMPLETION_SUFFIX, "-completion").replace(' ', '-');
    }

    /**
     * Row t of sequence i is softmax of the logits after SOS and the first t symbols of prompt +
     * completion; an unfinished completion that fills the context has no row after its last token.
     */
    private List<List<double[]>> probabilities(LanguageModel model, int slot, List<Completion> completions) {
        int length = model.sequenceLength();
        List<List<double[]>> result = new ArrayList<>(completions.size());
        for (int from = 0; from < completions.size(); from += CHUNK) {
            int to = Math.min(completions.size(), from + CHUNK);
            int[][] sequences = new int[to - from][];
            int[] rows = new int[sequences.length];
            for (int i = from; i < to; i++) {
                int[] tokens = vocabulary.encode(completions.get(i).full(), false);
                rows[i - from] = Math.min(tokens.length, length - 1);
                sequences[i - from] = Arrays.copyOf(tokens, length); // PAD = 0 after the completion
            }
            float[][][] logits = model.logits(slot, sequences, rows);
            for (int i = 0; i < sequences.length; i++) {
                List<double[]> distributions = new ArrayList<>(rows[i]);
                for (int t = 0; t < rows[i]; t++) {
                    distributions.add(softmax(logits[i][t]));
                }
                result.add(distributions);
            }
        }
        return result;
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double[] p = new double[logits.length];
        double total = 0;
        for (int v = 0; v < logits.length; v++) {
            p[v] = Math.exp(logits[v] - max);
            total += p[v];
        }
        for (int v = 0; v < p.length; v++) {
            p[v] /= total;
        }
        return p;
    }

    /** Removes the files of evaluations after {@code step}: a run resuming there writes them again. */
    void removeAfter(long step) {
        for (long stored : CompletionsLog.steps(directory.path())) {
            if (stored > step) {
                try {
                    Files.deleteIfExists(CompletionsLog.file(directory.path(), stored));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + CompletionsLog.file(directory.path(), stored), e);
                }
            }
        }
    }
}
