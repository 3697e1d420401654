package org.saturn.dsl.compiler;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.metrics.ChanceLevels;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.store.RunDirectory;

import com.google.inject.Injector;

/**
 * The chance level of every accuracy metric of a run ({@code ood.R1}, {@code id.finished}, ...)
 * under {@link ChanceLevels}' null model, for the HTML report's accuracy curves and the workbench's
 * Saturation view alike: the run's {@code config.json} is read by core ({@link RunConfig#fromJson}),
 * its language and prompts are built from it exactly as the worker builds them
 * ({@link ConfigDefinitions}), and core computes the levels ({@link ChanceLevels#perPromptSet}). A
 * run whose config or definitions cannot be read gets none: its figures then show no band rather
 * than a wrong one.
 */
public final class RunChanceLevels {

    private final Supplier<Injector> injector;
    // runs of one study share their definitions: computed once per language, prompts and length
    private final Map<String, Map<String, Estimate>> computed = new ConcurrentHashMap<>();

    /**
     * @param injector the Saturn language's injector, asked for only when a level is computed (the
     *        workbench's comes from its editor bundle, the command line's from its spec checker)
     */
    public RunChanceLevels(Supplier<Injector> injector) {
        this.injector = injector;
    }

    /** The run's chance levels by metric key; empty when its config or definitions cannot be read. */
    public Map<String, Estimate> of(RunDirectory run) {
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

    private Map<String, Estimate> compute(RunConfig config) {
        try {
            return ChanceLevels.perPromptSet(new ConfigDefinitions(injector.get()).inputs(config));
        } catch (RuntimeException | LinkageError unreadable) {
            return Map.of(); // a definition (or a language form) this build cannot read: no band rather than no figure
        }
    }
}
