package org.saturn.core.lang.rules;

import java.util.List;
import java.util.Set;

import org.saturn.core.lang.Word;

/** {@code left op right} over linear combinations of symbol counts, e.g. {@code count(a) == count(b)}. */
public record CountComparison(LinearCount left, Relation relation, LinearCount right) implements Condition {

    /** Comparison operators. */
    public enum Relation {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String text;

        Relation(String text) {
            this.text = text;
        }

        public boolean test(int difference) {
            return switch (this) {
                case EQ -> difference == 0;
                case NE -> difference != 0;
                case LT -> difference < 0;
                case LE -> difference <= 0;
                case GT -> difference > 0;
                case GE -> difference >= 0;
            };
        }

        public String text() {
            return text;
        }
    }

    private LinearCount difference() {
        return left.minus(right);
    }

    @Override
    public boolean test(Word word) {
        return relation.test(difference().evaluate(word));
    }

    @Override
    public Set<String> symbols() {
        return difference().coefficients().keySet();
    }

    @Override
    public String describe() {
        return left.describe() + " " + relation.text() + " " + right.describe();
    }

    @Override
    public Monitor monitor(List<String> alphabet) {
        LinearCount difference = difference();
        int[] steps = alphabet.stream().mapToInt(difference::coefficient).toArray();
        return new Monitor() {
            private final StepTable table = new StepTable(steps);

            @Override
            public Object start() {
                return difference.constant();
            }

            @Override
            public Object step(Object state, String symbol) {
                return (Integer) state + difference.coefficient(symbol);
            }

            @Override
            public boolean holds(Object state) {
                return relation.test((Integer) state);
            }

            @Override
            public int distance(Object state, boolean target, int budget) {
                int value = (Integer) state;
                if (relation.test(value) == target) {
                    return 0;
                }
                // the values v with relation.test(v) == target form an interval, or all but the point 0
                boolean pointTarget = (relation == Relation.EQ) == target && (relation == Relation.EQ || relation == Relation.NE);
                boolean allButZero = (relation == Relation.NE) == target && (relation == Relation.EQ || relation == Relation.NE);
                int distance;
                if (pointTarget) {
                    distance = table.steps(-value, budget);
                } else if (allButZero) {
                    distance = table.anyNonZeroStep() ? 1 : UNREACHABLE; // value is 0 here
                } else {
                    boolean upward = switch (relation) {
                        case GT, GE -> target;
                        default -> !target;
                    };
                    int bound = switch (relation) {
                        case LT -> target ? -1 : 0;
                        case LE -> target ? 0 : 1;
                        case GT -> target ? 1 : 0;
                        case GE -> target ? 0 : -1;
                        default -> throw new IllegalStateException();
                    };
                    distance = upward ? table.stepsAtLeast(bound - value, budget) : table.stepsAtMost(bound - value, budget);
                }
                return distance <= budget ? distance : UNREACHABLE;
            }
        };
    }

    /**
     * Least number of symbols whose count coefficients sum to a given change. Sums commute, so
     * partial sums never need to leave the range of the target plus one step.
     */
    static final class StepTable {
        private final int[] steps;
        private final int maxStep;
        private int range = -1;
        private int[] least;

        StepTable(int[] steps) {
            this.steps = steps;
            this.maxStep = java.util.Arrays.stream(steps).map(Math::abs).max().orElse(0);
        }

        boolean anyNonZeroStep() {
            return maxStep > 0;
        }

        private void ensure(int budget) {
            int needed = Math.max(1, budget) * Math.max(1, maxStep) + maxStep;
            if (needed <= range) {
                return;
            }
            range = needed;
            least = new int[2 * range + 1];
            java.util.Arrays.fill(least, Monitor.UNREACHABLE);
            int[] queue = new int[least.length];
            int head = 0;
            int tail = 0;
            least[range] = 0;
            queue[tail++] = 0;
            while (head < tail) {
                int value = queue[head++];
                for (int step : steps) {
                    int next = value + step;
                    if (Math.abs(next) <= range && least[next + range] == Monitor.UNREACHABLE) {
                        least[next + range] = least[value + range] + 1;
                        queue[tail++] = next;
                    }
                }
            }
        }

        int steps(int change, int budget) {
            ensure(budget);
            return Math.abs(change) > range ? Monitor.UNREACHABLE : least[change + range];
        }

        int stepsAtLeast(int change, int budget) {
            ensure(budget);
            int best = Monitor.UNREACHABLE;
            for (int v = Math.max(change, -range); v <= range; v++) {
                best = Math.min(best, least[v + range]);
            }
            return best;
        }

        int stepsAtMost(int change, int budget) {
            ensure(budget);
            int best = Monitor.UNREACHABLE;
            for (int v = Math.min(change, range); v >= -range; v--) {
                best = Math.min(best, least[v + range]);
            }
            return best;
        }
    }
}
