package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Vocabulary;
import org.saturn.core.metrics.Completion;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.metrics.MetricNames;
import org.saturn.core.metrics.PromptSetMetrics;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;
import org.saturn.engine.decode.Decoder;
import org.saturn.engine.model.LanguageModel;

/**
 * The rule metrics of every seed of a model on the ID, OOD and SOS-only prompts, from one decoding
 * pass, scored by the core per seed: the one evaluation of completions, for a run alone (one seed),
 * a seed-batched group and fine-tuning.
 */
final class CompletionScores {

    private CompletionScores() {
    }

    /**
     * @param samplingSeeds per seed of the model, the seed its sampled decoding uses alone
     * @param prefix        put before every key ("" for pre-training, "finetune." for fine-tuning)
     */
    static List<Map<String, Double>> score(LanguageModel model, Language language, PromptSet prompts,
            RunSettings settings, long[] samplingSeeds, String prefix) {
        return score(model, language, prompts, settings, samplingSeeds, prefix, null);
    }

    /** As above; {@code decoded}, when given, receives each seed's completions per prompt set (for the store). */
    static List<Map<String, Double>> score(LanguageModel model, Language language, PromptSet prompts,
            RunSettings settings, long[] samplingSeeds, String prefix,
            List<List<CompletionsWriter.SetCompletions>> decoded) {
        return score(new Decoder(model), model, language, prompts, settings, samplingSeeds, prefix, decoded);
    }

    /** As above, with the given decoder of {@code model} (tests count what it decodes). */
    static List<Map<String, Double>> score(Decoder decoder, LanguageModel model, Language language, PromptSet prompts,
            RunSettings settings, long[] samplingSeeds, String prefix,
            List<List<CompletionsWriter.SetCompletions>> decoded) {
        if (decoded != null) {
            decoded.clear();
            for (int s = 0; s < model.seedCount(); s++) {
                decoded.add(new ArrayList<>());
            }
        }
        List<Map<String, Double>> values = new ArrayList<>();
        for (int s = 0; s < model.seedCount(); s++) {
            values.add(new LinkedHashMap<>());
        }
        List<String> names = List.of(prefix + set(MetricKeys.IN_DISTRIBUTION), prefix + set(MetricKeys.OUT_OF_DISTRIBUTION),
                prefix + set(MetricKeys.SOS_ONLY));
        List<List<Prompt>> sets = List.of(prompts.inDistribution(), prompts.outOfDistribution(),
                PromptSet.sosOnly(language).prompts());
        List<String> labels = List.of("ID", "OOD", "SOS");
        // every set's prompts decoded together: one batch on the CPU kernels; the in-context prompts
        // (case study 2) are among the ID/OOD prompts and decoded once, long enough for both their
        // rule scores and their ICL answers, each read from the same completion cut to its own budget
        int inContextBudget = InContextScores.budget(model, language, prompts);
        List<int[][]> encoded = new ArrayList<>();
        int[] budgets = new int[sets.size()];
        int[] decodeBudgets = new int[sets.size()];
        for (int x = 0; x < sets.size(); x++) {
            encoded.add(encode(language.vocabulary(), sets.get(x)));
            budgets[x] = budget(model, settings, encoded.get(x));
            boolean inContext = sets.get(x).stream().anyMatch(p -> p.inContext() != null);
            decodeBudgets[x] = inContext ? Math.max(budgets[x], inContextBudget) : budgets[x];
        }
        List<int[][][]> generated = settings.decodeKind().equals("sample")
                ? decoder.sample(encoded, decodeBudgets, settings.temperature(), samplingSeeds)
                : decoder.greedy(encoded, decodeBudgets);
        List<IdentityHashMap<Prompt, int[]>> inContext = new ArrayList<>();
        for (int s = 0; s < model.seedCount(); s++) {
            inContext.add(new IdentityHashMap<>());
        }
        for (int x = 0; x < sets.size(); x++) {
            for (int s = 0; s < model.seedCount(); s++) {
                for (int i = 0; i < sets.get(x).size(); i++) {
                    if (sets.get(x).get(i).inContext() != null) {
                        inContext.get(s).put(sets.get(x).get(i), generated.get(x)[s][i]);
                    }
                }
            }
            scoreSet(model, language, names.get(x), sets.get(x), cut(generated.get(x), budgets[x]), values, decoded,
                    labels.get(x));
        }
        InContextScores.score(model, language, prompts, inContext, prefix, values);
        return values;
    }

    /** Completions cut to {@code budget} new tokens: what a decoding with that budget produces (greedy: exactly). */
    private static int[][][] cut(int[][][] generated, int budget) {
        int[][][] cut = new int[generated.length][][];
        for (int s = 0; s < generated.length; s++) {
            cut[s] = new int[generated[s].length][];
            for (int i = 0; i < generated[s].length; i++) {
                int[] tokens = generated[s][i];
                cut[s][i] = tokens.length <= budget ? tokens : Arrays.copyOf(tokens, budget);
            }
        }
        return cut;
    }

    /** {@code ood.} without its dot: the set's name in {@code ood.R1}. */
    private static String set(String keyPrefix) {
        return keyPrefix.substring(0, keyPrefix.length() - 1);
    }

    private static int[][] encode(Vocabulary vocabulary, List<Prompt> set) {
        int[][] encoded = new int[set.size()][];
        for (int i = 0; i < set.size(); i++) {
            encoded[i] = vocabulary.encode(set.get(i).prefix(), false);
        }
        return encoded;
    }

    /** The set's decoding budget: the asked one (or all the room there is), at most the room after its longest prompt. */
    private static int budget(LanguageModel model, RunSettings settings, int[][] encoded) {
        int longest = 0;
        for (int[] prompt : encoded) {
            longest = Math.max(longest, prompt.length);
        }
        int room = model.sequenceLength() - longest;
        return settings.decodeBudget() > 0 ? Math.min(settings.decodeBudget(), room) : room;
    }

    private static void scoreSet(LanguageModel model, Language language, String name, List<Prompt> set,
            int[][][] generated, List<Map<String, Double>> values, List<List<CompletionsWriter.SetCompletions>> decoded,
            String setLabel) {
        if (set.isEmpty()) {
            return;
        }
        Vocabulary vocabulary = language.vocabulary();
        for (int slot = 0; slot < model.seedCount(); slot++) {
            List<Completion> completions = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                boolean finished = false;
                for (int token : generated[slot][i]) {
                    finished |= token == Vocabulary.EOS;
                }
                completions.add(new Completion(set.get(i).prefix(), vocabulary.decode(generated[slot][i]), finished));
            }
            if (decoded != null) {
                decoded.get(slot).add(new CompletionsWriter.SetCompletions(setLabel, completions));
            }
            PromptSetMetrics metrics = PromptSetMetrics.of(language, name, completions);
            Map<String, Double> own = values.get(slot);
            metrics.accuracies().forEach((metric, value) -> own.put(name + "." + metric, value));
            own.put(name + "." + MetricNames.FINISHED, metrics.finishedFraction());
        }
    }
}
