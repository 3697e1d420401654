package org.saturn.dsl.semantics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Mixture;
import org.saturn.dsl.saturn.Rule;
import org.saturn.dsl.saturn.Source;
import org.saturn.dsl.saturn.Symbol;
import org.saturn.dsl.saturn.Task;

/** What a training source (a language or a mixture of languages) offers to prompts and studies. */
public final class Sources {

    private Sources() {
    }

    /** The vocabulary's symbols: a language's alphabet; a mixture's task alphabets and delimiter. */
    public static List<Symbol> symbols(Source source) {
        Map<String, Symbol> byName = new LinkedHashMap<>();
        for (Language language : languages(source)) {
            for (Symbol symbol : language.getSymbols()) {
                if (symbol.getName() != null) {
                    byName.putIfAbsent(symbol.getName(), symbol);
                }
            }
        }
        if (source instanceof Mixture mixture && mixture.getDelimiter() != null) {
            byName.putIfAbsent(mixture.getDelimiter().getName(), mixture.getDelimiter());
        }
        return new ArrayList<>(byName.values());
    }

    public static List<String> symbolNames(Source source) {
        return symbols(source).stream().map(Symbol::getName).toList();
    }

    /** A language's rules; a mixture's rules of every task (the first of a name wins). */
    public static List<Rule> rules(Source source) {
        Map<String, Rule> byName = new LinkedHashMap<>();
        for (Language language : languages(source)) {
            for (Rule rule : language.getRules()) {
                if (rule.getName() != null) {
                    byName.putIfAbsent(rule.getName(), rule);
                }
            }
        }
        return new ArrayList<>(byName.values());
    }

    public static List<Language> languages(Source source) {
        List<Language> languages = new ArrayList<>();
        if (source instanceof Language language) {
            languages.add(language);
        } else if (source instanceof Mixture mixture) {
            for (Task task : mixture.getTasks()) {
                if (task.getLanguage() != null && !task.getLanguage().eIsProxy()) {
                    languages.add(task.getLanguage());
                }
            }
        }
        return languages;
    }

    /** "a b c" for messages. */
    public static String alphabetText(Source source) {
        return String.join(" ", symbolNames(source));
    }
}
