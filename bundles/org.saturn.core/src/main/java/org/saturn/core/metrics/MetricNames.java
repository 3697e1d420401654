package org.saturn.core.metrics;

import java.util.ArrayList;
import java.util.List;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Rule;

/** The accuracy keys of a language, in display order: every rule, R2 on the completion alone, grammatical. */
public final class MetricNames {
    public static final String GRAMMATICAL = "grammatical";
    public static final String FINISHED = "finished";
    public static final String COMPLETION_SUFFIX = " completion";

    private MetricNames() {
    }

    public static List<String> accuracies(Language language) {
        List<String> names = new ArrayList<>();
        language.rules().forEach(r -> names.add(r.name()));
        completionRule(language).ifPresent(r -> names.add(r.name() + COMPLETION_SUFFIX));
        names.add(GRAMMATICAL);
        return names;
    }

    /** The rule also judged on the completion alone: R2, the rule OOD prompts violate. */
    static java.util.Optional<Rule> completionRule(Language language) {
        return language.rules().size() > 1 ? java.util.Optional.of(language.rule(1)) : java.util.Optional.empty();
    }
}
