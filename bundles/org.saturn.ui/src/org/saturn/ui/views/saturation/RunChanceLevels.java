package org.saturn.ui.views.saturation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.resource.XtextResource;
import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.metrics.ChanceLevels;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;
import org.saturn.core.store.RunDirectory;
import org.saturn.dsl.compiler.CoreLanguages;
import org.saturn.dsl.saturn.ExhaustivePrompts;
import org.saturn.dsl.saturn.ListedPrompt;
import org.saturn.dsl.saturn.PromptItem;
import org.saturn.dsl.saturn.Symbol;
import org.saturn.ui.editor.SaturnLanguage;

/**
 * The chance level of every accuracy metric of a run ({@code ood.R1}, {@code id.finished}, ...)
 * under {@link ChanceLevels}' null model, from the language and prompt definitions its
 * {@code config.json} carries (parsed in-process by the Saturn language). Runs whose prompts are
 * not enumerated (sampled prompts) or whose language the core cannot run get none: the chart then
 * shows no band rather than a wrong one.
 */
final class RunChanceLevels {

    private static final Map<String, Map<String, Estimate>> CACHE = new ConcurrentHashMap<>();

    private RunChanceLevels() {
    }

    static Map<String, Estimate> of(RunDirectory run) {
        Optional<String> config = run.readText(RunDirectory.CONFIG);
        if (config.isEmpty()) {
            return Map.of();
        }
        String language = string(config.get(), "language.definition");
        String prompts = string(config.get(), "prompts.definition");
        String maxLength = number(config.get(), "language.maxLength");
        if (language == null || prompts == null || maxLength == null) {
            return Map.of();
        }
        return CACHE.computeIfAbsent(language + "\n" + prompts + "\n" + maxLength,
                key -> compute(language, prompts, (int) Double.parseDouble(maxLength)));
    }

    private static Map<String, Estimate> compute(String languageText, String promptsText, int maxLength) {
        try {
            XtextResource resource = SaturnLanguage.parse(languageText + "\n" + promptsText,
                    URI.createURI("synthetic:/chance-levels.saturn"));
            org.saturn.dsl.saturn.Language source = null;
            org.saturn.dsl.saturn.PromptSet promptSet = null;
            for (EObject element : resource.getContents().get(0).eContents()) {
                if (element instanceof org.saturn.dsl.saturn.Language l) {
                    source = l;
                } else if (element instanceof org.saturn.dsl.saturn.PromptSet p) {
                    promptSet = p;
                }
            }
            if (source == null || promptSet == null || CoreLanguages.unsupportedForm(source).isPresent()) {
                return Map.of();
            }
            Language language = CoreLanguages.toCore(source, maxLength);
            List<Prompt> prompts = new ArrayList<>();
            for (PromptItem item : promptSet.getItems()) {
                if (item instanceof ExhaustivePrompts all) {
                    List<String> symbols = all.getSymbols().isEmpty() ? language.alphabet()
                            : all.getSymbols().stream().map(Symbol::getName).toList();
                    prompts.addAll(PromptSet.exhaustive(language, all.getLength(), symbols).prompts());
                } else if (item instanceof ListedPrompt listed) {
                    prompts.addAll(PromptSet.listed(language, "listed",
                            List.of(Word.of(listed.getSymbols().stream().map(Symbol::getName).toList()))).prompts());
                } else {
                    return Map.of(); // sampled prompts: the exact prompt list is not in the config
                }
            }
            PromptSet set = new PromptSet(promptSet.getName(), prompts);
            Map<String, Estimate> levels = new LinkedHashMap<>();
            put(levels, "id", language, words(set.inDistribution()));
            put(levels, "ood", language, words(set.outOfDistribution()));
            put(levels, "sos", language, List.of(Word.EMPTY));
            return levels;
        } catch (RuntimeException | LinkageError e) {
            return Map.of(); // a definition (or a language form) this build cannot read: no band rather than no chart
        }
    }

    private static void put(Map<String, Estimate> levels, String set, Language language, List<Word> prompts) {
        if (!prompts.isEmpty()) {
            ChanceLevels.of(language, prompts).forEach((metric, estimate) -> levels.put(set + "." + metric, estimate));
        }
    }

    private static List<Word> words(List<Prompt> prompts) {
        return prompts.stream().filter(p -> !p.sosOnly()).map(Prompt::prefix).toList();
    }

    /** A text parameter of a run's config.json; null when absent, not text, or the file is not a run config. */
    static String string(String json, String key) {
        return parameter(json, key) instanceof String text ? text : null;
    }

    /** A number parameter of a run's config.json as written ({@code 256}); null like {@link #string}. */
    static String number(String json, String key) {
        return parameter(json, key) instanceof Number number ? number.toString() : null;
    }

    private static Object parameter(String json, String key) {
        try {
            return RunConfig.fromJson(json).get(key);
        } catch (IllegalArgumentException notARunConfig) {
            return null; // no band rather than no chart
        }
    }
}
