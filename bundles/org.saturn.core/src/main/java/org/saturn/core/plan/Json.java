package org.saturn.core.plan;

import java.util.List;

/** The little JSON the plan needs (core has no dependencies, so no JSON library). */
final class Json {

    private Json() {
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    static String value(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return quote(text);
        }
        if (value instanceof Double number) {
            return number == Math.rint(number) && Math.abs(number) < 1e15 ? String.valueOf(number.longValue())
                    : String.valueOf(number);
        }
        if (value instanceof List<?> list) {
            StringBuilder array = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                array.append(i == 0 ? "" : ", ").append(value(list.get(i)));
            }
            return array.append(']').toString();
        }
        return String.valueOf(value);
    }

    static final class ObjectWriter {
        private final StringBuilder json = new StringBuilder("{");

        ObjectWriter field(String key, Object value) {
            json.append(json.length() == 1 ? "" : ", ").append(quote(key)).append(": ").append(value(value));
            return this;
        }

        @Override
        public String toString() {
            return json + "}";
        }
    }
}
