package org.saturn.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.saturn.core.results.Parameter;
import org.saturn.core.results.RunRecord;

/**
 * The Runs view's filter: whitespace-separated terms that must all hold. {@code key=value}
 * compares a field exactly (status, model, regime, seed, study, group, id, or any parameter of
 * the resolved configuration such as {@code optimizer.lr}); any other term is a case-insensitive
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
        RunRecord r = row.record();
        for (String haystack : new String[] { r.getStudy(), r.getGroup(), row.run().runId(), row.statusText(),
                r.getMessage() }) {
            if (haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fieldEquals(RunRow row, String key, String value) {
        RunRecord r = row.record();
        String actual = switch (key) {
            case "status" -> row.statusText();
            case "model" -> r.getModel();
            case "regime" -> r.getRegime();
            case "seed" -> Long.toString(r.getSeed());
            case "study" -> r.getStudy();
            case "group" -> r.getGroup();
            case "id" -> row.run().runId();
            default -> parameter(r, key);
        };
        return actual != null && actual.toLowerCase(Locale.ROOT).equals(value);
    }

    private static String parameter(RunRecord record, String key) {
        for (Parameter parameter : record.getParameters()) {
            if (parameter.getKey().equals(key)) {
                return parameter.getValue();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
