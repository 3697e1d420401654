package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.Vocabulary;
import org.saturn.core.lang.mixture.MixtureGenerator;
import org.saturn.core.lang.mixture.Mixtures;
import org.saturn.core.metrics.InContextMetrics;
import org.saturn.core.optimal.LossConvention;
import org.saturn.core.prompts.InContextPrompts;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;
import org.saturn.engine.decode.Decoder;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.ModelSpec;

/**
 * In-context prompts (case study 2) are decoded once per evaluation: their ID/OOD rule scores and
 * their ICL scores come from the same completions, and the ICL scores are those of a decoding with
 * the ICL budget alone.
 */
class InContextDecodingTest {

    private static final MixtureGenerator MIXTURE = new MixtureGenerator(List.of(BuiltinLanguages.create("anbn", 4),
            BuiltinLanguages.create("bbaN", 4)), List.of(1.0, 1.0), 1, 2, "#", 0);
    private static final Language LANGUAGE = Mixtures.language("Tasks", MIXTURE, InContextPrompts.sequenceLength(MIXTURE, 2));
    private static final PromptSet PROMPTS = InContextPrompts.of(LANGUAGE, 0, 2, 4, 5);

    /** Decoding settings only (optimizer and schedule play no part in scoring completions). */
    private static RunSettings settings(int decodeBudget) {
        ModelSpec spec = ModelSpec.transformer(1, 8, 2, 16, 0, ModelSpec.Norm.PRE, 6e-3, ModelSpec.Positions.LEARNED);
        return new RunSettings(spec, null, null, LossConvention.PAD, 8, 10, 10, 0, 0, 0, decodeBudget, "greedy", 1.0,
                RunSettings.MAX_LIKELIHOOD, 0, 10, "best");
    }

    private static LanguageModel model(RunSettings settings) {
        return new LanguageModel(settings.model(), LANGUAGE.vocabulary().size(), LANGUAGE.maxLength() + 2, 3, 4);
    }

    @Test
    void everyPromptIsDecodedOnceAndTheIclScoresAreThoseOfItsOwnBudget() {
        // a rule-score budget (2) shorter than an ICL answer (a word of up to 4 and its end) takes both paths
        for (int decodeBudget : new int[] { 2, 30 }) {
            RunSettings settings = settings(decodeBudget);
            LanguageModel model = model(settings);
            Decoder decoder = new Decoder(model);
            List<List<CompletionsWriter.SetCompletions>> stored = new ArrayList<>();
            List<Map<String, Double>> values = CompletionScores.score(decoder, model, LANGUAGE, PROMPTS, settings,
                    new long[] { 1, 2 }, "", stored);

            int sosOnly = 1;
            assertThat(PROMPTS.prompts()).allSatisfy(p -> assertThat(p.inContext()).isNotNull());
            assertThat(decoder.promptsDecoded()).as("budget %d", decodeBudget).isEqualTo(PROMPTS.prompts().size() + sosOnly);

            // the stored ID/OOD completions keep the rule scores' budget
            for (List<CompletionsWriter.SetCompletions> seed : stored) {
                for (CompletionsWriter.SetCompletions set : seed) {
                    assertThat(set.completions()).allSatisfy(c -> assertThat(c.completion().length())
                            .isLessThanOrEqualTo(Math.min(decodeBudget, model.sequenceLength())));
                }
            }

            // the ICL scores equal those of the in-context prompts decoded alone with the ICL budget
            List<Prompt> queries = PROMPTS.prompts();
            int[][] encoded = new int[queries.size()][];
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = LANGUAGE.vocabulary().encode(queries.get(i).prefix(), false);
            }
            int budget = InContextScores.budget(model, LANGUAGE, PROMPTS);
            assertThat(budget).isEqualTo(MIXTURE.maxTaskWordLength() + 1);
            int[][][] alone = new Decoder(model).greedy(encoded, budget);
            for (int slot = 0; slot < model.seedCount(); slot++) {
                List<InContextMetrics.Answer> answers = new ArrayList<>();
                List<Boolean> finished = new ArrayList<>();
                for (int i = 0; i < queries.size(); i++) {
                    boolean ended = false;
                    for (int token : alone[slot][i]) {
                        ended |= token == Vocabulary.EOS;
                    }
                    answers.add(new InContextMetrics.Answer(queries.get(i), LANGUAGE.vocabulary().decode(alone[slot][i])));
                    finished.add(ended);
                }
                Map<String, Double> expected = InContextMetrics.of(LANGUAGE, answers, finished);
                assertThat(expected).isNotEmpty();
                Map<String, Double> own = values.get(slot);
                expected.forEach((key, value) -> assertThat(own.get(key)).as("budget %d, %s", decodeBudget, key)
                        .isEqualTo(value));
            }
        }
    }
}
