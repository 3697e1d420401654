package org.saturn.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A researcher's tags ({@code key=value}) and note on a run, in {@code tags.json} in its folder:
 * a sidecar that workers never write, so tagging a run while it trains cannot disturb it. Written
 * atomically (temporary file and rename), so a reader sees the old or the new file, never half.
 */
public record RunTags(Map<String, String> tags, String note) {

    public static final String FILE = "tags.json";
    public static final RunTags NONE = new RunTags(Map.of(), null);

    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RunTags {
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        note = note == null || note.isBlank() ? null : note;
    }

    /** The tags of the run in {@code runFolder}; none when it has no tags file, or one that cannot be read (with a warning). */
    public static RunTags read(Path runFolder) {
        Path file = runFolder.resolve(FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException e) {
            StoreWarnings.skipped(file, e.getMessage());
            return NONE;
        }
        try {
            JsonNode root = JSON.readTree(text);
            Map<String, String> tags = new TreeMap<>();
            JsonNode tagNode = root.path("tags");
            for (Iterator<Map.Entry<String, JsonNode>> fields = tagNode.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                tags.put(field.getKey(), field.getValue().asText());
            }
            JsonNode note = root.path("note");
            return new RunTags(tags, note.isTextual() ? note.asText() : null);
        } catch (IOException | RuntimeException e) {
            StoreWarnings.skipped(file, "not a tags file (" + e.getClass().getSimpleName().replace("Exception", "")
                    + "); saturn tag writes it anew");
            return NONE;
        }
    }

    /** Writes these tags into {@code runFolder} atomically; no tags and no note remove the file. */
    public void write(Path runFolder) {
        Path file = runFolder.resolve(FILE);
        if (isEmpty()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode tagNode = root.putObject("tags");
        tags.forEach(tagNode::put);
        if (note != null) {
            root.put("note", note);
        }
        try {
            AtomicFiles.writeString(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isEmpty() {
        return tags.isEmpty() && note == null;
    }

    /**
     * These tags with {@code key=value} assignments set, {@code keys} removed and the note replaced
     * (null keeps it, "" removes it); a malformed assignment is a clear error.
     */
    public RunTags with(List<String> assignments, List<String> removed, String newNote) {
        Map<String, String> changed = new TreeMap<>(tags);
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            String key = equals > 0 ? assignment.substring(0, equals) : "";
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("a tag is key=value with a key of letters, digits, '.', '_' or '-' "
                        + "starting with a letter, not '" + assignment + "'");
            }
            changed.put(key, assignment.substring(equals + 1));
        }
        removed.forEach(changed::remove);
        return new RunTags(changed, newNote == null ? note : newNote);
    }

    /** "key=value key2=value2  note: TEXT", "(no tags)" when empty. */
    public String summary() {
        if (isEmpty()) {
            return "(no tags)";
        }
        return text() + (note == null ? "" : (tags.isEmpty() ? "" : "  ") + "note: " + note);
    }

    /** "key=value key2=value2", or "" without tags. */
    public String text() {
        StringBuilder text = new StringBuilder();
        tags.forEach((key, value) -> text.append(text.length() == 0 ? "" : " ").append(key).append('=')
                .append(value.matches("\\S+") ? value : "'" + value + "'"));
        return text.toString();
    }
}
