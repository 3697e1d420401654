package org.saturn.engine.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.plan.RunPlan;
import org.saturn.engine.run.SharedStages;
import org.saturn.dsl.compiler.ConfigDefinitions;
import org.saturn.engine.run.MemoryEstimate;
import org.saturn.engine.run.RunProbe;
import org.saturn.engine.run.SeedBatching;
import org.saturn.engine.run.SpecPlan;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code saturn plan SPEC [--study S] [--json]}: the run matrix a spec compiles to. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "List the runs a spec's studies expand to (models x regimes x seeds x sweeps), each with its "
                + "stable id.")
public final class PlanCommand implements Callable<Integer> {

    private static final Set<String> COORDINATES = Set.of(RunConfig.REGIME, RunConfig.SEED);

    @Mixin
    SpecOptions.Plan specOptions;

    @Option(names = "--json", description = "print a JSON array of fully resolved runs")
    boolean json;

    @Option(names = "--no-probe", description = "estimate memory only; do not measure a step and an evaluation "
            + "of each kind of run on this machine (the probe builds each model once)")
    boolean noProbe;

    @Option(names = "--backend", defaultValue = "cpu", paramLabel = "cpu|cuda", description = "the backend the probe "
            + "measures (default ${DEFAULT-VALUE})")
    String backend;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SpecPlan specPlan;
        try {
            specPlan = specOptions.load();
        } catch (SpecPlan.SpecPlanException e) {
            err.println("saturn plan: " + e.getMessage());
            err.flush();
            return 1;
        }
        RunPlan plan = new RunPlan(specPlan.configs());
        if (json) {
            out.println(plan.toJson());
        } else {
            printTable(plan, out);
            printSharedStages(plan, out);
            err.println(CheckCommand.plural(plan.size(), "run"));
            out.flush();
            err.flush();
            printResources(plan, out, err);
        }
        out.flush();
        err.flush();
        return 0;
    }

    /**
     * The stage graph, in lines of its own: {@code pre-training: 3 shared by 6 runs}, then which runs
     * start from each stage (runs that differ only in their fine-tuning pre-train once).
     */
    private static void printSharedStages(RunPlan plan, PrintWriter out) {
        Map<String, List<RunConfig>> stages = SharedStages.stages(plan.runs());
        if (stages.isEmpty()) {
            return;
        }
        int runs = stages.values().stream().mapToInt(List::size).sum();
        out.printf("pre-training: %d shared by %d runs%n", stages.size(), runs);
        stages.forEach((stage, sharing) -> out.printf("  stage %s  <-  %s%n", stage,
                String.join(" ", sharing.stream().map(RunConfig::id).toList())));
    }

    /**
     * Per kind of run (model, sizes, batch, length): how many runs, each worker's memory (the estimate
     * saturn run gives it, with the seeds of a group batched as saturn run does by default), and,
     * measured by a short probe on this machine, the time of a step, of an evaluation and of a run.
     */
    private void printResources(RunPlan plan, PrintWriter out, PrintWriter err) {
        Map<String, List<RunConfig>> byShape = new LinkedHashMap<>();
        plan.runs().forEach(run -> byShape.computeIfAbsent(RunProbe.shapeKey(run), k -> new ArrayList<>()).add(run));
        Map<String, MemoryEstimate> memory = new LinkedHashMap<>();
        Map<String, Integer> seedsPerWorker = new LinkedHashMap<>();
        // the workers saturn run would start: seed-batched groups, split where one would not fit the machine
        for (List<RunConfig> worker : WorkerMemory.splitUnfitting(SeedBatching.plan(plan.runs(), run -> 0L,
                SeedBatching.Mode.AUTO, 1), null, WorkerMemory.physicalBytes(), line -> {
                })) {
            memory.merge(RunProbe.shapeKey(worker.get(0)), MemoryEstimate.of(worker),
                    (a, b) -> a.residentBytes() >= b.residentBytes() ? a : b);
            seedsPerWorker.merge(RunProbe.shapeKey(worker.get(0)), worker.size(), Math::max);
        }
        boolean probe = !noProbe;
        if (probe) {
            WorkerCommand.checkBackend(backend);
            err.println("saturn plan: probing " + CheckCommand.plural(byShape.size(), "kind") + " of run on this machine "
                    + "(one short training each; --no-probe skips)");
            err.flush();
        }
        out.println();
        out.printf("%-12s  %-12s  %5s  %6s  %4s  %10s  %9s  %9s  %9s%n", "like run", "model", "batch", "length", "runs",
                "memory", "step", "eval", "per run");
        double totalSeconds = 0;
        ConfigDefinitions definitions = probe ? new ConfigDefinitions(SpecSupport.checker().injector()) : null;
        for (Map.Entry<String, List<RunConfig>> shape : byShape.entrySet()) {
            RunConfig first = shape.getValue().get(0);
            String step = "-";
            String evaluation = "-";
            String perRun = "-";
            if (probe) {
                try {
                    if (totalSeconds == 0) {
                        RunProbe.warmUp(first, definitions, backend);
                    }
                    RunProbe.Timing timing = RunProbe.measure(first, definitions, backend);
                    step = seconds(timing.secondsPerStep());
                    evaluation = seconds(timing.secondsPerEvaluation());
                    double runSeconds = shape.getValue().stream().mapToDouble(timing::secondsPerRun).max().orElse(0);
                    perRun = duration(runSeconds);
                    totalSeconds += shape.getValue().stream().mapToDouble(timing::secondsPerRun).sum();
                } catch (RuntimeException | OutOfMemoryError e) {
                    perRun = "probe failed";
                    err.println("saturn plan: the probe of " + first.id() + " failed: " + UserMessages.of(e, "plan"));
                }
            }
            out.printf("%-12s  %-12s  %5s  %6s  %4d  %10s  %9s  %9s  %9s%n", first.id(), first.model(),
                    first.get("training.batch"), first.get("language.maxLength"), shape.getValue().size(),
                    MemoryEstimate.format(memory.get(shape.getKey()).residentBytes()), step, evaluation, perRun);
        }
        if (probe) {
            out.printf("all runs one after the other: at most %s (early stopping and saturation can end runs sooner; "
                    + "saturn run --workers N divides it by up to N)%n", duration(totalSeconds));
        }
        // memory is a worker's: where seed batching puts several runs in one, say what one run alone needs
        for (Map.Entry<String, List<RunConfig>> shape : byShape.entrySet()) {
            int seeds = seedsPerWorker.getOrDefault(shape.getKey(), 1);
            if (seeds > 1) {
                RunConfig first = shape.getValue().get(0);
                out.printf("memory of %s's kind: one worker training %d seeds as one model; one run alone "
                        + "(--seed-batching never) %s%n", first.id(), seeds,
                        MemoryEstimate.format(MemoryEstimate.of(first, 1).residentBytes()));
            }
        }
        out.flush();
        err.flush();
    }

    private static String seconds(double seconds) {
        return seconds < 10 ? String.format(java.util.Locale.ROOT, "%.3f s", seconds)
                : String.format(java.util.Locale.ROOT, "%.0f s", seconds);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s < 3600 ? s / 60 + " min " + s % 60 + " s" : s / 3600 + " h " + s / 60 % 60 + " min";
    }

    /** One line per run: id, study, model, regime, seed, then every parameter that differs between runs. */
    private static void printTable(RunPlan plan, PrintWriter out) {
        Set<String> varying = new LinkedHashSet<>();
        for (RunConfig run : plan.runs()) {
            for (String key : run.parameters().keySet()) {
                if (!COORDINATES.contains(key) && !key.startsWith("model.") && plan.runs().stream()
                        .anyMatch(other -> !Objects.equals(other.get(key), run.get(key)))) {
                    varying.add(key);
                }
            }
        }
        out.printf("%-12s  %-20s  %-12s  %-14s  %4s%s%n", "id", "study", "model", "regime", "seed",
                varying.stream().map(k -> "  " + k).reduce("", String::concat));
        for (RunConfig run : plan.runs()) {
            StringBuilder extra = new StringBuilder();
            varying.forEach(k -> extra.append("  ").append(k).append('=')
                    .append(run.get(k) == null ? "-" : run.get(k)));
            out.printf("%-12s  %-20s  %-12s  %-14s  %4d%s%n", run.id(), run.study(), run.model(), run.regime(),
                    run.seed(), extra);
        }
    }
}
