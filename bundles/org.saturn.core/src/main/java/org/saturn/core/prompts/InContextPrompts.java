package org.saturn.core.prompts;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.LanguageException;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.mixture.MixtureGenerator;
import org.saturn.core.lang.mixture.Mixtures;

/**
 * In-context prompts of a mixture (case study 2): for every k in {@code minExamples..maxExamples},
 * {@code queries} prompts, each of a task drawn by the mixture's weights: k words sampled from that
 * task, each followed by the delimiter; the query is the word that comes next (its prefix is empty,
 * so the model's whole next word is the answer). ID and OOD follow from the prompt's prefix
 * probability under the mixture, as for every prompt set: with tasks that never repeat, prompts
 * with k ≥ 1 are OOD unless the tasks share words.
 */
public final class InContextPrompts {

    private InContextPrompts() {
    }

    public static PromptSet of(Language mixtureLanguage, int minExamples, int maxExamples, int queries, long seed) {
        MixtureGenerator mixture = Mixtures.of(mixtureLanguage).orElseThrow(() -> new LanguageException(
                "in-context prompts are built from the tasks of a mixture; " + mixtureLanguage.name() + " is not one"));
        if (minExamples < 0 || maxExamples < minExamples) {
            throw new LanguageException("in-context examples must be a range of numbers ≥ 0, not " + minExamples + ".."
                    + maxExamples);
        }
        if (queries < 1) {
            throw new LanguageException("in-context prompts need at least one query, not " + queries);
        }
        int room = mixtureLanguage.maxLength() - mixture.maxTaskWordLength();
        SplittableRandom random = new SplittableRandom(seed);
        List<Prompt> prompts = new ArrayList<>();
        for (int k = minExamples; k <= maxExamples; k++) {
            for (int q = 0; q < queries; q++) {
                int task = drawTask(mixture, random);
                Language language = mixture.tasks().get(task);
                Word prefix = null;
                for (int attempt = 0; prefix == null; attempt++) {
                    if (attempt > 1000) {
                        throw new LanguageException(k + " examples of " + language.name() + " rarely leave room for a "
                                + "query within max length " + mixtureLanguage.maxLength());
                    }
                    Word context = Word.EMPTY;
                    for (int e = 0; e < k; e++) {
                        context = context.concat(language.generator().sample(random)).append(mixture.delimiter());
                    }
                    prefix = context.length() <= room ? context : null;
                }
                Prompt classified = PromptSet.classify(mixtureLanguage, prefix);
                prompts.add(new Prompt(prefix, classified.prefixProbability(), classified.violatedRules(),
                        new Prompt.InContext(k, language.name())));
            }
        }
        return new PromptSet("in context " + minExamples + ".." + maxExamples + " examples then " + queries
                + " queries", prompts);
    }

    private static int drawTask(MixtureGenerator mixture, SplittableRandom random) {
        double u = random.nextDouble();
        double sum = 0;
        int last = mixture.tasks().size() - 1;
        for (int t = 0; t < last; t++) {
            sum += mixture.weight(t);
            if (u < sum) {
                return t;
            }
        }
        return last;
    }

    /**
     * The longest sequence a mixture's runs must hold: its longest training sequence, or its longest
     * in-context prompt ({@code maxExamples} words with delimiters) plus a query word, if longer.
     */
    public static int sequenceLength(MixtureGenerator mixture, int maxExamples) {
        int word = mixture.maxTaskWordLength();
        return Math.max(mixture.maxWordLength(), (maxExamples + 1) * (word + 1) - 1);
    }
}
