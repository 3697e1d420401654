package org.saturn.core.plan;

import java.util.Objects;

import org.saturn.core.lang.Language;
import org.saturn.core.prompts.PromptSet;

/**
 * The science objects a run trains and is measured on: the core {@link Language} (exact generator,
 * rules and optimal loss) at the run's max length, and its prompt set (split into ID and OOD by the
 * core). Built from a {@link RunConfig}'s definition texts by the spec language
 * ({@code org.saturn.dsl.compiler.ConfigDefinitions}), so a worker and the workbench need only the
 * run's {@code config.json}, not the spec it came from.
 */
public record RunInputs(Language language, PromptSet prompts) {

    public RunInputs {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(prompts, "prompts");
    }
}
