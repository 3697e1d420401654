package org.saturn.core.plan;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The plan's JSON through Jackson, in the layout Saturn has always written ({@code {"k": v, "k2":
 * [1, 2]}}): run stores hold config.json files in it, and the canonical form behind run ids quotes
 * strings the same way, so every byte of that layout is kept.
 */
final class Json {

    private static final JsonFactory FACTORY = new JsonFactoryBuilder().characterEscapes(new ControlCharacterEscapes()).build();

    /** Integers read as Long (the parameters' integer type), fractions as Double. */
    private static final ObjectMapper READER = JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();

    private Json() {
    }

    /** A JSON string literal: {@code "a\"b"}. */
    static String quote(String text) {
        return write(generator -> generator.writeString(text));
    }

    /**
     * One object, fields in the given order; values are String, Long, Double, Boolean, null, Lists
     * and Maps of those.
     */
    static String object(Map<String, ?> fields) {
        return write(generator -> {
            writeValue(generator, fields);
        });
    }

    /** An array of objects, one per line: {@code [\n  {...},\n  {...}\n]}, or {@code []}. */
    static String objects(List<? extends Map<String, ?>> objects) {
        return write(generator -> {
            generator.writeStartArray();
            for (Map<String, ?> object : objects) {
                writeValue(generator, object);
            }
            generator.writeEndArray();
        });
    }

    /** The parsed top-level object. */
    static JsonNode readObject(String text) {
        JsonNode node;
        try {
            node = READER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object: " + abbreviate(text));
        }
        return node;
    }

    /** A parameter value: String, Long, Double, Boolean or a List of those; anything else is refused. */
    static Object value(String key, JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isFloatingPointNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (Iterator<JsonNode> elements = node.elements(); elements.hasNext();) {
                list.add(value(key, elements.next()));
            }
            return list;
        }
        throw new IllegalArgumentException("parameter " + key + " has an unsupported JSON value: " + abbreviate(node.toString()));
    }

    private static void writeValue(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Double number) {
            // whole numbers as integers (10, not 10.0): the layout of every config.json written so far
            if (number == Math.rint(number) && Math.abs(number) < 1e15) {
                generator.writeNumber(number.longValue());
            } else {
                generator.writeNumber(number);
            }
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof BigInteger number) {
            generator.writeNumber(number);
        } else if (value instanceof Boolean flag) {
            generator.writeBoolean(flag);
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object element : list) {
                writeValue(generator, element);
            }
            generator.writeEndArray();
        } else if (value instanceof Map<?, ?> object) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> field : object.entrySet()) {
                generator.writeFieldName(String.valueOf(field.getKey()));
                writeValue(generator, field.getValue());
            }
            generator.writeEndObject();
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getSimpleName());
        }
    }

    private interface Writing {
        void write(JsonGenerator generator) throws IOException;
    }

    private static String write(Writing writing) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            generator.setPrettyPrinter(new SpacedLayout());
            writing.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        String line = text.strip().replace('\n', ' ');
        return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }

    /**
     * A space after each comma and colon ({@code {"a": 1, "b": [1, 2]}}), and a top-level array
     * with one value per line.
     */
    private static final class SpacedLayout implements PrettyPrinter {
        @Override
        public void writeRootValueSeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(' ');
        }

        @Override
        public void writeStartObject(JsonGenerator generator) throws IOException {
            generator.writeRaw('{');
        }

        @Override
        public void writeEndObject(JsonGenerator generator, int entries) throws IOException {
            generator.writeRaw('}');
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(", ");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(": ");
        }

        @Override
        public void writeStartArray(JsonGenerator generator) throws IOException {
            generator.writeRaw('[');
        }

        @Override
        public void writeEndArray(JsonGenerator generator, int values) throws IOException {
            generator.writeRaw(values > 0 && topLevel(generator) ? "\n]" : "]");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(topLevel(generator) ? ",\n  " : ", ");
        }

        @Override
        public void beforeArrayValues(JsonGenerator generator) throws IOException {
            if (topLevel(generator)) {
                generator.writeRaw("\n  ");
            }
        }

        /** Whether the array being written is the document itself. */
        private static boolean topLevel(JsonGenerator generator) {
            return generator.getOutputContext().getParent().inRoot();
        }

        @Override
        public void beforeObjectEntries(JsonGenerator generator) {
        }
    }

    /**
     * Control characters other than \n, \r and \t as lower-case hex escapes (Jackson's default
     * would write \b, \f and upper-case hex): the bytes the canonical form, and so run ids, hash.
     */
    private static final class ControlCharacterEscapes extends CharacterEscapes {
        private static final int[] ESCAPES = standardAsciiEscapesForJSON();

        static {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    ESCAPES[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ESCAPES;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            return c < 0x20 ? new SerializedString(String.format("\\u%04x", c)) : null;
        }
    }
}
