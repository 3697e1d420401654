package org.saturn.engine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.saturn.engine.run.SpecPlan;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The spec options of {@code saturn plan}, {@code run} and {@code slurm} as one picocli mixin:
 * {@code SPEC} and {@code --study} (which runs a spec compiles to), and for the commands that train
 * {@code --only} and {@code --store}. The commands differ only in whether SPEC is required and in
 * their help for SPEC and --store, so each uses the nested class that declares those.
 */
public abstract class SpecOptions {

    Path spec;

    @Option(names = "--study", paramLabel = "S", description = "only this study")
    String study;

    @Option(names = "--set", paramLabel = "key=value", description = "override a parameter of every run (e.g. "
            + "--set optimizer.lr=3e-4); the runs get new ids; repeatable")
    List<String> overrides = new ArrayList<>();

    /** The spec file; null only where SPEC is optional and was not given. */
    public Path spec() {
        return spec;
    }

    /** The spec's text, kept in each run folder beside its config.json (what the run was planned from). */
    public String specText() {
        try {
            return java.nio.file.Files.readString(spec, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + spec + ": " + e.getMessage());
        }
    }

    /** The --study value, null for every study. */
    public String study() {
        return study;
    }

    /** The runs of the spec (of --study only, when given), with the --set overrides. */
    public SpecPlan load() {
        SpecPlan plan = SpecPlan.load(SpecSupport.checker(), spec, study);
        return overrides.isEmpty() ? plan : override(plan, overrides);
    }

    /**
     * The plan with each {@code key=value} set in every run, the value read as the type the key has
     * (whole number, number, true/false or text); a key no run has is one line listing the keys.
     */
    static SpecPlan override(SpecPlan plan, List<String> assignments) {
        java.util.Map<org.saturn.core.plan.RunConfig, org.saturn.dsl.saturn.Study> runs = new java.util.LinkedHashMap<>();
        plan.runs().forEach((run, owner) -> {
            org.saturn.core.plan.RunConfig changed = run;
            for (String assignment : assignments) {
                int equals = assignment.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("--set takes key=value, not '" + assignment + "'");
                }
                String key = assignment.substring(0, equals).trim();
                changed = changed.with(key, typed(run, key, assignment.substring(equals + 1).trim()));
            }
            runs.put(changed, owner);
        });
        return new SpecPlan(plan.spec(), runs);
    }

    private static Object typed(org.saturn.core.plan.RunConfig run, String key, String value) {
        Object current = run.get(key);
        if (current == null || key.endsWith(".definition")) {
            throw new IllegalArgumentException("--set: no parameter '" + key + "' in the runs of " + run.study()
                    + "; the keys are " + String.join(", ", run.parameters().keySet().stream()
                            .filter(k -> !k.endsWith(".definition")).toList()));
        }
        try {
            if (current instanceof Long) {
                return Long.parseLong(value);
            }
            if (current instanceof Double) {
                return Double.parseDouble(value);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--set: " + key + " takes " + (current instanceof Long ? "a whole number"
                    : "a number") + ", not '" + value + "'");
        }
        if (current instanceof Boolean) {
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException("--set: " + key + " takes true or false, not '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }
        if (current instanceof List) {
            throw new IllegalArgumentException("--set: " + key + " is a list; set it in the spec");
        }
        return value;
    }

    /** {@code saturn plan}: a required SPEC and --study. */
    public static final class Plan extends SpecOptions {
        @Parameters(index = "0", paramLabel = "SPEC", description = "the .saturn file")
        void spec(Path spec) {
            this.spec = spec;
        }
    }

    /** The commands that train: --only selects runs, --store is where they go. */
    public abstract static class Training extends SpecOptions {

        @Option(names = "--only", split = ",", paramLabel = "k=v", description = "only runs matching every key=value "
                + "(id, model, regime, seed or any parameter of saturn plan --json)")
        List<String> only = new ArrayList<>();

        Path store;

        /** The runs of the spec, narrowed by --study and --only. */
        @Override
        public SpecPlan load() {
            SpecPlan plan = super.load();
            return only.isEmpty() ? plan : plan.only(only);
        }

        /** --store, null when not given. */
        public Path store() {
            return store;
        }

        /** --store, by default {@code runs/} next to the spec. */
        public Path storeFolder() {
            return store != null ? store : spec.toAbsolutePath().getParent().resolve("runs");
        }
    }

    /** {@code saturn run}: a required SPEC, a store anywhere. */
    public static final class Run extends Training {
        @Parameters(index = "0", paramLabel = "SPEC", description = "the .saturn file")
        void spec(Path spec) {
            this.spec = spec;
        }

        @Option(names = "--store", paramLabel = "DIR", description = "the run store (default: runs/ next to the spec)")
        void store(Path store) {
            this.store = store;
        }
    }

    /** {@code saturn slurm}: SPEC may be left out with --status; the store must be shared by the nodes. */
    public static final class Slurm extends Training {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC",
                description = "the .saturn file (not needed with --status)")
        void spec(Path spec) {
            this.spec = spec;
        }

        @Option(names = "--store", paramLabel = "DIR", description = "the run store, on a filesystem every node mounts "
                + "(default: runs/ next to the spec; ./runs for --status without SPEC)")
        void store(Path store) {
            this.store = store;
        }
    }
}
