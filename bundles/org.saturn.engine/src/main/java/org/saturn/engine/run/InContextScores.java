package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Vocabulary;
import org.saturn.core.lang.mixture.MixtureGenerator;
import org.saturn.core.lang.mixture.Mixtures;
import org.saturn.core.metrics.InContextMetrics;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;
import org.saturn.engine.model.LanguageModel;

/**
 * The in-context-learning metrics of every seed of a model on a mixture (case study 2): each
 * in-context prompt's completion (decoded once, with the ID/OOD prompt sets, by
 * {@link CompletionScores}) read up to {@link #budget} tokens, one word and the delimiter or EOS
 * after it, and scored by the core ({@link InContextMetrics}) per k.
 */
final class InContextScores {

    private InContextScores() {
    }

    /** The prompts scored for in-context learning, in the prompt set's order; none when the language is no mixture. */
    static List<Prompt> queries(Language language, PromptSet prompts) {
        if (Mixtures.of(language).isEmpty()) {
            return List.of();
        }
        return prompts.prompts().stream().filter(p -> p.inContext() != null).toList();
    }

    /**
     * The tokens an in-context answer needs: the longest task word and the delimiter or EOS after
     * it, at most the room after the longest query; 0 when there is nothing to score.
     */
    static int budget(LanguageModel model, Language language, PromptSet prompts) {
        List<Prompt> queries = queries(language, prompts);
        if (queries.isEmpty()) {
            return 0;
        }
        MixtureGenerator mixture = Mixtures.of(language).orElseThrow();
        int longest = 0;
        for (Prompt query : queries) {
            longest = Math.max(longest, language.vocabulary().encode(query.prefix(), false).length);
        }
        return Math.min(mixture.maxTaskWordLength() + 1, model.sequenceLength() - longest);
    }

    /**
     * Adds the {@code icl.k*} metrics to each seed's values; nothing when the language is no mixture
     * or has no in-context prompts.
     *
     * @param completions per seed, every query's completion (decoded with at least {@link #budget}
     *                    new tokens), keyed by the very {@link Prompt} object of {@code prompts}
     */
    static void score(LanguageModel model, Language language, PromptSet prompts,
            List<IdentityHashMap<Prompt, int[]>> completions, String prefix, List<Map<String, Double>> values) {
        List<Prompt> queries = queries(language, prompts);
        if (queries.isEmpty()) {
            return;
        }
        int budget = budget(model, language, prompts);
        Vocabulary vocabulary = language.vocabulary();
        for (int slot = 0; slot < model.seedCount(); slot++) {
            List<InContextMetrics.Answer> answers = new ArrayList<>();
            List<Boolean> finished = new ArrayList<>();
            for (Prompt query : queries) {
                int[] decoded = completions.get(slot).get(query);
                if (decoded == null) {
                    throw new IllegalStateException("the in-context prompt '" + query.prefix() + "' was not decoded");
                }
                // what a decoding with this budget alone would have produced (greedy: exactly)
                int[] answer = Arrays.copyOf(decoded, Math.min(decoded.length, budget));
                boolean ended = false;
                for (int token : answer) {
                    ended |= token == Vocabulary.EOS;
                }
                answers.add(new InContextMetrics.Answer(query, vocabulary.decode(answer)));
                finished.add(ended);
            }
            Map<String, Double> own = values.get(slot);
            InContextMetrics.of(language, answers, finished).forEach((key, value) -> own.put(prefix + key, value));
        }
    }
}
