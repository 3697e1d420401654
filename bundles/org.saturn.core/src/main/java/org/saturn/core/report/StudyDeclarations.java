package org.saturn.core.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.saturn.core.store.AtomicFiles;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.core.store.StoreWarnings;

/**
 * What a study declares for its report, kept in the store beside its runs as
 * {@code <store>/<study>/.declared.json} (hidden: never listed as a run): its {@code metric} lines.
 * Written by the dispatchers when they plan the study; not part of any run's configuration, so
 * declaring a metric changes no run id. A store planned before this file existed has none: its
 * report shows every metric under its record key, as before.
 */
public record StudyDeclarations(List<DeclaredMetric> metrics) {

    public static final String FILE = ".declared.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public StudyDeclarations {
        metrics = List.copyOf(metrics);
    }

    /** The study's declarations in the store; empty when it has none, or (with one warning line) when unreadable. */
    public static Optional<StudyDeclarations> read(RunStore store, String study) {
        Path file = store.root().resolve(study).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            StoreWarnings.skipped(file, "unreadable declarations, metrics shown under their record keys: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes the declarations of the study (replacing earlier ones: the spec is the truth). */
    public void write(RunStore store, String study) {
        Path folder = store.root().resolve(study);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StoreException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        AtomicFiles.writeString(folder.resolve(FILE), toJson());
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("metrics");
        for (DeclaredMetric metric : metrics) {
            ObjectNode node = list.addObject();
            node.put("name", metric.name());
            node.put("key", metric.key());
            node.put("summary", metric.summary().toString());
            node.put("direction", metric.direction());
            if (metric.stderrKey() != null) {
                node.put("stderrKey", metric.stderrKey());
            }
        }
        return root.toString() + "\n";
    }

    static StudyDeclarations parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON");
        }
        JsonNode list = root == null ? null : root.get("metrics");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("no \"metrics\" list");
        }
        List<DeclaredMetric> metrics = new ArrayList<>();
        for (JsonNode node : list) {
            JsonNode stderr = node.get("stderrKey");
            metrics.add(new DeclaredMetric(node.path("name").asText(null), node.path("key").asText(null),
                    DeclaredMetric.Summary.parse(node.path("summary").asText("")),
                    "maximize".equals(node.path("direction").asText()), stderr == null ? null : stderr.asText()));
        }
        return new StudyDeclarations(metrics);
    }
}
