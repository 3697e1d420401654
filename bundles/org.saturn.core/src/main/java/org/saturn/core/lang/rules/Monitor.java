package org.saturn.core.lang.rules;

/**
 * Tracks a {@link Condition} along a word, symbol by symbol. States are immutable values with
 * {@code equals}/{@code hashCode}, so searches and dynamic programmes can merge equal states.
 */
public interface Monitor {

    /** Returned by {@link #distance} when no completion within the budget reaches the target. */
    int UNREACHABLE = Integer.MAX_VALUE;

    Object start();

    Object step(Object state, String symbol);

    boolean holds(Object state);

    /**
     * The least number of symbols to append so that the condition's truth value becomes
     * {@code target}, or {@link #UNREACHABLE} if that needs more than {@code budget} symbols.
     * Exact for every condition in this package.
     */
    int distance(Object state, boolean target, int budget);

    default Object run(Object state, Iterable<String> symbols) {
        Object current = state;
        for (String symbol : symbols) {
            current = step(current, symbol);
        }
        return current;
    }
}
