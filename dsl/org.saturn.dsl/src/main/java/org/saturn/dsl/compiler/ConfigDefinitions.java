package org.saturn.dsl.compiler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.gen.Generator;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.plan.RunInputs;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;
import org.saturn.dsl.SaturnStandaloneSetup;
import org.saturn.dsl.saturn.ExhaustivePrompts;
import org.saturn.dsl.saturn.InContextPrompts;
import org.saturn.dsl.saturn.ListedPrompt;
import org.saturn.dsl.saturn.PromptItem;
import org.saturn.dsl.saturn.SampleUnit;
import org.saturn.dsl.saturn.SampledPrompts;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.saturn.Symbol;

import com.google.inject.Injector;

/**
 * A run's science objects built from its compiled {@link RunConfig} alone (the {@code config.json}
 * of its run folder), not from the spec it came from: the self-contained definition texts the
 * compiler put into the config ({@code language.definition}, {@code prompts.definition},
 * {@code finetuning.language.definition}, {@code finetuning.prompts.definition}) are parsed together
 * as one synthetic spec, linked, and translated into the core. So a spec edited after a run was
 * planned cannot change or break it.
 */
public final class ConfigDefinitions {

    private static final String LANGUAGE = "language.definition";
    private static final String PROMPTS = "prompts.definition";
    private static final String FINE_TUNING_LANGUAGE = "finetuning.language.definition";
    private static final String FINE_TUNING_PROMPTS = "finetuning.prompts.definition";
    /** The first seed of a sampled prompt set (the next item takes the next one). */
    private static final long PROMPT_SEED = 0x9907;

    private final Injector injector;

    public ConfigDefinitions() {
        this(new SaturnStandaloneSetup().createInjectorAndDoEMFRegistration());
    }

    /** With the injector of a {@link SpecChecker} already made (one Xtext set-up per JVM). */
    public ConfigDefinitions(Injector injector) {
        this.injector = injector;
    }

    /** The run's language at its max length and its prompt set. */
    public RunInputs inputs(RunConfig config) {
        Spec spec = parse(config);
        return inputs(spec, text(config, "language"), text(config, "prompts"), config, "study " + config.study());
    }

    /**
     * The language and prompts of the run's fine-tuning stage, at the pre-training max length (the
     * model's positions); without its own prompts, the study's prompt set on the fine-tuning language.
     * Empty when the run has no fine-tuning stage.
     */
    public Optional<RunInputs> fineTuningInputs(RunConfig config) {
        if (config.get("finetuning") == null) {
            return Optional.empty();
        }
        Spec spec = parse(config);
        String prompts = config.get("finetuning.prompts") != null ? text(config, "finetuning.prompts")
                : text(config, "prompts");
        return Optional.of(inputs(spec, text(config, "finetuning.language"), prompts, config,
                "fine-tuning " + config.get("finetuning")));
    }

    /** Every definition text of the config in one resource, linked; a syntax or linking error is one message. */
    private Spec parse(RunConfig config) {
        Set<String> definitions = new LinkedHashSet<>();
        for (String key : List.of(LANGUAGE, PROMPTS, FINE_TUNING_LANGUAGE, FINE_TUNING_PROMPTS)) {
            Object text = config.get(key);
            if (text != null && !text.toString().isBlank()) {
                definitions.add(text.toString()); // a fine-tuning on the same language defines it once
            }
        }
        if (!definitions.contains(String.valueOf(config.get(LANGUAGE)))
                || !definitions.contains(String.valueOf(config.get(PROMPTS)))) {
            throw new IllegalArgumentException("run " + config.id() + " has no '" + LANGUAGE + "' or '" + PROMPTS
                    + "' (a config of an older Saturn? plan the spec again)");
        }
        XtextResourceSet resourceSet = injector.getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) resourceSet
                .createResource(URI.createURI("config:/" + config.study() + "/" + config.id() + ".saturn"));
        try {
            resource.load(new ByteArrayInputStream(String.join("\n", definitions).getBytes(StandardCharsets.UTF_8)),
                    resourceSet.getLoadOptions());
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse the definitions of run " + config.id(), e);
        }
        EcoreUtil.resolveAll(resource);
        List<Resource.Diagnostic> errors = resource.getErrors();
        if (!errors.isEmpty() || resource.getContents().isEmpty()) {
            throw new IllegalArgumentException("run " + config.id() + ": its definitions do not parse on their own ("
                    + (errors.isEmpty() ? "empty" : errors.get(0).getMessage()) + ")");
        }
        return (Spec) resource.getContents().get(0);
    }

    private static RunInputs inputs(Spec spec, String languageName, String promptsName, RunConfig config, String what) {
        org.saturn.dsl.saturn.Source source = element(spec, org.saturn.dsl.saturn.Source.class, languageName, config);
        Object maxLength = config.get("language.maxLength");
        if (!(maxLength instanceof Number number)) {
            throw new IllegalArgumentException("run " + config.id() + " has no 'language.maxLength'");
        }
        org.saturn.dsl.saturn.PromptSet promptSpec = element(spec, org.saturn.dsl.saturn.PromptSet.class, promptsName,
                config);
        Language language;
        // null for a mixture: its prompts come from its own sequences
        org.saturn.dsl.saturn.Language trainedOn = source instanceof org.saturn.dsl.saturn.Language single ? single
                : null;
        if (source instanceof org.saturn.dsl.saturn.Mixture mixture) {
            // a mixture's maxLength bounds each task's words; its sequences are longer (CoreMixtures)
            language = CoreMixtures.toCore(mixture, number.intValue(), promptSpec);
        } else {
            CoreLanguages.unsupportedForm(trainedOn).ifPresent(reason -> {
                throw new IllegalArgumentException("language " + trainedOn.getName() + " cannot be trained on: " + reason);
            });
            language = CoreLanguages.toCore(trainedOn, number.intValue());
        }
        List<Prompt> prompts = new ArrayList<>();
        long seed = PROMPT_SEED;
        for (PromptItem item : promptSpec.getItems()) {
            prompts.addAll(promptsOf(language, trainedOn, item, seed++).prompts());
        }
        return new RunInputs(language, new PromptSet(promptSpec.getName(), prompts));
    }

    private static <T extends org.eclipse.emf.ecore.EObject> T element(Spec spec, Class<T> type, String name,
            RunConfig config) {
        return spec.getElements().stream().filter(type::isInstance).map(type::cast)
                .filter(e -> name.equals(e.eGet(e.eClass().getEStructuralFeature("name")))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("run " + config.id() + ": no definition of " + name
                        + " among its definitions"));
    }

    private static PromptSet promptsOf(Language language, org.saturn.dsl.saturn.Language trainedOn, PromptItem item,
            long seed) {
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
        if (item instanceof SampledPrompts sampled && sampled.getLanguage() != null
                && sampled.getUnit() == SampleUnit.WORDS) {
            // words from another language (e.g. the papers' bbaN prompt shapes) come from its own
            // generator at its own max length; from the trained language, at the run's
            org.saturn.dsl.saturn.Language from = sampled.getLanguage();
            Generator source = trainedOn != null && (from == trainedOn || from.getName().equals(trainedOn.getName()))
                    ? language.generator()
                    : CoreLanguages.toCore(from, CoreLanguages.maxLength(from)).generator();
            Word prefix = Word.of(sampled.getPrefix().stream().map(Symbol::getName).toList());
            if (sampled.getLength() == null) {
                return PromptSet.sampledAfter(language, source, sampled.getCount(), prefix, seed);
            }
            int low = sampled.getLength().getLow();
            int high = sampled.getLength().eIsSet(sampled.getLength().eClass().getEStructuralFeature("high"))
                    ? sampled.getLength().getHigh() : low;
            return PromptSet.sampledWords(language, source, sampled.getCount(), prefix, low, high, seed);
        }
        if (item instanceof InContextPrompts inContext) {
            return org.saturn.core.prompts.InContextPrompts.of(language, inContext.getExamples().getLow(),
                    CoreMixtures.high(inContext.getExamples()), inContext.getQueries(), seed);
        }
        throw new IllegalArgumentException("this kind of prompt set cannot be used for training yet: "
                + NodeModelUtils.getTokenText(NodeModelUtils.getNode(item)));
    }

    private static String text(RunConfig config, String key) {
        Object value = config.get(key);
        if (value == null) {
            throw new IllegalArgumentException("run " + config.id() + " has no '" + key + "'");
        }
        return value.toString();
    }
}
