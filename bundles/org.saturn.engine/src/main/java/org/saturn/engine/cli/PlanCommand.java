package org.saturn.engine.cli;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.plan.RunPlan;
import org.saturn.engine.run.SharedStages;
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
