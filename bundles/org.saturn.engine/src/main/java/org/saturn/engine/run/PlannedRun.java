package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.StoreException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A run's {@code config.json}, the one contract between the dispatchers ({@code saturn run},
 * {@code saturn slurm}, a worker given a spec) and the worker: the dispatcher writes the compiled
 * {@link RunConfig} into the run's folder before a worker starts, and the worker trains what it reads
 * there, so a spec edited meanwhile cannot change or break a queued run.
 */
public final class PlannedRun {

    private PlannedRun() {
    }

    /** Writes the run's config (and the spec it came from, when known) into its folder. */
    public static void write(RunDirectory directory, RunConfig config, String specText) {
        if (specText != null) {
            directory.writeText(RunDirectory.SPEC, specText);
        }
        directory.writeText(RunDirectory.CONFIG, config.toJson() + "\n");
    }

    /**
     * As {@link #write}, under the run's lock; a run another worker is writing keeps its files (that
     * worker reports it). Returns whether the files were written.
     */
    public static boolean writeUnlessBusy(RunDirectory directory, RunConfig config, String specText) {
        try (RunLock lock = directory.lock()) {
            write(directory, config, specText);
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    /** The config in the run's folder; a missing, unreadable or edited one is one clear message. */
    public static RunConfig read(RunDirectory directory) {
        String text = directory.readText(RunDirectory.CONFIG).orElseThrow(() -> new IllegalArgumentException(
                directory.path() + " has no " + RunDirectory.CONFIG + ": plan it first (saturn run or saturn slurm "
                        + "write it, or give the worker the spec)"));
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(directory.path().resolve(RunDirectory.CONFIG) + " is not JSON: "
                    + e.getOriginalMessage());
        }
        Map<String, Object> parameters = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!List.of("id", "study", "model").contains(field.getKey()) && !field.getValue().isNull()) {
                parameters.put(field.getKey(), value(field.getValue()));
            }
        }
        RunConfig config = new RunConfig(json.path("study").asText(), json.path("model").asText(), parameters);
        if (!config.id().equals(json.path("id").asText())) {
            throw new IllegalArgumentException(directory.path().resolve(RunDirectory.CONFIG) + " was changed after "
                    + "planning: its parameters give id " + config.id() + ", not " + json.path("id").asText());
        }
        return config;
    }

    /** JSON writes 1.0 as 1: the canonical form (and so the id) is the same for both. */
    private static Object value(JsonNode node) {
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(value(element)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }
}
