package org.saturn.ui.views.runs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.saturn.core.report.RunsColumns;
import org.saturn.core.report.RunsTree;

/**
 * The order the Runs view lists groups and runs in: the tree's own, or by one column (a click on
 * its header; again to reverse). Cells compare by their leading number where both have one (test
 * loss "0.1234 ± 0.0012", step "300 / 300", gap "+2.31"), else as text; studies keep their order.
 * Sorted lists are kept per snapshot list, so a virtual tree asking for one row at a time does not
 * sort once per row.
 */
final class RunsOrder {

    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*([+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?)");

    private RunsColumns column;
    private boolean descending;
    private final Map<List<?>, List<?>> sorted = new IdentityHashMap<>();

    /** Sorts by {@code clicked}: ascending first, reversed when it is the column already sorted by. */
    void sortBy(RunsColumns clicked) {
        descending = clicked == column && !descending;
        column = clicked;
        sorted.clear();
    }

    RunsColumns column() {
        return column;
    }

    boolean descending() {
        return descending;
    }

    /** The children in the chosen order (the same list when unsorted); {@code tree} labels the cells. */
    List<?> apply(RunsTree tree, List<?> children) {
        if (column == null || children.size() < 2 || children.get(0) instanceof RunsTree.Study) {
            return children;
        }
        if (sorted.size() > 10_000) {
            sorted.clear(); // lists of old snapshots
        }
        return sorted.computeIfAbsent(children, list -> {
            List<Object> copy = new ArrayList<>(list);
            Comparator<Object> byCell = Comparator.comparing(element -> column.text(tree, element), RunsOrder::compareCells);
            copy.sort(descending ? byCell.reversed() : byCell);
            return List.copyOf(copy);
        });
    }

    /** Numbers as numbers (an empty or "–" cell last), text as text. */
    static int compareCells(String a, String b) {
        Double x = leadingNumber(a);
        Double y = leadingNumber(b);
        if (x != null && y != null) {
            return Double.compare(x, y);
        }
        if (x != null || y != null) {
            return x != null ? -1 : 1;
        }
        return a.compareToIgnoreCase(b);
    }

    private static Double leadingNumber(String text) {
        Matcher matcher = LEADING_NUMBER.matcher(text);
        return matcher.find() ? Double.valueOf(matcher.group(1)) : null;
    }
}
