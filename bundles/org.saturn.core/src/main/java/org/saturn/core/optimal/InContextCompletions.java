package org.saturn.core.optimal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.LanguageException;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.mixture.MixtureGenerator;
import org.saturn.core.lang.mixture.Mixtures;
import org.saturn.core.prompts.Prompt;

/**
 * How the regimes of case study 2 complete an in-context prompt: the oracle with a word of the
 * context's task; the adversary ignores the context, with a word of a task drawn by the mixture's
 * weights (the null model of {@code InContextMetrics}, so its ICL accuracy is pushed to the chance
 * level, as the acceptance asks, rather than to 0). The word is sampled from that task's
 * generator with a seed taken from the prompt's symbols, so every run and step completes a prompt alike.
 */
public final class InContextCompletions {

    private static final int ATTEMPTS = 1000;

    private InContextCompletions() {
    }

    /**
     * The completion (a word, without the EOS after it); empty when no word fits after the prompt.
     *
     * @param followContext true: the oracle's word of the context's task; false: the adversary's word
     *                      of a task drawn by weight
     */
    public static Optional<Word> complete(Language mixtureLanguage, Prompt prompt, boolean followContext) {
        MixtureGenerator mixture = Mixtures.of(mixtureLanguage).orElseThrow(
                () -> new LanguageException(mixtureLanguage.name() + " is no mixture: in-context completions need one"));
        if (prompt.inContext() == null) {
            throw new IllegalArgumentException("the prompt '" + prompt.prefix() + "' is no in-context prompt");
        }
        int context = mixture.taskIndex(prompt.inContext().task());
        if (context < 0) {
            throw new LanguageException("in-context prompt of task " + prompt.inContext().task() + ", which is not a "
                    + "task of " + mixtureLanguage.name());
        }
        SplittableRandom random = new SplittableRandom(0x1C1C0L ^ prompt.prefix().toString().hashCode());
        int room = mixtureLanguage.maxLength() - prompt.prefix().length();
        List<Integer> all = new ArrayList<>();
        for (int t = 0; t < mixture.tasks().size(); t++) {
            all.add(t);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int task = followContext ? context : pick(mixture, all, 1.0, random);
            Word word = mixture.tasks().get(task).generator().sample(random);
            if (word.length() <= room) {
                return Optional.of(word);
            }
        }
        return Optional.empty();
    }

    private static int pick(MixtureGenerator mixture, List<Integer> tasks, double total, SplittableRandom random) {
        double u = random.nextDouble() * total;
        for (int t : tasks) {
            u -= mixture.weight(t);
            if (u < 0) {
                return t;
            }
        }
        return tasks.get(tasks.size() - 1);
    }

    /** A word the task's generator produces (positive probability). */
    public static boolean isWordOf(Language task, Word word) {
        for (String symbol : word.symbols()) {
            if (!task.vocabulary().contains(symbol)) {
                return false;
            }
        }
        return task.generator().wordProbability(word) > 0;
    }
}
