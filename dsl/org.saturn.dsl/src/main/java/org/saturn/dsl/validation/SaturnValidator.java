package org.saturn.dsl.validation;

import java.util.HashSet;
import java.util.Set;

import org.eclipse.xtext.validation.Check;
import org.saturn.dsl.saturn.Comparison;
import org.saturn.dsl.saturn.IntTerm;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Rule;
import org.saturn.dsl.saturn.SaturnPackage;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.saturn.Symbol;

/**
 * Checks a researcher would want before a single run starts. Each message names the offending
 * element; the diagnostic range is the element's name or the offending expression.
 */
public class SaturnValidator extends AbstractSaturnValidator {

    public static final String DUPLICATE_SYMBOL = "saturn.duplicateSymbol";
    public static final String DUPLICATE_RULE = "saturn.duplicateRule";
    public static final String DUPLICATE_LANGUAGE = "saturn.duplicateLanguage";
    public static final String CONSTANT_COMPARISON = "saturn.constantComparison";

    @Check
    public void symbolsAreDistinct(Language language) {
        Set<String> seen = new HashSet<>();
        for (Symbol symbol : language.getSymbols()) {
            if (!seen.add(symbol.getName())) {
                error("Symbol '" + symbol.getName() + "' appears twice in the alphabet of " + language.getName(),
                        symbol, SaturnPackage.Literals.SYMBOL__NAME, DUPLICATE_SYMBOL);
            }
        }
    }

    @Check
    public void rulesAreDistinct(Language language) {
        Set<String> seen = new HashSet<>();
        for (Rule rule : language.getRules()) {
            if (!seen.add(rule.getName())) {
                error("Rule '" + rule.getName() + "' is defined twice in " + language.getName(),
                        rule, SaturnPackage.Literals.RULE__NAME, DUPLICATE_RULE);
            }
        }
    }

    @Check
    public void languagesAreDistinct(Spec spec) {
        Set<String> seen = new HashSet<>();
        spec.getElements().stream().filter(Language.class::isInstance).map(Language.class::cast).forEach(language -> {
            if (!seen.add(language.getName())) {
                error("Language '" + language.getName() + "' is defined twice", language,
                        SaturnPackage.Literals.LANGUAGE__NAME, DUPLICATE_LANGUAGE);
            }
        });
    }

    @Check
    public void comparisonMentionsASymbol(Comparison comparison) {
        if (comparison.getLeft() instanceof IntTerm && comparison.getRight() instanceof IntTerm) {
            warning("This rule compares two constants, so it holds for every word or for none", comparison, null,
                    CONSTANT_COMPARISON);
        }
    }
}
