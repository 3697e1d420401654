package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunStore;
import org.saturn.dsl.compiler.ConfigDefinitions;
import org.saturn.dsl.compiler.SpecChecker;

/**
 * Every example that {@code saturn check} accepts trains: each study of each example, every model
 * × regime × sweep point with the first seed, for 20 steps (a checkpoint, an evaluation, the
 * fine-tuning stage where there is one), through the same {@link Worker} as {@code saturn run}. A
 * construct that passes check and fails at run time fails this test: check and engine cannot drift
 * apart.
 * <p>
 * The fast variant (CI) shrinks what only costs time — batch ≤ 8, max length ≤ 24 (paper-size
 * specs have 256), the decoding budget with it, 2 Hessian probes — and keeps every model, regime,
 * prompt set and stage. {@code -Dsaturn.examples.full=true} trains the examples at their own size
 * (paper-size models: many minutes and GBs).
 */
class ExamplesTrainTest {

    private static final Path EXAMPLES = Path.of("../../examples");
    private static final long STEPS = 20;
    /** What check refuses today, with the reason: the studies' own issue will make them train. */
    private static final Set<String> REFUSED = Set.of();

    @Test
    void everyExampleThatCheckAcceptsTrainsTwentySteps(@TempDir Path store) throws Exception {
        boolean full = Boolean.getBoolean("saturn.examples.full");
        SpecChecker checker = new SpecChecker();
        ConfigDefinitions definitions = new ConfigDefinitions(checker.injector());
        RunStore runs = RunStore.create(store);
        Set<String> refused = new LinkedHashSet<>();
        Map<String, String> failed = new LinkedHashMap<>();
        int trained = 0;
        for (Path example : examples()) {
            long started = System.nanoTime();
            SpecChecker.Result checked = checker.check(example);
            if (checked.hasErrors()) {
                refused.add(EXAMPLES.relativize(example).toString());
                continue;
            }
            if (checked.spec().getElements().stream().noneMatch(org.saturn.dsl.saturn.Study.class::isInstance)) {
                continue; // a library (stdlib.saturn)
            }
            for (RunConfig planned : firstSeed(SpecPlan.load(checker, example, null).configs())) {
                RunConfig config = full ? shorten(planned) : shrink(shorten(planned));
                try {
                    PlannedRun.write(runs.run(config.study(), config.id()), config, null);
                    Worker.train(List.of(config), runs, definitions, "cpu", store, event -> {
                    }, new AtomicBoolean());
                } catch (RuntimeException e) {
                    failed.put(EXAMPLES.relativize(example) + " " + config.study() + "/" + config.model() + "/"
                            + config.regime(), String.valueOf(e.getMessage()));
                    continue;
                }
                RunRecord record = runs.run(config.study(), config.id()).record().orElseThrow();
                if (record.getStatus() != RunStatus.FINISHED) {
                    failed.put(EXAMPLES.relativize(example) + " " + config.id(), record.getStatus() + ": " + record.getMessage());
                }
                trained++;
            }
            System.out.printf("%s: %.1f s%n", EXAMPLES.relativize(example), (System.nanoTime() - started) / 1e9);
        }
        assertThat(failed).as("runs that check accepted and the engine failed").isEmpty();
        assertThat(refused).as("examples check refuses").isEqualTo(REFUSED);
        assertThat(trained).as("runs trained").isGreaterThan(20);
    }

    /** The first seed of every group: each model, regime and sweep point once. */
    private static List<RunConfig> firstSeed(List<RunConfig> configs) {
        Map<String, RunConfig> byGroup = new LinkedHashMap<>();
        for (RunConfig config : configs) {
            byGroup.putIfAbsent(Groups.key(config), config);
        }
        return new ArrayList<>(byGroup.values());
    }

    /** 20 steps, a checkpoint at step 10 and an evaluation (with checkpoint) at the end; fine-tuning 10 steps. */
    private static RunConfig shorten(RunConfig config) {
        config = config.with("training.steps", STEPS).with("evaluate.every", STEPS).with("checkpoint.every", STEPS / 2);
        // a cosine schedule needs its warm-up inside the (shortened) run
        if (config.get("schedule.warmup") instanceof Number warmup && warmup.longValue() >= STEPS) {
            config = config.with("schedule.warmup", STEPS / 2);
        }
        if (config.get("finetuning") != null) {
            config = config.with("finetuning.steps", STEPS / 2).with("finetuning.evaluateEvery", STEPS / 4);
        }
        return config;
    }

    /** What only costs time, made small. */
    private static RunConfig shrink(RunConfig config) {
        config = config.with("training.batch", Math.min(8L, ((Number) config.get("training.batch")).longValue()));
        long maxLength = Math.min(24L, ((Number) config.get("language.maxLength")).longValue());
        config = config.with("language.maxLength", maxLength).with("decode.budget",
                Math.min(maxLength, ((Number) config.get("decode.budget")).longValue()));
        if (config.get("finetuning.batch") != null) {
            config = config.with("finetuning.batch", Math.min(8L, ((Number) config.get("finetuning.batch")).longValue()));
        }
        if (config.get("finetuning.hessianTraceSamples") instanceof Number probes && probes.longValue() > 2) {
            config = config.with("finetuning.hessianTraceSamples", 2L);
        }
        return config;
    }

    /** Every spec under examples/, subfolders (examples/paper/) included. */
    private static List<Path> examples() throws Exception {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".saturn") && !Files.exists(f.resolveSibling("config.json"))).sorted().toList(); // a run store's copy (STORE/STUDY/RUN/spec.saturn) is not an example
        }
    }
}
