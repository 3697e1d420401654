package org.saturn.dsl.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.mixture.MixtureGenerator;
import org.saturn.core.lang.mixture.Mixtures;
import org.saturn.core.prompts.InContextPrompts;
import org.saturn.dsl.saturn.IntegerRange;
import org.saturn.dsl.saturn.Mixture;
import org.saturn.dsl.saturn.PromptSet;
import org.saturn.dsl.saturn.SaturnPackage;
import org.saturn.dsl.saturn.Task;

/**
 * A spec's mixture in core: every task at the run's max length (the longest word of a task), the
 * weights (default 1), words per sequence, the delimiter and how often a task repeats (absent: 1,
 * one task per sequence). The mixture language holds the longest training sequence and the longest
 * in-context prompt of the run's prompt set with room for one more word.
 */
public final class CoreMixtures {

    /** A task repeats with this probability when the mixture does not say (the older meaning: one task per sequence). */
    public static final double DEFAULT_REPEAT = 1.0;

    private CoreMixtures() {
    }

    /** Why the engine cannot train on this mixture (empty: it can), without building its tasks. */
    public static Optional<String> unsupportedForm(Mixture mixture) {
        if (mixture.getDelimiter() == null || mixture.getWordsPerSequence() == null) {
            return Optional.of("a mixture to train on needs 'sequences of N..M words separated by \"#\"'");
        }
        for (Task task : mixture.getTasks()) {
            if (task.getLanguage() == null || task.getLanguage().eIsProxy()) {
                return Optional.of("a task is not a language");
            }
            if (task.getLanguage().getRules().isEmpty()) {
                return Optional.of("task " + task.getLanguage().getName() + " has no rules");
            }
            Optional<String> problem = CoreLanguages.unsupportedForm(task.getLanguage());
            if (problem.isPresent()) {
                return Optional.of("task " + task.getLanguage().getName() + ": " + problem.get());
            }
        }
        return Optional.empty();
    }

    /** The mixture's generator with every task at {@code taskMaxLength}. */
    public static MixtureGenerator generator(Mixture mixture, int taskMaxLength) {
        unsupportedForm(mixture).ifPresent(problem -> {
            throw new IllegalArgumentException("mixture " + mixture.getName() + " cannot be trained on: " + problem);
        });
        List<Language> tasks = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (Task task : mixture.getTasks()) {
            tasks.add(CoreLanguages.toCore(task.getLanguage(), taskMaxLength));
            weights.add(task.eIsSet(SaturnPackage.Literals.TASK__WEIGHT) ? task.getWeight() : 1.0);
        }
        int low = mixture.getWordsPerSequence().getLow();
        int high = high(mixture.getWordsPerSequence());
        // written or not is in the text: EMF's eIsSet is false for a written 0, the attribute's default
        boolean written = !NodeModelUtils.findNodesForFeature(mixture, SaturnPackage.Literals.MIXTURE__REPEAT).isEmpty();
        double repeat = written ? mixture.getRepeat() : DEFAULT_REPEAT;
        return new MixtureGenerator(tasks, weights, low, high, mixture.getDelimiter().getName(), repeat);
    }

    /** The mixture as a core language for a run with this prompt set. */
    public static Language toCore(Mixture mixture, int taskMaxLength, PromptSet prompts) {
        MixtureGenerator generator = generator(mixture, taskMaxLength);
        return Mixtures.language(mixture.getName(), generator,
                InContextPrompts.sequenceLength(generator, maxExamples(prompts)));
    }

    /** The upper end of a range ({@code 3} alone: 3). */
    public static int high(IntegerRange range) {
        return range.eIsSet(SaturnPackage.Literals.INTEGER_RANGE__HIGH) ? range.getHigh() : range.getLow();
    }

    /** The most in-context examples any item of the prompt set asks for (0 without in-context items). */
    public static int maxExamples(PromptSet prompts) {
        int most = 0;
        if (prompts != null) {
            for (var item : prompts.getItems()) {
                if (item instanceof org.saturn.dsl.saturn.InContextPrompts inContext) {
                    most = Math.max(most, high(inContext.getExamples()));
                }
            }
        }
        return most;
    }
}
