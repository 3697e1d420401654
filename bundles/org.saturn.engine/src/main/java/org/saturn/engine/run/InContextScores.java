package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Vocabulary;
import org.saturn.core.lang.mixture.MixtureGenerator;
import org.saturn.core.lang.mixture.Mixtures;
import org.saturn.core.metrics.InContextMetrics;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;
import org.saturn.engine.decode.Decoder;
import org.saturn.engine.model.LanguageModel;

/**
 * The in-context-learning metrics of every seed of a model on a mixture (case study 2): each
 * in-context prompt decoded for one word (up to the longest task word and the delimiter or EOS
 * after it), scored by the core ({@link InContextMetrics}) per k.
 */
final class InContextScores {

    private InContextScores() {
    }

    /** Adds the {@code icl.k*} metrics to each seed's values; nothing when the language is no mixture or has no in-context prompts. */
    static void score(Decoder decoder, LanguageModel model, Language language, PromptSet prompts, RunSettings settings,
            long[] samplingSeeds, String prefix, List<Map<String, Double>> values) {
        MixtureGenerator mixture = Mixtures.of(language).orElse(null);
        List<Prompt> queries = prompts.prompts().stream().filter(p -> p.inContext() != null).toList();
        if (mixture == null || queries.isEmpty()) {
            return;
        }
        Vocabulary vocabulary = language.vocabulary();
        int[][] encoded = new int[queries.size()][];
        int longest = 0;
        for (int i = 0; i < queries.size(); i++) {
            encoded[i] = vocabulary.encode(queries.get(i).prefix(), false);
            longest = Math.max(longest, encoded[i].length);
        }
        int budget = Math.min(mixture.maxTaskWordLength() + 1, model.sequenceLength() - longest);
        int[][][] generated = settings.decodeKind().equals("sample")
                ? decoder.sample(encoded, budget, settings.temperature(), samplingSeeds)
                : decoder.greedy(encoded, budget);
        for (int slot = 0; slot < model.seedCount(); slot++) {
            List<InContextMetrics.Answer> answers = new ArrayList<>();
            List<Boolean> finished = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                boolean ended = false;
                for (int token : generated[slot][i]) {
                    ended |= token == Vocabulary.EOS;
                }
                answers.add(new InContextMetrics.Answer(queries.get(i), vocabulary.decode(generated[slot][i])));
                finished.add(ended);
            }
            Map<String, Double> own = values.get(slot);
            InContextMetrics.of(language, answers, finished).forEach((key, value) -> own.put(prefix + key, value));
        }
    }
}
