package org.saturn.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


/**
 * The Runs view's filter: whitespace-separated terms that must all hold. {@code key=value}
 * compares a field exactly (status, model, regime, seed, study, group, id, or any parameter of
 * the resolved configuration such as {@code optimizer.lr}; {@code tag=X}: a tag named X or valued X,
 * {@code tag.KEY=VALUE}: that tag of {@code saturn tag}); any other term is a case-insensitive
 * substring of the study, group, run id, status or message. The empty filter keeps every run.
 */
public final class RunsFilter {

    public static final RunsFilter ALL = new RunsFilter("");

    private record Term(String key, String value) {
    }

    private final String text;
    private final List<Term> terms = new ArrayList<>();

    private RunsFilter(String text) {
        this.text = text.strip();
        for (String term : this.text.split("\\s+")) {
            if (term.isEmpty()) {
                continue;
            }
            int equals = term.indexOf('=');
            terms.add(equals > 0 ? new Term(term.substring(0, equals), term.substring(equals + 1).toLowerCase(Locale.ROOT))
                    : new Term(null, term.toLowerCase(Locale.ROOT)));
        }
    }

    public static RunsFilter parse(String text) {
        return text == null || text.isBlank() ? ALL : new RunsFilter(text);
    }

    public boolean acceptsAll() {
        return terms.isEmpty();
    }

    public boolean accepts(RunRow row) {
        for (Term term : terms) {
            if (!(term.key() == null ? containsText(row, term.value()) : fieldEquals(row, term.key(), term.value()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsText(RunRow row, String needle) {
        for (String haystack : new String[] { row.study(), row.group(), row.run().runId(), row.statusText(),
                row.message() }) {
            if (haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fieldEquals(RunRow row, String key, String value) {
        if (key.equals("tag") || key.startsWith("tag.")) {
            return tagMatches(row.tags(), key, value);
        }
        String actual = switch (key) {
            case "status" -> row.statusText();
            case "model" -> row.model();
            case "regime" -> row.regime();
            case "seed" -> Long.toString(row.seed());
            case "study" -> row.study();
            case "group" -> row.group();
            case "id" -> row.run().runId();
            default -> row.parameter(key);
        };
        return actual != null && actual.toLowerCase(Locale.ROOT).equals(value);
    }

    /** {@code tag=X}: a tag named X or valued X; {@code tag.KEY=VALUE}: tag KEY has that value (case-insensitive). */
    private static boolean tagMatches(org.saturn.core.store.RunTags tags, String key, String value) {
        if (key.equals("tag")) {
            return tags.tags().entrySet().stream().anyMatch(tag -> tag.getKey().toLowerCase(Locale.ROOT).equals(value)
                    || tag.getValue().toLowerCase(Locale.ROOT).equals(value));
        }
        String actual = tags.tags().get(key.substring("tag.".length()));
        return actual != null && actual.toLowerCase(Locale.ROOT).equals(value);
    }

    @Override
    public String toString() {
        return text;
    }
}
