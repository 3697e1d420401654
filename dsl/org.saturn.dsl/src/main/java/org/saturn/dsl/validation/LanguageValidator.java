package org.saturn.dsl.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.saturn.core.lang.Word;
import org.saturn.dsl.compiler.CoreLanguages;
import org.saturn.dsl.compiler.DefinitionText;
import org.saturn.dsl.compiler.SaturnCompiler.SpecException;
import org.saturn.dsl.saturn.Balanced;
import org.saturn.dsl.saturn.Generator;
import org.saturn.dsl.saturn.GrammarGenerator;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Mixture;
import org.saturn.dsl.saturn.ProcessGenerator;
import org.saturn.dsl.saturn.Production;
import org.saturn.dsl.saturn.Rule;
import org.saturn.dsl.saturn.Symbol;
import org.saturn.dsl.saturn.Task;
import org.saturn.dsl.saturn.TemplateGenerator;
import org.saturn.dsl.saturn.Variable;
import org.saturn.dsl.semantics.ParameterCatalog;
import org.saturn.dsl.semantics.ParameterCatalog.Section;
import org.saturn.dsl.semantics.Sources;

/**
 * Languages and mixtures: names, bounds, and whether the generator agrees with the rules, decided
 * by core's generator and rules, the very ones training uses.
 */
public class LanguageValidator extends SaturnChecks {

    /** How many words the sampling check draws, and from which seed (deterministic diagnostics). */
    public static final int SAMPLED_WORDS = 200;
    public static final long SAMPLING_SEED = 0;

    @Check
    public void languageNamesAreDistinct(Language language) {
        reportDuplicates(language.getSymbols(), Symbol::getName, SATURN.getGrammarSymbol_Name(),
                name -> "Symbol '" + name + "' appears twice in the alphabet of " + language.getName());
        reportDuplicates(language.getRules(), Rule::getName, SATURN.getRule_Name(),
                name -> "Rule '" + name + "' is defined twice in " + language.getName());
    }

    @Check
    public void variableNamesAreDistinct(TemplateGenerator generator) {
        reportDuplicates(generator.getVariables(), Variable::getName, SATURN.getVariable_Name(),
                name -> "Variable '" + name + "' is declared twice");
    }

    @Check
    public void nonterminalsAreDistinct(GrammarGenerator generator) {
        reportDuplicates(generator.getProductions(), Production::getName, SATURN.getGrammarSymbol_Name(),
                name -> "Nonterminal '" + name + "' has two productions: join them with |");
        Language language = (Language) generator.eContainer();
        for (Production production : generator.getProductions()) {
            if (language.getSymbols().stream().anyMatch(s -> s.getName().equals(production.getName()))) {
                error("Nonterminal '" + production.getName() + "' has the name of a symbol of " + language.getName(),
                        production, SATURN.getGrammarSymbol_Name(), IssueCodes.DUPLICATE_NAME);
            }
        }
    }

    @Check
    public void languageIsComplete(Language language) {
        if (language.getGenerators().size() > 1) {
            for (int i = 1; i < language.getGenerators().size(); i++) {
                error("A language has one generator; " + language.getName() + " has "
                        + language.getGenerators().size(), language.getGenerators().get(i), null,
                        IssueCodes.SEVERAL_GENERATORS);
            }
        }
        if (!language.eIsSet(SATURN.getLanguage_MaxLength())) {
            warning(language.getName() + " sets no maxLength: " + CoreLanguages.DEFAULT_MAX_LENGTH
                    + " is used (write 'maxLength N' after the alphabet)", language, SATURN.getElement_Name(),
                    IssueCodes.MISSING_MAX_LENGTH);
        } else if (language.getMaxLength() < 1) {
            error("maxLength must be at least 1", language, SATURN.getLanguage_MaxLength(), IssueCodes.NOT_POSITIVE);
        }
    }

    @Check
    public void bracketsDiffer(Balanced balanced) {
        if (balanced.getOpen() != null && balanced.getOpen() == balanced.getClose()) {
            error("The opening and the closing bracket must be different symbols", balanced,
                    SATURN.getBalanced_Close(), IssueCodes.SAME_BRACKETS);
        }
        java.util.List<org.saturn.dsl.saturn.Symbol> all = new java.util.ArrayList<>();
        all.add(balanced.getOpen());
        all.add(balanced.getClose());
        for (int i = 0; i < balanced.getMoreOpen().size(); i++) {
            all.add(balanced.getMoreOpen().get(i));
            all.add(i < balanced.getMoreClose().size() ? balanced.getMoreClose().get(i) : null);
        }
        if (all.contains(null) && !balanced.getMoreOpen().isEmpty()) {
            error("Brackets come in pairs: 'balanced \"(\" \")\" \"[\" \"]\"'", balanced, SATURN.getBalanced_MoreOpen(),
                    IssueCodes.SAME_BRACKETS);
        } else if (balanced.getOpen() != null && new java.util.HashSet<>(all).size() < all.size()
                && !balanced.getMoreOpen().isEmpty()) {
            error("Each bracket symbol may appear once among the pairs", balanced, SATURN.getBalanced_MoreOpen(),
                    IssueCodes.SAME_BRACKETS);
        }
    }

    @Check
    public void processIsKnown(ProcessGenerator process) {
        if (ParameterCatalog.kind(Section.PROCESS, process.getProcess()).isEmpty()) {
            error("Unknown generator process '" + process.getProcess() + "': choose "
                    + String.join(" or ", ParameterCatalog.kindNames(Section.PROCESS)), process,
                    SATURN.getProcessGenerator_Process(), IssueCodes.UNKNOWN_PROCESS);
        } else {
            checkParameters(ParameterCatalog.kind(Section.PROCESS, process.getProcess()).get(),
                    process.getParameters());
        }
    }

    /**
     * Samples core's generator (fixed seed) and checks every word against core's rules, so a
     * generator and its rules cannot silently disagree, and what check accepts is what trains.
     */
    @Check(CheckType.NORMAL)
    public void generatorAgreesWithRules(Generator generator) {
        if (!(generator.eContainer() instanceof Language language) || hasUnresolvedReferences(language)) {
            return;
        }
        // sampling depends only on the language's text: an editor re-validating after an edit elsewhere reuses it
        String definition = DefinitionText.of(language) + "#" + language.getGenerators().indexOf(generator);
        List<Finding> cached = SAMPLING_CACHE.get(definition);
        if (cached == null) {
            cached = sample(language, generator);
            SAMPLING_CACHE.put(definition, cached);
        }
        for (Finding finding : cached) {
            error(finding.message(), generator, null, finding.code());
        }
    }

    /**
     * A language the engine cannot train on yet (a form core does not implement) is legal to write
     * and check, but a researcher should know before launching; a study on it is an error.
     */
    @Check(CheckType.NORMAL)
    public void languageRunsInCore(Language language) {
        if (language.getGenerators().size() != 1 || language.getRules().isEmpty() || hasUnresolvedReferences(language)
                || getContext() == null) {
            return;
        }
        CoreLanguages.unsupportedForm(language).ifPresent(problem -> warning(problem
                + ": this language can be checked and planned, not trained on", language, SATURN.getElement_Name(),
                IssueCodes.NOT_RUNNABLE));
    }

    @Check
    public void mixtureIsWellFormed(Mixture mixture) {
        for (Task task : mixture.getTasks()) {
            if (task.eIsSet(SATURN.getTask_Weight()) && !(task.getWeight() > 0)) {
                error("A task weight must be above 0", task, SATURN.getTask_Weight(), IssueCodes.NOT_POSITIVE);
            }
        }
        Symbol delimiter = mixture.getDelimiter();
        if (delimiter != null) {
            for (Language language : Sources.languages(mixture)) {
                if (language.getSymbols().stream().anyMatch(s -> s.getName().equals(delimiter.getName()))) {
                    error("The delimiter '" + delimiter.getName() + "' is already a symbol of " + language.getName()
                            + ": choose a token no task uses", delimiter, SATURN.getGrammarSymbol_Name(),
                            IssueCodes.DELIMITER_IN_ALPHABET);
                }
            }
        }
        if (mixture.getWordsPerSequence() != null) {
            checkRange(mixture.getWordsPerSequence(), "words per sequence");
        }
    }

    /** An error of the sampling check: its message and code. */
    private record Finding(String message, String code) {
    }

    /** Findings of the sampling check per language text, least recently used dropped. */
    private static final Map<String, List<Finding>> SAMPLING_CACHE = leastRecentlyUsed(256);

    /**
     * Core's checks of a language's generator at its maxLength (those core's {@code Language}
     * makes before training), each with the message a researcher can act on. A form core cannot
     * run yet has no findings here: {@link #languageRunsInCore} names it.
     */
    private static List<Finding> sample(Language language, Generator generator) {
        int maxLength = CoreLanguages.maxLength(language);
        org.saturn.core.lang.gen.Generator core;
        try {
            core = CoreLanguages.generator(generator, maxLength);
        } catch (SpecException e) {
            return List.of();
        } catch (RuntimeException e) {
            return List.of(new Finding("The generator cannot produce words: " + e.getMessage(),
                    IssueCodes.GENERATOR_FAILS));
        }
        if (core.maxWordLength() > maxLength) {
            return List.of(new Finding("The generator produces words of up to " + core.maxWordLength()
                    + " symbols, longer than maxLength " + maxLength + ": raise maxLength or shorten the words",
                    IssueCodes.WORD_TOO_LONG));
        }
        List<Rule> rules = new ArrayList<>();
        List<org.saturn.core.lang.Rule> coreRules = new ArrayList<>();
        for (Rule rule : language.getRules()) {
            try {
                coreRules.add(CoreLanguages.rule(rule));
                rules.add(rule);
            } catch (RuntimeException e) {
                // a rule core cannot express (languageRunsInCore names it) or an incomplete one (a syntax error)
            }
        }
        List<String> alphabet = language.getSymbols().stream().map(Symbol::getName).toList();
        SplittableRandom random = new SplittableRandom(SAMPLING_SEED);
        try {
            for (int i = 0; i < SAMPLED_WORDS; i++) {
                Word word = core.sample(random);
                for (String symbol : word.symbols()) {
                    if (!alphabet.contains(symbol)) {
                        return List.of(new Finding("The generator produces '" + show(word) + "', whose symbol '"
                                + symbol + "' is not in the alphabet (" + String.join(" ", alphabet) + ")",
                                IssueCodes.GENERATOR_FAILS));
                    }
                }
                for (int r = 0; r < rules.size(); r++) {
                    if (!coreRules.get(r).test(word)) {
                        Rule rule = rules.get(r);
                        return List.of(new Finding("The generator produces '" + show(word)
                                + "', which violates rule " + rule.getName()
                                + (rule.getLabel() != null ? " (" + rule.getLabel() + ")" : "")
                                + ": the generator and the rules disagree", IssueCodes.GENERATOR_VIOLATES_RULE));
                    }
                }
            }
        } catch (RuntimeException e) {
            return List.of(new Finding("The generator cannot produce words: " + e.getMessage(),
                    IssueCodes.GENERATOR_FAILS));
        }
        return List.of();
    }

    private static String show(Word word) {
        return word.isEmpty() ? "(the empty word)" : word.toString();
    }
}
