package org.saturn.engine.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.store.RunStore;
import org.saturn.dsl.compiler.DeclaredMetrics;
import org.saturn.dsl.compiler.SaturnCompiler;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.dsl.compiler.SpecDiagnostic;
import org.saturn.dsl.saturn.Study;

/**
 * A checked spec compiled into runs, each with the study it came from. Spec errors, an unknown
 * study or an empty selection become one {@link SpecPlanException} with a researcher's message.
 */
public record SpecPlan(Path spec, Map<RunConfig, Study> runs) {

    public static final class SpecPlanException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SpecPlanException(String message) {
            super(message);
        }
    }

    public static SpecPlan load(SpecChecker checker, Path spec, String studyName) {
        SpecChecker.Result result = checker.check(spec);
        if (result.hasErrors()) {
            StringBuilder message = new StringBuilder();
            result.diagnostics().stream().filter(d -> d.severity() == SpecDiagnostic.Severity.ERROR)
                    .forEach(d -> message.append(d).append('\n'));
            message.append(spec).append(" has errors; fix them first (saturn check ").append(spec).append(')');
            throw new SpecPlanException(message.toString());
        }
        if (result.spec() == null) {
            throw new SpecPlanException(spec + " defines no study (the file is empty)");
        }
        List<Study> all = result.spec().getElements().stream().filter(Study.class::isInstance).map(Study.class::cast)
                .toList();
        List<Study> studies = all.stream().filter(s -> studyName == null || s.getName().equals(studyName)).toList();
        if (studies.isEmpty()) {
            throw new SpecPlanException(studyName == null ? spec + " defines no study"
                    : "no study named " + studyName + " in " + spec + " (studies: "
                            + String.join(", ", all.stream().map(Study::getName).toList()) + ")");
        }
        Map<RunConfig, Study> runs = new LinkedHashMap<>();
        SaturnCompiler compiler = new SaturnCompiler();
        for (Study study : studies) {
            compiler.compile(study).forEach(run -> runs.put(run, study));
        }
        return new SpecPlan(spec, runs);
    }

    /** Keeps the runs matching every {@code key=value} (id, model, regime, seed or any parameter). */
    public SpecPlan only(List<String> filters) {
        Map<RunConfig, Study> kept = new LinkedHashMap<>();
        runs.forEach((run, study) -> {
            if (filters.stream().allMatch(filter -> matches(run, filter))) {
                kept.put(run, study);
            }
        });
        if (kept.isEmpty()) {
            throw new SpecPlanException("no run matches --only " + String.join(",", filters));
        }
        return new SpecPlan(spec, kept);
    }

    /**
     * Writes each study's declarations ({@code metric} lines) into the store beside its runs, for
     * {@code saturn report} and the Runs view; a dispatcher calls it when it plans the runs.
     */
    public void declare(RunStore store) {
        new LinkedHashSet<>(runs.values()).forEach(study -> DeclaredMetrics.of(study).write(store, study.getName()));
    }

    public List<RunConfig> configs() {
        return new ArrayList<>(runs.keySet());
    }

    public RunConfig byId(String id) {
        return runs.keySet().stream().filter(run -> run.id().equals(id)).findFirst()
                .orElseThrow(() -> new SpecPlanException("no run " + id + " in " + spec
                        + " (the spec changed since the run was planned? see saturn plan " + spec + ")"));
    }

    private static boolean matches(RunConfig run, String filter) {
        int equals = filter.indexOf('=');
        if (equals <= 0) {
            throw new SpecPlanException("--only takes key=value pairs, not '" + filter + "'");
        }
        String key = filter.substring(0, equals).trim();
        String value = filter.substring(equals + 1).trim();
        Object actual = switch (key) {
            case "id" -> run.id();
            case "model" -> run.model();
            case "study" -> run.study();
            default -> run.get(key);
        };
        if (actual == null) {
            return false;
        }
        if (actual instanceof Number number) {
            try {
                return Double.parseDouble(value) == number.doubleValue();
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return Objects.equals(String.valueOf(actual), value);
    }
}
