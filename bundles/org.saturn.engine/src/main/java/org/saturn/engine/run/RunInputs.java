package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.List;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;
import org.saturn.dsl.compiler.CoreLanguages;
import org.saturn.dsl.saturn.ExhaustivePrompts;
import org.saturn.dsl.saturn.ListedPrompt;
import org.saturn.dsl.saturn.PromptItem;
import org.saturn.dsl.saturn.SampledPrompts;
import org.saturn.dsl.saturn.SampleUnit;
import org.saturn.dsl.saturn.Study;
import org.saturn.dsl.saturn.Symbol;

/**
 * The science objects a run trains and is measured on: the core {@link Language} (the exact
 * generator, rules and optimal loss) and the study's prompt set, split into ID and OOD by the core.
 */
public record RunInputs(Language language, PromptSet prompts) {

    /**
     * The study's language, translated from the spec into the core (exact generator, rules and
     * optimal loss) at the run's max length; forms the core cannot run get a clear message.
     */
    public static RunInputs of(Study study, RunConfig config) {
        return of(study.getSource(), study.getPrompts(), config, "study " + study.getName());
    }

    /**
     * The language and prompts of the study's fine-tuning stage ({@code then NAME}), at the
     * pre-training max length (the model's positions); empty when the study has none.
     */
    public static java.util.Optional<RunInputs> fineTuning(Study study, RunConfig config) {
        org.saturn.dsl.saturn.FineTuning stage = study.getFinetuning();
        if (stage == null) {
            return java.util.Optional.empty();
        }
        org.saturn.dsl.saturn.PromptSet promptSpec = stage.getPrompts() != null ? stage.getPrompts() : study.getPrompts();
        return java.util.Optional.of(of(stage.getSource(), promptSpec, config, "fine-tuning " + stage.getName()));
    }

    private static RunInputs of(org.saturn.dsl.saturn.Source trainedOn, org.saturn.dsl.saturn.PromptSet promptSpec,
            RunConfig config, String what) {
        int maxLength = ((Number) config.get("language.maxLength")).intValue();
        if (!(trainedOn instanceof org.saturn.dsl.saturn.Language source)) {
            throw new IllegalArgumentException(what + " trains on a mixture; training on "
                    + "mixtures (in-context learning) is not supported yet");
        }
        CoreLanguages.unsupportedForm(source).ifPresent(reason -> {
            throw new IllegalArgumentException("language " + source.getName() + " cannot be trained on: " + reason);
        });
        Language language = CoreLanguages.toCore(source, maxLength);
        List<Prompt> prompts = new ArrayList<>();
        long seed = 0x9907;
        for (PromptItem item : promptSpec.getItems()) {
            prompts.addAll(promptsOf(language, item, seed++).prompts());
        }
        return new RunInputs(language, new PromptSet(promptSpec.getName(), prompts));
    }

    private static PromptSet promptsOf(Language language, PromptItem item, long seed) {
        if (item instanceof ExhaustivePrompts all) {
            List<String> symbols = all.getSymbols().isEmpty() ? language.alphabet()
                    : all.getSymbols().stream().map(Symbol::getName).toList();
            return PromptSet.exhaustive(language, all.getLength(), symbols);
        }
        if (item instanceof ListedPrompt listed) {
            return PromptSet.listed(language, "listed",
                    List.of(Word.of(listed.getSymbols().stream().map(Symbol::getName).toList())));
        }
        if (item instanceof SampledPrompts sampled && sampled.getLanguage() != null
                && sampled.getUnit() == SampleUnit.PREFIXES && sampled.getLength() != null) {
            return PromptSet.sampled(language, language.generator(), sampled.getCount(), sampled.getLength().getLow(),
                    seed);
        }
        throw new IllegalArgumentException("this kind of prompt set cannot be used for training yet: "
                + org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(
                        org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(item)));
    }
}
