package org.saturn.core.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The runs of one or more studies, in matrix order (models, then regimes, seeds, sweeps). */
public record RunPlan(List<RunConfig> runs) {

    public RunPlan {
        runs = List.copyOf(runs);
    }

    public int size() {
        return runs.size();
    }

    public Optional<RunConfig> find(String id) {
        return runs.stream().filter(run -> run.id().equals(id)).findFirst();
    }

    public RunPlan study(String study) {
        return new RunPlan(runs.stream().filter(run -> run.study().equals(study)).toList());
    }

    /** Runs whose configurations coincide (same id) within one study: they would share a run directory. */
    public Map<String, List<RunConfig>> collisions() {
        Map<String, List<RunConfig>> byKey = new LinkedHashMap<>();
        for (RunConfig run : runs) {
            byKey.computeIfAbsent(run.study() + "/" + run.id(), key -> new ArrayList<>()).add(run);
        }
        byKey.values().removeIf(group -> group.size() < 2);
        return byKey;
    }

    /** The plan as a JSON array of run objects, one per line. */
    public String toJson() {
        return Json.objects(runs.stream().map(RunConfig::jsonFields).toList());
    }
}
