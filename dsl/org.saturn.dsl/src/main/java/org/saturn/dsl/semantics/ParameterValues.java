package org.saturn.dsl.semantics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.saturn.dsl.saturn.NameValue;
import org.saturn.dsl.saturn.NumberValue;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.TextValue;
import org.saturn.dsl.saturn.Value;

/** Checks a written parameter against its catalog entry and converts it to a run-plan value. */
public final class ParameterValues {

    private ParameterValues() {
    }

    /** Why the written value does not fit, or empty when it does. */
    public static Optional<String> problem(ParameterCatalog.Parameter spec, Parameter written) {
        List<Value> values = written.getValues();
        if (values.isEmpty()) {
            return Optional.empty(); // a syntax error, reported by the parser
        }
        if (values.size() != spec.arity()) {
            return Optional.of(spec.name() + " takes " + (spec.arity() == 1 ? "one value" : spec.arity()
                    + " values separated by commas") + ", not " + values.size());
        }
        for (Value value : values) {
            Optional<String> problem = problem(spec, value);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problem(ParameterCatalog.Parameter spec, Value value) {
        String expected = spec.name() + " must be " + spec.describeType();
        switch (spec.type()) {
            case INTEGER, REAL -> {
                if (!(value instanceof NumberValue number)) {
                    return Optional.of(expected + ", not '" + text(value) + "'");
                }
                double x = number.getValue();
                if (spec.type() == ParameterCatalog.ValueType.INTEGER && x != Math.rint(x)) {
                    return Optional.of(expected + ", not " + text(value));
                }
                boolean belowMin = spec.minExclusive() ? x <= spec.min() : x < spec.min();
                if (belowMin || x > spec.max()) {
                    return Optional.of(spec.name() + " must be " + spec.describeRange() + ", not " + text(value));
                }
                return Optional.empty();
            }
            case CHOICE, BOOLEAN -> {
                String name = value instanceof NameValue n ? n.getValue() : null;
                return name != null && spec.choices().contains(name) ? Optional.empty()
                        : Optional.of(spec.name() + " must be one of " + String.join(", ", spec.choices()) + ", not '"
                                + text(value) + "'");
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** The run-plan value: Long, Double, String, Boolean, or a list of Doubles. Assumes no problem. */
    public static Object convert(ParameterCatalog.Parameter spec, Parameter written) {
        if (problem(spec, written).isPresent() || written.getValues().isEmpty()) {
            throw new IllegalArgumentException(written.getName() + " has no valid value");
        }
        if (spec.arity() > 1) {
            List<Object> list = new ArrayList<>();
            written.getValues().forEach(value -> list.add(convert(spec, value)));
            return list;
        }
        return convert(spec, written.getValues().get(0));
    }

    private static Object convert(ParameterCatalog.Parameter spec, Value value) {
        return switch (spec.type()) {
            case INTEGER -> (long) ((NumberValue) value).getValue();
            case REAL -> ((NumberValue) value).getValue();
            case BOOLEAN -> Boolean.valueOf(((NameValue) value).getValue());
            case CHOICE -> ((NameValue) value).getValue();
        };
    }

    public static String text(Value value) {
        if (value instanceof NumberValue number) {
            return org.saturn.dsl.conversion.SaturnValueConverterService.format(number.getValue());
        }
        if (value instanceof NameValue name) {
            return name.getValue();
        }
        if (value instanceof TextValue text) {
            return "\"" + text.getValue() + "\"";
        }
        return "?";
    }
}
