package org.saturn.dsl.conversion;

import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.nodemodel.INode;

import com.google.inject.Inject;

/**
 * Symbols are written bare when they are identifiers ({@code a}) and quoted otherwise
 * ({@code "("}); numbers are doubles written in their shortest form.
 */
public class SaturnValueConverterService extends DefaultTerminalConverters {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    @Inject
    private IGrammarAccess grammarAccess;

    private Set<String> keywords;

    @ValueConverter(rule = "SymbolName")
    public IValueConverter<String> symbolName() {
        return new IValueConverter<>() {
            @Override
            public String toValue(String string, INode node) {
                if (string == null) {
                    return null;
                }
                return string.startsWith("\"") || string.startsWith("'") ? STRING().toValue(string, node)
                        : ID().toValue(string, node);
            }

            @Override
            public String toString(String value) {
                if (IDENTIFIER.matcher(value).matches() && !keywords().contains(value)) {
                    return value;
                }
                return STRING().toString(value);
            }
        };
    }

    @ValueConverter(rule = "Number")
    public IValueConverter<Double> number() {
        return new IValueConverter<>() {
            @Override
            public Double toValue(String string, INode node) {
                if (string == null || string.isEmpty()) {
                    throw new ValueConverterException("A number is missing here", node, null);
                }
                try {
                    return Double.valueOf(string);
                } catch (NumberFormatException e) {
                    throw new ValueConverterException("'" + string + "' is not a number", node, e);
                }
            }

            @Override
            public String toString(Double value) {
                return format(value);
            }
        };
    }

    /** The shortest spelling the grammar reads back as the same double. */
    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return plain.length() <= 10 ? plain : Double.toString(value).replace("E", "e");
    }

    private Set<String> keywords() {
        if (keywords == null) {
            keywords = GrammarUtil.getAllKeywords(grammarAccess.getGrammar());
        }
        return keywords;
    }
}
