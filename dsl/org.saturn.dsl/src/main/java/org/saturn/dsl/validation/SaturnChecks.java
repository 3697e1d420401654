package org.saturn.dsl.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.EValidatorRegistrar;
import org.saturn.dsl.saturn.IntegerRange;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.SaturnPackage;
import org.saturn.dsl.semantics.ParameterCatalog;
import org.saturn.dsl.semantics.ParameterCatalog.Kind;
import org.saturn.dsl.semantics.ParameterCatalog.Section;
import org.saturn.dsl.semantics.ParameterValues;

import com.google.inject.Inject;

/**
 * What the validators of one concern share: the checks of {@code name value} parameters, ranges
 * and names. They run composed into {@link SaturnValidator}, so they do not register themselves.
 */
public abstract class SaturnChecks extends AbstractDeclarativeValidator {

    protected static final SaturnPackage SATURN = SaturnPackage.eINSTANCE;

    @Inject
    @Override
    public void register(EValidatorRegistrar registrar) {
        // composed into SaturnValidator, which is registered for the package
    }

    @Override
    protected List<EPackage> getEPackages() {
        return List.of(SATURN);
    }

    /** A thread-safe cache of results per spec text that keeps the {@code capacity} most recently used. */
    protected static <V> java.util.Map<String, V> leastRecentlyUsed(int capacity) {
        return java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        });
    }

    protected void checkKind(Section section, String kindName, EObject owner, EStructuralFeature kindFeature,
            List<Parameter> parameters) {
        Optional<Kind> kind = ParameterCatalog.kind(section, kindName);
        if (kind.isEmpty()) {
            error("Unknown " + section.noun() + " '" + kindName + "': choose "
                    + String.join(", ", ParameterCatalog.kindNames(section)), owner, kindFeature,
                    IssueCodes.UNKNOWN_KIND);
        } else {
            checkParameters(kind.get(), parameters);
        }
    }

    protected void checkParameters(Kind kind, List<Parameter> parameters) {
        Set<String> seen = new HashSet<>();
        for (Parameter parameter : parameters) {
            Optional<ParameterCatalog.Parameter> spec = kind.parameter(parameter.getName());
            if (spec.isEmpty()) {
                error(describe(kind) + " has no parameter '" + parameter.getName() + "'"
                        + (kind.parameters().isEmpty() ? "" : "; its parameters are "
                                + String.join(", ", kind.parameterNames())), parameter, SATURN.getParameter_Name(),
                        IssueCodes.UNKNOWN_PARAMETER);
                continue;
            }
            if (!seen.add(parameter.getName())) {
                error(parameter.getName() + " is set twice", parameter, SATURN.getParameter_Name(),
                        IssueCodes.DUPLICATE_SETTING);
            }
            Optional<String> problem = ParameterValues.problem(spec.get(), parameter);
            if (problem.isPresent()) {
                error(problem.get(), parameter, SATURN.getParameter_Values(), IssueCodes.BAD_VALUE);
            } else if (!parameter.getValues().isEmpty()) {
                untrained(kind, parameter.getName(), ParameterValues.convert(spec.get(), parameter))
                        .ifPresent(message -> error(message, parameter, SATURN.getParameter_Name(),
                                IssueCodes.NOT_TRAINABLE));
            }
        }
    }

    /**
     * Why the engine would not train with this value of a parameter it does not read (it always
     * uses one value, or has no such setting); empty for a value it trains with.
     */
    protected static Optional<String> untrained(Kind kind, String parameter, Object value) {
        return ParameterCatalog.engineValue(kind, parameter).filter(fixed -> !sameValue(fixed.value(), value))
                .map(fixed -> fixed.value() == null
                        ? "Saturn's engine cannot train " + describe(kind).toLowerCase(java.util.Locale.ROOT)
                                + " with " + parameter + " yet: remove it"
                        : "Saturn's engine cannot train with " + parameter + " other than "
                                + written(fixed.value()) + " yet");
    }

    /** A value as a spec writes it ({@code 1e-8}, {@code 0.9, 0.999}). */
    private static String written(Object value) {
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(SaturnChecks::written).toList());
        }
        if (value instanceof Number number && number.doubleValue() != 0 && Math.abs(number.doubleValue()) < 1e-3) {
            // 1e-8 rather than 0.00000001
            return java.math.BigDecimal.valueOf(number.doubleValue()).stripTrailingZeros().toString()
                    .toLowerCase(java.util.Locale.ROOT);
        }
        return value instanceof Number number ? format(number.doubleValue()) : String.valueOf(value);
    }

    private static boolean sameValue(Object fixed, Object value) {
        if (fixed instanceof Number a && value instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        if (fixed instanceof List<?> a && value instanceof List<?> b && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                if (!sameValue(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return fixed != null && fixed.equals(value);
    }

    protected static String describe(Kind kind) {
        return switch (kind.section()) {
            case MODEL -> "A " + kind.name() + " model";
            case FINETUNING -> "Fine-tuning";
            default -> "The " + kind.section().noun() + " " + kind.name();
        };
    }

    protected void checkRange(IntegerRange range, String what) {
        if (range.eIsSet(SATURN.getIntegerRange_High()) && range.getHigh() < range.getLow()) {
            error("The " + what + " " + range.getLow() + ".." + range.getHigh()
                    + " are empty: write the smaller bound first", range, null, IssueCodes.EMPTY_RANGE);
        }
    }

    protected <T> void reportDuplicates(List<? extends T> elements, Function<T, String> name,
            EStructuralFeature feature, Function<String, String> message) {
        Set<String> seen = new HashSet<>();
        for (T element : elements) {
            String elementName = name.apply(element);
            if (elementName != null && !seen.add(elementName)) {
                error(message.apply(elementName), (EObject) element, feature, IssueCodes.DUPLICATE_NAME);
            }
        }
    }

    protected static Parameter find(List<Parameter> parameters, String name) {
        return parameters.stream().filter(p -> name.equals(p.getName())).findFirst().orElse(null);
    }

    protected static double firstNumber(Parameter parameter) {
        return parameter.getValues().isEmpty()
                || !(parameter.getValues().get(0) instanceof org.saturn.dsl.saturn.NumberValue number) ? Double.NaN
                        : number.getValue();
    }

    protected static boolean hasUnresolvedReferences(EObject root) {
        for (java.util.Iterator<EObject> all = root.eAllContents(); all.hasNext();) {
            EObject object = all.next();
            for (EObject target : object.eCrossReferences()) {
                if (target.eIsProxy()) {
                    return true;
                }
            }
        }
        return root.eCrossReferences().stream().anyMatch(EObject::eIsProxy);
    }

    protected static String format(double value) {
        return org.saturn.dsl.conversion.SaturnValueConverterService.format(value);
    }

    protected static boolean resolved(EObject reference) {
        return reference != null && !reference.eIsProxy();
    }
}
