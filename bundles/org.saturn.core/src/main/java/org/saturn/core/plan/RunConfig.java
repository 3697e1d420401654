package org.saturn.core.plan;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One training run, fully resolved: every parameter has its final value, defaults included.
 * Parameters are keyed by dotted paths ({@code model.dModel}, {@code optimizer.lr}, ...) and hold
 * {@link String}, {@link Long}, {@link Double}, {@link Boolean} or a {@link List} of those.
 *
 * <p>The id is the first {@value #ID_LENGTH} hex digits of the SHA-256 of the canonical form of
 * the parameters. The study name and the model's name are labels, not configuration: renaming
 * them keeps the id (and so the run's results).
 */
public final class RunConfig {

    public static final int ID_LENGTH = 12;

    public static final String REGIME = "regime";
    public static final String SEED = "seed";

    private final String study;
    private final String model;
    private final SortedMap<String, Object> parameters;
    private final String id;

    public RunConfig(String study, String model, Map<String, ?> parameters) {
        this.study = Objects.requireNonNull(study, "study");
        this.model = Objects.requireNonNull(model, "model");
        TreeMap<String, Object> copy = new TreeMap<>();
        parameters.forEach((key, value) -> copy.put(Objects.requireNonNull(key), normalize(key, value)));
        this.parameters = Collections.unmodifiableSortedMap(copy);
        this.id = hash(canonicalForm());
    }

    public String id() {
        return id;
    }

    public String study() {
        return study;
    }

    /** The model's name in the spec (a label). */
    public String model() {
        return model;
    }

    public String regime() {
        return (String) parameters.get(REGIME);
    }

    public long seed() {
        Object seed = parameters.get(SEED);
        return seed instanceof Long value ? value : 0L;
    }

    /** Every resolved parameter, sorted by key. */
    public SortedMap<String, Object> parameters() {
        return parameters;
    }

    public Object get(String key) {
        return parameters.get(key);
    }

    /** A copy with one parameter changed (or added); the copy has its own id. */
    public RunConfig with(String key, Object value) {
        TreeMap<String, Object> changed = new TreeMap<>(parameters);
        changed.put(key, value);
        return new RunConfig(study, model, changed);
    }

    /**
     * One {@code key=value} line per parameter, sorted by key, numbers in their shortest exact
     * decimal form (so {@code 2e-3} and {@code 0.002} are the same configuration).
     */
    public String canonicalForm() {
        StringBuilder text = new StringBuilder();
        parameters.forEach((key, value) -> text.append(key).append('=').append(canonical(value)).append('\n'));
        return text.toString();
    }

    /** This run as one JSON object: id, study, model, regime, seed, then every parameter. */
    public String toJson() {
        return Json.object(jsonFields());
    }

    /** The fields of {@link #toJson()}, in its order. */
    Map<String, Object> jsonFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("study", study);
        fields.put("model", model);
        fields.put(REGIME, regime());
        fields.put(SEED, seed());
        parameters.forEach((key, value) -> {
            if (!key.equals(REGIME) && !key.equals(SEED)) {
                fields.put(key, value);
            }
        });
        return fields;
    }

    /**
     * The run a {@link #toJson()} text describes (a run folder's {@code config.json}). Whole numbers
     * come back as Long: a Double parameter with a whole value (written {@code 10}) reads as the
     * Long 10, which has the same canonical form and so the same id.
     *
     * @throws IllegalArgumentException when the text is not such an object or its id does not
     *         match its parameters
     */
    public static RunConfig fromJson(String json) {
        JsonNode object = Json.readObject(json);
        String study = requiredText(object, "study");
        String model = requiredText(object, "model");
        Map<String, Object> parameters = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            // toJson writes "regime": null for a run without one
            boolean absentRegime = key.equals(REGIME) && field.getValue().isNull();
            if (!key.equals("id") && !key.equals("study") && !key.equals("model") && !absentRegime) {
                parameters.put(key, Json.value(key, field.getValue()));
            }
        }
        RunConfig config = new RunConfig(study, model, parameters);
        JsonNode id = object.get("id");
        if (id == null || id.asText().equals(config.id())) {
            return config;
        }
        // toJson writes "seed": 0 for a run without a seed parameter
        if (Long.valueOf(0L).equals(parameters.get(SEED))) {
            parameters.remove(SEED);
            RunConfig seedless = new RunConfig(study, model, parameters);
            if (id.asText().equals(seedless.id())) {
                return seedless;
            }
        }
        throw new IllegalArgumentException("run config: id " + id.asText() + " does not match its parameters (their id is "
                + config.id() + ")");
    }

    private static String requiredText(JsonNode object, String key) {
        JsonNode value = object.get(key);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("run config: no \"" + key + "\" text");
        }
        return value.textValue();
    }

    private static Object normalize(String key, Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw new IllegalArgumentException("parameter " + key + " is not a finite number: " + d);
        }
        if (value instanceof List<?> list) {
            return List.copyOf(list.stream().map(element -> normalize(key, element)).toList());
        }
        if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
            return value;
        }
        throw new IllegalArgumentException("parameter " + key + " has an unsupported value type: "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    static String canonical(Object value) {
        if (value instanceof Double d) {
            BigDecimal decimal = BigDecimal.valueOf(d).stripTrailingZeros();
            return decimal.scale() <= 0 ? decimal.toBigInteger().toString() : decimal.toPlainString();
        }
        if (value instanceof List<?> list) {
            StringBuilder text = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                text.append(i == 0 ? "" : ",").append(canonical(list.get(i)));
            }
            return text.append(']').toString();
        }
        if (value instanceof String s) {
            return Json.quote(s);
        }
        return String.valueOf(value);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; hex.length() < ID_LENGTH; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.substring(0, ID_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RunConfig config && config.id.equals(id) && config.study.equals(study)
                && config.model.equals(model) && config.parameters.equals(parameters);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return id + " " + study + " " + model + " " + regime() + " seed " + seed();
    }
}
