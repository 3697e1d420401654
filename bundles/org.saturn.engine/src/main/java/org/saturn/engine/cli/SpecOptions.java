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

    /** The runs of the spec (of --study only, when given). */
    public SpecPlan load() {
        return SpecPlan.load(SpecSupport.checker(), spec, study);
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
