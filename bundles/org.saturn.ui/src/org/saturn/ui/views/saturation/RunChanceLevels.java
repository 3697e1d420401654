package org.saturn.ui.views.saturation;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.metrics.ChanceLevels;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.store.RunDirectory;
import org.saturn.dsl.compiler.ConfigDefinitions;
import org.saturn.ui.editor.SaturnLanguage;

/**
 * The chance level of every accuracy metric of a run ({@code ood.R1}, {@code id.finished}, ...)
 * under {@link ChanceLevels}' null model: the run's {@code config.json} is read by core
 * ({@link RunConfig#fromJson}), its language and prompts are built from it exactly as the worker
 * builds them ({@link ConfigDefinitions}), and core computes the levels
 * ({@link ChanceLevels#perPromptSet}). A run whose config or language cannot be read gets none:
 * the chart then shows no band rather than a wrong one.
 */
final class RunChanceLevels {

    private static final Map<String, Map<String, Estimate>> CACHE = new ConcurrentHashMap<>();

    private RunChanceLevels() {
    }

    static Map<String, Estimate> of(RunDirectory run) {
        Optional<String> text = run.readText(RunDirectory.CONFIG);
        if (text.isEmpty()) {
            return Map.of();
        }
        RunConfig config;
        try {
            config = RunConfig.fromJson(text.get());
        } catch (IllegalArgumentException notARunConfig) {
            return Map.of();
        }
        // runs of one study share their definitions: compute once per language, prompts and length
        String key = config.get("language.definition") + "\n" + config.get("prompts.definition") + "\n"
                + config.get("language.maxLength");
        return CACHE.computeIfAbsent(key, k -> compute(config));
    }

    private static Map<String, Estimate> compute(RunConfig config) {
        try {
            return ChanceLevels.perPromptSet(new ConfigDefinitions(SaturnLanguage.injector()).inputs(config));
        } catch (RuntimeException | LinkageError e) {
            return Map.of(); // a definition (or a language form) this build cannot read: no band rather than no chart
        }
    }
}
