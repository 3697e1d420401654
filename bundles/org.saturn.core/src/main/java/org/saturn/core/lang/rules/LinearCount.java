package org.saturn.core.lang.rules;

import java.util.LinkedHashMap;
import java.util.Map;

import org.saturn.core.lang.Word;

/** An integer linear combination of symbol counts, {@code c1·count(s1) + c2·count(s2) + ... + constant}. */
public record LinearCount(Map<String, Integer> coefficients, int constant) {

    public LinearCount {
        coefficients = Map.copyOf(coefficients);
    }

    public static LinearCount count(String symbol) {
        return new LinearCount(Map.of(symbol, 1), 0);
    }

    public static LinearCount constant(int value) {
        return new LinearCount(Map.of(), value);
    }

    public LinearCount times(int factor) {
        Map<String, Integer> scaled = new LinkedHashMap<>();
        coefficients.forEach((symbol, c) -> scaled.put(symbol, c * factor));
        return new LinearCount(scaled, constant * factor);
    }

    public LinearCount plus(LinearCount other) {
        Map<String, Integer> sum = new LinkedHashMap<>(coefficients);
        other.coefficients.forEach((symbol, c) -> sum.merge(symbol, c, Integer::sum));
        sum.values().removeIf(c -> c == 0);
        return new LinearCount(sum, constant + other.constant);
    }

    public LinearCount minus(LinearCount other) {
        return plus(other.times(-1));
    }

    public int coefficient(String symbol) {
        return coefficients.getOrDefault(symbol, 0);
    }

    public int evaluate(Word word) {
        int value = constant;
        for (int i = 0; i < word.length(); i++) {
            value += coefficient(word.symbol(i));
        }
        return value;
    }

    public String describe() {
        StringBuilder text = new StringBuilder();
        coefficients.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            int c = e.getValue();
            text.append(text.length() == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + "));
            text.append(Math.abs(c) == 1 ? "" : Math.abs(c) + "*").append("count(").append(e.getKey()).append(')');
        });
        if (constant != 0 || text.length() == 0) {
            text.append(text.length() == 0 ? String.valueOf(constant) : (constant < 0 ? " - " : " + ") + Math.abs(constant));
        }
        return text.toString();
    }
}
