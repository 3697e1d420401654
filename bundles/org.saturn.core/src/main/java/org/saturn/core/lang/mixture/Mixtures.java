package org.saturn.core.lang.mixture;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Rule;
import org.saturn.core.lang.rules.Condition;
import org.saturn.core.lang.rules.Logic;

/**
 * A mixture as a core {@link Language}, so that training, the optimal loss and prompts treat it like
 * any language: its alphabet is the tasks' symbols then the delimiter, its one rule R1 says every
 * word between delimiters is a word of some task, and its generator is the {@link MixtureGenerator}.
 */
public final class Mixtures {

    /** The rule of a mixture language. */
    public static final String RULE = "R1";

    private Mixtures() {
    }

    /** The mixture as a language whose sequences (and prompts) may have up to {@code maxLength} symbols. */
    public static Language language(String name, MixtureGenerator generator, int maxLength) {
        List<String> alphabet = new ArrayList<>();
        List<Condition> taskWords = new ArrayList<>();
        for (Language task : generator.tasks()) {
            task.alphabet().stream().filter(s -> !alphabet.contains(s)).forEach(alphabet::add);
            taskWords.add(new TaskWord(task));
        }
        alphabet.add(generator.delimiter());
        Condition segment = taskWords.size() == 1 ? taskWords.get(0) : new Logic.AnyOf(taskWords);
        Rule rule = new Rule(RULE, "every word is a word of a task", new EverySegment(generator.delimiter(), segment));
        return new Language(name, alphabet, List.of(rule), generator, maxLength);
    }

    /** The mixture generator of a language, if it is a mixture. */
    public static Optional<MixtureGenerator> of(Language language) {
        return language.generator() instanceof MixtureGenerator mixture ? Optional.of(mixture) : Optional.empty();
    }
}
