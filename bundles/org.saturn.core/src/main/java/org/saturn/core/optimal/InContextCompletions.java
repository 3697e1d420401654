package org.saturn.core.optimal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.LanguageException;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.mixture.MixtureGenerator;
import org.saturn.core.lang.mixture.Mixtures;
import org.saturn.core.prompts.Prompt;

/**
 * How the regimes of case study 2 complete in-context prompts: the oracle with a word of the
 * context's task; the adversary ignores the context, with a word of a task the context does not
 * decide, so that its ICL accuracy sits at the chance level of {@code InContextMetrics} (a word of
 * a task drawn by the mixture's weights), as the acceptance asks, rather than at 0. Drawing
 * that task afresh per prompt would put the adversary's accuracy at a binomial draw around chance
 * (with 20 prompts per k: ±0.1 one time in three, so a memorising model could miss chance by more
 * than the acceptance's 0.1 through the draw alone): instead, per k, exactly as many prompts as the
 * rounded sum of their context tasks' weights (n · chance when tasks share no word) get a word of
 * their context's task and the others a word of another task drawn by
 * weight, which prompts being chosen by a fixed shuffle. With equal weights every task is then
 * equally likely after every context. Words are sampled from their task's generator with seeds
 * taken from the prompts' symbols, so every run and step completes a prompt alike.
 */
public final class InContextCompletions {

    private static final int ATTEMPTS = 1000;

    private InContextCompletions() {
    }

    /**
     * The completions of {@code prompts} (in-context prompts of the mixture), in their order: a word
     * without the EOS after it, empty when no word fits after the prompt.
     *
     * @param followContext true: the oracle's words of the context's task; false: the adversary's,
     *                      balanced per k as the class comment says
     */
    public static List<Optional<Word>> complete(Language mixtureLanguage, List<Prompt> prompts, boolean followContext) {
        MixtureGenerator mixture = Mixtures.of(mixtureLanguage).orElseThrow(
                () -> new LanguageException(mixtureLanguage.name() + " is no mixture: in-context completions need one"));
        int[] contexts = new int[prompts.size()];
        for (int i = 0; i < prompts.size(); i++) {
            Prompt prompt = prompts.get(i);
            if (prompt.inContext() == null) {
                throw new IllegalArgumentException("the prompt '" + prompt.prefix() + "' is no in-context prompt");
            }
            contexts[i] = mixture.taskIndex(prompt.inContext().task());
            if (contexts[i] < 0) {
                throw new LanguageException("in-context prompt of task " + prompt.inContext().task()
                        + ", which is not a task of " + mixtureLanguage.name());
            }
        }
        boolean[] followsContext = new boolean[prompts.size()];
        if (followContext) {
            Arrays.fill(followsContext, true);
        } else {
            Map<Integer, List<Integer>> byExamples = new TreeMap<>();
            for (int i = 0; i < prompts.size(); i++) {
                byExamples.computeIfAbsent(prompts.get(i).inContext().examples(), k -> new ArrayList<>()).add(i);
            }
            byExamples.forEach((k, indices) -> {
                double chance = 0;
                for (int i : indices) {
                    chance += mixture.weight(contexts[i]);
                }
                List<Integer> shuffled = new ArrayList<>(indices);
                Collections.shuffle(shuffled, new Random(0xAD5E7L + k));
                long matching = Math.round(chance);
                for (int m = 0; m < matching; m++) {
                    followsContext[shuffled.get(m)] = true;
                }
            });
        }
        List<Optional<Word>> completions = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            completions.add(word(mixtureLanguage, mixture, prompts.get(i), contexts[i], followsContext[i]));
        }
        return completions;
    }

    /** A word of the context's task, or of another task drawn by weight; empty when none fits. */
    private static Optional<Word> word(Language mixtureLanguage, MixtureGenerator mixture, Prompt prompt, int context,
            boolean ofContext) {
        SplittableRandom random = new SplittableRandom(0x1C1C0L ^ prompt.prefix().toString().hashCode());
        int room = mixtureLanguage.maxLength() - prompt.prefix().length();
        List<Integer> others = new ArrayList<>();
        double total = 0;
        for (int t = 0; t < mixture.tasks().size(); t++) {
            if (t != context) {
                others.add(t);
                total += mixture.weight(t);
            }
        }
        if (!ofContext && others.isEmpty()) {
            throw new LanguageException(mixtureLanguage.name() + " has one task: the adversary has no other task to "
                    + "answer with");
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int task = ofContext ? context : pick(mixture, others, total, random);
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
