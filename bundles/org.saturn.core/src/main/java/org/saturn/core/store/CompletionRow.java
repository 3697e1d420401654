package org.saturn.core.store;

import java.util.List;
import java.util.Map;

/**
 * One prompt's completion at one evaluation, as stored in {@code completions/step-N.tsv}.
 *
 * @param set          the prompt set: {@code ID}, {@code OOD} or {@code SOS}
 * @param prompt       the prompt's symbols, without SOS
 * @param completion   the generated symbols, without EOS
 * @param finished     whether the model produced EOS within the budget
 * @param rules        each rule metric (R1, R2, R2-completion, grammatical, ...) and whether it holds
 * @param probabilities optional: row i is the model's next-token distribution after SOS and the
 *                     first i symbols of prompt + completion, over {@link CompletionsLog#vocabulary}
 *                     order; empty when the evaluation did not record them
 */
public record CompletionRow(String set, List<String> prompt, List<String> completion, boolean finished,
        Map<String, Boolean> rules, List<double[]> probabilities) {

    public CompletionRow {
        prompt = List.copyOf(prompt);
        completion = List.copyOf(completion);
        rules = Map.copyOf(rules);
        probabilities = List.copyOf(probabilities);
    }
}
