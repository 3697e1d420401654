package org.saturn.engine.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.metrics.ChanceLevels;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.store.RunDirectory;
import org.saturn.dsl.compiler.ConfigDefinitions;

/**
 * The chance level of each accuracy metric of a run for the HTML report's accuracy curves, as the
 * workbench's Saturation view computes it: the run's {@code config.json}, its language and prompts
 * built exactly as the worker builds them, core's {@link ChanceLevels}. A run whose config or
 * definitions cannot be read gets none: its figures then show no band rather than a wrong one.
 */
final class ReportChanceLevels {

    // runs of one study share their definitions: computed once per language, prompts and length
    private final Map<String, Map<String, Estimate>> computed = new HashMap<>();

    Map<String, Estimate> of(RunDirectory run) {
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
        String key = config.get("language.definition") + "\n" + config.get("prompts.definition") + "\n"
                + config.get("language.maxLength");
        return computed.computeIfAbsent(key, k -> compute(config));
    }

    private static Map<String, Estimate> compute(RunConfig config) {
        try {
            return ChanceLevels.perPromptSet(new ConfigDefinitions(SpecSupport.checker().injector()).inputs(config));
        } catch (RuntimeException unreadable) {
            return Map.of(); // a definition this build cannot read: no band rather than no report
        }
    }
}
