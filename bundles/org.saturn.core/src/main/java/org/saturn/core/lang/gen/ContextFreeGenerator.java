package org.saturn.core.lang.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.saturn.core.lang.LanguageException;
import org.saturn.core.lang.Word;

/**
 * Words of a weighted context-free grammar with a length bound: every derivation from the start
 * symbol has the product of its productions' weights (normalised per nonterminal) as probability,
 * and the word distribution is that of the derived words conditioned on being at most
 * {@code bound} symbols long. Ambiguous grammars, empty alternatives and unit productions are
 * allowed; a name with a production is a nonterminal, every other name a terminal symbol.
 *
 * <p>Exactness. An inside-by-length programme gives {@code I_A(n)}, the probability that A
 * derives some string of length n, so sampling chooses the length, then every production and
 * every split of a length among a production's items from exact conditionals (no rejection).
 * Empty alternatives and unit productions make a span's inside value depend on itself linearly;
 * with {@code M[A][B]} the probability that A rewrites to B plus empty siblings, every span is
 * solved by the closure {@code U = (1 - M)^-1}, which exists with non-negative entries exactly
 * when such cycles lose probability ({@code ρ(M) < 1}); other grammars are refused.
 *
 * <p>Prefix probabilities use the chart of inside values of the prefix's spans and, per prefix
 * position i, {@code E_A(i, s)}: the probability of all derivation contexts in which A starts at
 * position i after deriving the prefix's first i symbols, with s symbols still to come right of
 * A. The last prefix symbol is a terminal item of exactly one production of a derivation, so
 * {@code P(u x) = Σ q · inside(items before x) · E ⊗ inside-by-length(items after x)} summed
 * over total lengths within the bound. Both tables grow one column per symbol, so an oracle decodes
 * incrementally. The entropy is exact when the words can be enumerated (few derivations, or few
 * strings within the bound), otherwise a Monte-Carlo estimate from exact word probabilities.
 */
public final class ContextFreeGenerator implements Generator {

    /** Words (or derivations) enumerated at most for an exact entropy. */
    public static final int ENUMERATION_LIMIT = 100_000;


    private static final int EMPTY_ITERATIONS = 200_000;

    /** One alternative of a production: names of symbols and nonterminals (none: the empty word). */
    public record Alternative(List<String> items, double weight) {
        public Alternative {
            items = List.copyOf(items);
        }

        @Override
        public String toString() {
            return items.isEmpty() ? "empty" : String.join(" ", items);
        }
    }

    /** All alternatives of one nonterminal. */
    public record Production(String nonterminal, List<Alternative> alternatives) {
        public Production {
            alternatives = List.copyOf(alternatives);
        }
    }

    private final String start;
    private final List<Production> productions;
    private final int bound;
    private final Map<String, Integer> nonterminalIndex = new LinkedHashMap<>();
    private final List<String> terminals = new ArrayList<>();
    private final Map<String, Integer> terminalIndex = new HashMap<>();
    private final int startIndex;

    // rules: one per alternative; items >= 0 are nonterminals, < 0 terminals as -(index + 1)
    private final int[] lhs;
    private final double[] weight;
    private final int[][] rhs;
    private final int[][] rulesOf;
    private final int[] slotBase; // slot of (rule r, m items done), m = 0..|rhs|
    private final int slots;
    private final int[] itemBase; // item (rule r, position m), m < |rhs|
    private final int items;

    private final Inside inside;
    private final double total; // Z = P(|w| <= bound)
    private final int maxWordLength;
    private final double[] emptyParts;
    private Estimate entropy;

    /** The inside-by-length tables of the grammar under some rule weights. */
    private record Inside(double[] empty, double[][] closure, double[][] byLength, double[][][] suffix) {
    }

    public ContextFreeGenerator(String start, List<Production> productions, int bound) {
        this.start = start;
        this.productions = List.copyOf(productions);
        this.bound = bound;
        if (bound < 0) {
            throw new LanguageException("the length bound of grammar " + start + " must not be negative, not " + bound);
        }
        for (Production production : this.productions) {
            if (nonterminalIndex.putIfAbsent(production.nonterminal(), nonterminalIndex.size()) != null) {
                throw new LanguageException("nonterminal " + production.nonterminal()
                        + " has two productions; join their alternatives");
            }
            if (production.alternatives().isEmpty()) {
                throw new LanguageException("nonterminal " + production.nonterminal() + " has no alternative");
            }
        }
        Integer startAt = nonterminalIndex.get(start);
        if (startAt == null) {
            throw new LanguageException("the grammar has no production for its start symbol " + start);
        }
        startIndex = startAt;
        int rules = this.productions.stream().mapToInt(p -> p.alternatives().size()).sum();
        lhs = new int[rules];
        weight = new double[rules];
        rhs = new int[rules][];
        rulesOf = new int[nonterminalIndex.size()][];
        slotBase = new int[rules];
        itemBase = new int[rules];
        int r = 0;
        int slotCount = 0;
        int itemCount = 0;
        for (Production production : this.productions) {
            int a = nonterminalIndex.get(production.nonterminal());
            double sum = 0;
            for (Alternative alternative : production.alternatives()) {
                if (!(alternative.weight() > 0) || Double.isInfinite(alternative.weight())) {
                    throw new LanguageException("alternative '" + alternative + "' of " + production.nonterminal()
                            + " has weight " + alternative.weight() + "; weights must be positive numbers");
                }
                sum += alternative.weight();
            }
            rulesOf[a] = new int[production.alternatives().size()];
            for (int k = 0; k < production.alternatives().size(); k++) {
                Alternative alternative = production.alternatives().get(k);
                lhs[r] = a;
                weight[r] = alternative.weight() / sum;
                rhs[r] = alternative.items().stream().mapToInt(this::code).toArray();
                rulesOf[a][k] = r;
                slotBase[r] = slotCount;
                slotCount += rhs[r].length + 1;
                itemBase[r] = itemCount;
                itemCount += rhs[r].length;
                r++;
            }
        }
        slots = slotCount;
        items = itemCount;

        inside = lengthInside(weight);
        if (inside == null) {
            throw new LanguageException("the grammar of " + start + " has empty or unit productions through which a"
                    + " nonterminal rewrites to itself with probability 1 without producing a symbol (as in X -> X,"
                    + " or X -> X X | empty with equal weights); give the alternatives that produce symbols more weight");
        }
        double z = 0;
        int longest = -1;
        for (int n = 0; n <= bound; n++) {
            double p = inside.byLength()[startIndex][n];
            z += p;
            if (p > 0) {
                longest = n;
            }
        }
        if (!(z > 0)) {
            throw new LanguageException("the grammar derives no word of at most " + bound + " symbols from " + start);
        }
        total = z;
        maxWordLength = longest;
        emptyParts = new double[slots];
        for (int k = 0; k < rhs.length; k++) {
            emptyParts[slotBase[k]] = 1;
            for (int m = 0; m < rhs[k].length; m++) {
                emptyParts[slotBase[k] + m + 1] = emptyParts[slotBase[k] + m] * emptyInside(inside, rhs[k][m]);
            }
        }
    }

    private int code(String name) {
        Integer nonterminal = nonterminalIndex.get(name);
        if (nonterminal != null) {
            return nonterminal;
        }
        Integer terminal = terminalIndex.get(name);
        if (terminal == null) {
            if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
                throw new LanguageException("grammar symbol '" + name + "' is blank or contains white space");
            }
            terminal = terminals.size();
            terminals.add(name);
            terminalIndex.put(name, terminal);
        }
        return -(terminal + 1);
    }

    private static double emptyInside(Inside inside, int item) {
        return item >= 0 ? inside.empty()[item] : 0;
    }

    /** Inside value of an item over a length: a terminal has length 1, a nonterminal its table. */
    private static double lengthValue(Inside inside, int item, int length) {
        return item >= 0 ? inside.byLength()[item][length] : length == 1 ? 1 : 0;
    }

    // ------------------------------------------------------------------------ inside by length

    /**
     * The inside-by-length tables for these rule weights (probabilities, or 1 to count
     * derivations); null when empty/unit cycles do not lose weight (no finite closure).
     */
    private Inside lengthInside(double[] ruleWeight) {
        int nonterminals = nonterminalIndex.size();
        double[] empty = new double[nonterminals];
        boolean converged = false;
        for (int iteration = 0; iteration < EMPTY_ITERATIONS && !converged; iteration++) {
            double[] next = new double[nonterminals];
            for (int r = 0; r < rhs.length; r++) {
                double product = ruleWeight[r];
                for (int item : rhs[r]) {
                    product *= item >= 0 ? empty[item] : 0;
                }
                next[lhs[r]] += product;
            }
            converged = true;
            for (int a = 0; a < nonterminals; a++) {
                if (!Double.isFinite(next[a]) || next[a] > 1e12) {
                    return null;
                }
                converged &= Math.abs(next[a] - empty[a]) <= 1e-16 * Math.max(1, next[a]);
            }
            empty = next;
        }
        if (!converged) {
            return null;
        }
        double[][] unit = new double[nonterminals][nonterminals];
        for (int r = 0; r < rhs.length; r++) {
            for (int m = 0; m < rhs[r].length; m++) {
                if (rhs[r][m] < 0) {
                    continue;
                }
                double product = ruleWeight[r];
                for (int l = 0; l < rhs[r].length && product > 0; l++) {
                    product *= l == m ? 1 : rhs[r][l] >= 0 ? empty[rhs[r][l]] : 0;
                }
                unit[lhs[r]][rhs[r][m]] += product;
            }
        }
        double[][] closure = closure(unit, productive(nonterminals));
        if (closure == null) {
            return null;
        }
        double[][] byLength = new double[nonterminals][bound + 1];
        double[][][] suffix = new double[rhs.length][][];
        Inside result = new Inside(empty, closure, byLength, suffix);
        for (int a = 0; a < nonterminals; a++) {
            byLength[a][0] = empty[a];
        }
        for (int r = 0; r < rhs.length; r++) {
            suffix[r] = new double[rhs[r].length + 1][bound + 1];
            suffix[r][rhs[r].length][0] = 1;
            for (int m = rhs[r].length - 1; m >= 0; m--) {
                suffix[r][m][0] = suffix[r][m + 1][0] * emptyInside(result, rhs[r][m]);
            }
        }
        double[] rest = new double[nonterminals];
        for (int n = 1; n <= bound; n++) {
            // first without I(n) (still zero), then with it: I(n) = U · (the rest)
            Arrays.fill(rest, 0);
            for (int r = 0; r < rhs.length; r++) {
                fillSuffix(result, r, n);
                rest[lhs[r]] += ruleWeight[r] * suffix[r][0][n];
            }
            for (int a = 0; a < nonterminals; a++) {
                double value = 0;
                for (int b = 0; b < nonterminals; b++) {
                    value += closure[a][b] * rest[b];
                }
                byLength[a][n] = value;
            }
            for (int r = 0; r < rhs.length; r++) {
                fillSuffix(result, r, n);
            }
        }
        return result;
    }

    private void fillSuffix(Inside inside, int r, int n) {
        double[][] suffix = inside.suffix()[r];
        for (int m = rhs[r].length - 1; m >= 0; m--) {
            int item = rhs[r][m];
            double value = 0;
            if (item < 0) {
                value = suffix[m + 1][n - 1];
            } else {
                for (int l = 0; l <= n; l++) {
                    double head = inside.byLength()[item][l];
                    if (head != 0) {
                        value += head * suffix[m + 1][n - l];
                    }
                }
            }
            suffix[m][n] = value;
        }
    }

    /** The nonterminals that derive some string of terminals. */
    private boolean[] productive(int nonterminals) {
        boolean[] productive = new boolean[nonterminals];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int r = 0; r < rhs.length; r++) {
                if (!productive[lhs[r]] && Arrays.stream(rhs[r]).allMatch(item -> item < 0 || productive[item])) {
                    productive[lhs[r]] = changed = true;
                }
            }
        }
        return productive;
    }

    /**
     * {@code (1 - M)^-1} over the productive nonterminals (the others derive nothing, so their
     * cycles do not matter); null unless it exists with non-negative entries (spectral radius < 1).
     */
    private static double[][] closure(double[][] unit, boolean[] productive) {
        int n = unit.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = (i == j ? 1 : 0) - (productive[i] && productive[j] ? unit[i][j] : 0);
            }
            a[i][n + i] = 1;
        }
        for (int column = 0; column < n; column++) {
            int pivot = column;
            for (int row = column + 1; row < n; row++) {
                if (Math.abs(a[row][column]) > Math.abs(a[pivot][column])) {
                    pivot = row;
                }
            }
            if (Math.abs(a[pivot][column]) < 1e-12) {
                return null;
            }
            double[] swap = a[column];
            a[column] = a[pivot];
            a[pivot] = swap;
            double scale = a[column][column];
            for (int j = 0; j < 2 * n; j++) {
                a[column][j] /= scale;
            }
            for (int row = 0; row < n; row++) {
                double factor = a[row][column];
                if (row != column && factor != 0) {
                    for (int j = 0; j < 2 * n; j++) {
                        a[row][j] -= factor * a[column][j];
                    }
                }
            }
        }
        double[][] inverse = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double value = a[i][n + j];
                if (!Double.isFinite(value) || value < -1e-9) {
                    return null;
                }
                inverse[i][j] = Math.max(0, value);
            }
        }
        return inverse;
    }

    // ------------------------------------------------------------------------------- sampling

    @Override
    public Word sample(RandomGenerator random) {
        double[] byLength = inside.byLength()[startIndex];
        double u = random.nextDouble() * total;
        int length = maxWordLength;
        for (int n = 0; n <= maxWordLength; n++) {
            u -= byLength[n];
            if (u < 0 && byLength[n] > 0) {
                length = n;
                break;
            }
        }
        List<String> word = new ArrayList<>(length);
        // pending (item, length) pairs, leftmost on top
        int[] stackItems = new int[16];
        int[] stackLengths = new int[16];
        int top = 0;
        stackItems[top] = startIndex;
        stackLengths[top++] = length;
        int[] childLengths = new int[0];
        while (top > 0) {
            int item = stackItems[--top];
            int n = stackLengths[top];
            if (item < 0) {
                word.add(terminals.get(-item - 1));
                continue;
            }
            int r = chooseRule(item, n, random);
            int k = rhs[r].length;
            if (childLengths.length < k) {
                childLengths = new int[k];
            }
            int remaining = n;
            double[][] suffix = inside.suffix()[r];
            for (int m = 0; m < k; m++) {
                double v = random.nextDouble() * suffix[m][remaining];
                int chosen = -1;
                for (int l = 0; l <= remaining; l++) {
                    double w = lengthValue(inside, rhs[r][m], l) * suffix[m + 1][remaining - l];
                    if (w > 0) {
                        chosen = l;
                        v -= w;
                        if (v < 0) {
                            break;
                        }
                    }
                }
                childLengths[m] = chosen;
                remaining -= chosen;
            }
            if (top + k > stackItems.length) {
                stackItems = Arrays.copyOf(stackItems, 2 * (top + k));
                stackLengths = Arrays.copyOf(stackLengths, 2 * (top + k));
            }
            for (int m = k - 1; m >= 0; m--) {
                stackItems[top] = rhs[r][m];
                stackLengths[top++] = childLengths[m];
            }
        }
        return Word.of(word);
    }

    private int chooseRule(int nonterminal, int length, RandomGenerator random) {
        double v = random.nextDouble() * inside.byLength()[nonterminal][length];
        int chosen = -1;
        for (int r : rulesOf[nonterminal]) {
            double w = weight[r] * inside.suffix()[r][0][length];
            if (w > 0) {
                chosen = r;
                v -= w;
                if (v < 0) {
                    break;
                }
            }
        }
        return chosen;
    }

    // ------------------------------------------------------------------- chart of a string's spans

    /** Inside values of the spans [i, j) of a string for one end j: nonterminals and rule prefixes. */
    private record Column(double[][] nonterminals, double[][] parts) {
    }

    private Column firstColumn() {
        return new Column(new double[][] { inside.empty().clone() }, new double[][] { emptyParts });
    }

    /** The column of end j, whose last symbol has terminal index {@code symbol}, from the columns before. */
    private Column column(Column[] columns, int j, int symbol) {
        int nonterminals = nonterminalIndex.size();
        double[][] spans = new double[j + 1][];
        double[][] parts = new double[j + 1][];
        spans[j] = inside.empty();
        parts[j] = emptyParts;
        double[] rest = new double[nonterminals];
        for (int i = j - 1; i >= 0; i--) {
            spans[i] = new double[nonterminals]; // zero while its own parts are summed: I = U · rest
            parts[i] = new double[slots];
            fillParts(columns, spans, parts, i, j, symbol);
            Arrays.fill(rest, 0);
            for (int r = 0; r < rhs.length; r++) {
                rest[lhs[r]] += weight[r] * parts[i][slotBase[r] + rhs[r].length];
            }
            boolean any = false;
            for (int a = 0; a < nonterminals; a++) {
                double value = 0;
                for (int b = 0; b < nonterminals; b++) {
                    value += inside.closure()[a][b] * rest[b];
                }
                spans[i][a] = value;
                any |= value != 0;
            }
            if (any) {
                fillParts(columns, spans, parts, i, j, symbol);
            }
        }
        return new Column(spans, parts);
    }

    private void fillParts(Column[] columns, double[][] spans, double[][] parts, int i, int j, int symbol) {
        double[] here = parts[i];
        for (int r = 0; r < rhs.length; r++) {
            int base = slotBase[r];
            here[base] = 0;
            for (int m = 1; m <= rhs[r].length; m++) {
                int item = rhs[r][m - 1];
                double value = 0;
                if (item < 0) {
                    if (-item - 1 == symbol) {
                        value = columns[j - 1].parts()[i][base + m - 1];
                    }
                } else {
                    for (int k = i; k < j; k++) {
                        double before = columns[k].parts()[i][base + m - 1];
                        if (before != 0) {
                            value += before * spans[k][item];
                        }
                    }
                    value += here[base + m - 1] * inside.empty()[item];
                }
                here[base + m] = value;
            }
        }
    }

    // --------------------------------------------------------------- contexts by remaining length

    /**
     * At one prefix position i: {@code h[item][s]}, for each nonterminal item (r, m), the contexts
     * of its rule's left side starting at i combined with the items after m deriving s symbols in
     * all; {@code tail[item][s]}, for terminal items, the same summed over lengths up to s.
     */
    private record Outside(double[][] h, double[][] tail) {
    }

    private Outside outside(Column[] columns, Outside[] outsides, int i) {
        int span = bound - i;
        int nonterminals = nonterminalIndex.size();
        double[][] known = new double[nonterminals][span + 1];
        if (i == 0) {
            known[startIndex][0] = 1;
        }
        for (int before = 0; before < i; before++) {
            double[] parts = columns[i].parts()[before];
            double[][] h = outsides[before].h();
            for (int r = 0; r < rhs.length; r++) {
                for (int m = 0; m < rhs[r].length; m++) {
                    int item = rhs[r][m];
                    double c = item >= 0 ? weight[r] * parts[slotBase[r] + m] : 0;
                    if (c != 0) {
                        double[] row = h[itemBase[r] + m];
                        double[] into = known[item];
                        for (int s = 0; s <= span; s++) {
                            into[s] += c * row[s];
                        }
                    }
                }
            }
        }
        double[][] contexts = new double[nonterminals][span + 1];
        double[] extra = new double[nonterminals];
        for (int s = 0; s <= span; s++) {
            for (int b = 0; b < nonterminals; b++) {
                extra[b] = known[b][s];
            }
            for (int r = 0; r < rhs.length; r++) {
                for (int m = 0; m < rhs[r].length; m++) {
                    int item = rhs[r][m];
                    double c = item >= 0 ? weight[r] * emptyParts[slotBase[r] + m] : 0;
                    if (c != 0) {
                        double[] after = inside.suffix()[r][m + 1];
                        double[] parent = contexts[lhs[r]];
                        double sum = 0;
                        for (int d = 1; d <= s; d++) {
                            sum += after[d] * parent[s - d];
                        }
                        extra[item] += c * sum;
                    }
                }
            }
            for (int b = 0; b < nonterminals; b++) {
                double value = 0;
                for (int a = 0; a < nonterminals; a++) {
                    value += inside.closure()[a][b] * extra[a];
                }
                contexts[b][s] = value;
            }
        }
        double[][] h = new double[items][];
        double[][] tail = new double[items][];
        for (int r = 0; r < rhs.length; r++) {
            double[] parent = contexts[lhs[r]];
            for (int m = 0; m < rhs[r].length; m++) {
                double[] after = inside.suffix()[r][m + 1];
                double[] row = new double[span + 1];
                for (int s = 0; s <= span; s++) {
                    double value = 0;
                    for (int x = 0; x <= s; x++) {
                        value += parent[x] * after[s - x];
                    }
                    row[s] = value;
                }
                if (rhs[r][m] >= 0) {
                    h[itemBase[r] + m] = row;
                } else {
                    for (int s = 1; s <= span; s++) {
                        row[s] += row[s - 1];
                    }
                    tail[itemBase[r] + m] = row;
                }
            }
        }
        return new Outside(h, tail);
    }

    // --------------------------------------------------------------------------------- prefixes

    @Override
    public PrefixState start() {
        return new State(0, new Column[] { firstColumn() }, new Outside[1], 1.0);
    }

    /** A prefix of positive probability with its chart and contexts, or an impossible one. */
    private final class State implements PrefixState {
        private final int length;
        private final Column[] columns; // null when impossible
        private final Outside[] outsides; // the last filled on demand
        private final double probability;

        State(int length, Column[] columns, Outside[] outsides, double probability) {
            this.length = length;
            this.columns = columns;
            this.outsides = outsides;
            this.probability = probability;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double logProbability() {
            return columns == null ? Double.NEGATIVE_INFINITY : Math.log(probability);
        }

        @Override
        public double logEndProbability() {
            return columns == null ? Double.NEGATIVE_INFINITY
                    : Math.log(columns[length].nonterminals()[0][startIndex] / total);
        }

        private synchronized Outside[] outsides() {
            if (outsides[length] == null) {
                outsides[length] = outside(columns, outsides, length);
            }
            return outsides;
        }

        /** {@code P(prefix · terminal)}. */
        private double extendedProbability(int terminal) {
            if (length >= bound) {
                return 0;
            }
            Outside[] contexts = outsides();
            double sum = 0;
            int remaining = bound - length - 1;
            for (int r = 0; r < rhs.length; r++) {
                for (int m = 0; m < rhs[r].length; m++) {
                    if (rhs[r][m] != -(terminal + 1)) {
                        continue;
                    }
                    int slot = slotBase[r] + m;
                    int item = itemBase[r] + m;
                    double value = 0;
                    for (int i = 0; i <= length; i++) {
                        double before = columns[length].parts()[i][slot];
                        if (before != 0) {
                            value += before * contexts[i].tail()[item][remaining];
                        }
                    }
                    sum += weight[r] * value;
                }
            }
            return sum / total;
        }

        @Override
        public PrefixState extend(String symbol) {
            Integer terminal = terminalIndex.get(symbol);
            double next = columns == null || terminal == null ? 0 : extendedProbability(terminal);
            if (!(next > 0)) {
                return new State(length + 1, null, null, 0);
            }
            Column[] longer = Arrays.copyOf(columns, length + 2);
            longer[length + 1] = column(longer, length + 1, terminal);
            return new State(length + 1, longer, Arrays.copyOf(outsides(), length + 2), next);
        }

        @Override
        public double[] next(List<String> alphabet) {
            double[] distribution = new double[alphabet.size() + 1];
            for (int i = 0; i < alphabet.size(); i++) {
                Integer terminal = terminalIndex.get(alphabet.get(i));
                distribution[i] = terminal == null ? 0 : extendedProbability(terminal) / probability;
            }
            distribution[alphabet.size()] = columns[length].nonterminals()[0][startIndex] / total / probability;
            return distribution;
        }
    }

    /** Inside algorithm on the whole word, without the contexts a prefix state keeps. */
    @Override
    public double wordProbability(Word word) {
        if (word.length() > bound) {
            return 0;
        }
        Column[] columns = new Column[word.length() + 1];
        columns[0] = firstColumn();
        for (int j = 1; j <= word.length(); j++) {
            Integer terminal = terminalIndex.get(word.symbol(j - 1));
            if (terminal == null) {
                return 0;
            }
            columns[j] = column(columns, j, terminal);
        }
        return columns[word.length()].nonterminals()[0][startIndex] / total;
    }

    // ---------------------------------------------------------------------- entropy and length

    @Override
    public synchronized Estimate entropy() {
        if (entropy == null) {
            Map<Word, Double> support = enumerate();
            if (support != null) {
                double h = 0;
                for (double p : support.values()) {
                    h -= p > 0 ? p * Math.log(p) : 0;
                }
                entropy = Estimate.exact(h);
            } else {
                java.util.SplittableRandom random = new java.util.SplittableRandom(1L);
                double[] surprisal = new double[MonteCarlo.DEFAULT_SAMPLES];
                for (int i = 0; i < surprisal.length; i++) {
                    surprisal[i] = -Math.log(wordProbability(sample(random)));
                }
                entropy = Estimate.ofSamples(surprisal);
            }
        }
        return entropy;
    }

    /** Every word with its probability, when there are few enough to enumerate ({@link #ENUMERATION_LIMIT}). */
    public java.util.Optional<Map<Word, Double>> support() {
        return java.util.Optional.ofNullable(enumerate());
    }

    private Map<Word, Double> enumerate() {
        Inside counts = lengthInside(ones());
        if (counts != null) {
            double derivations = 0;
            for (int n = 0; n <= bound; n++) {
                derivations += inside.byLength()[startIndex][n] > 0 ? counts.byLength()[startIndex][n] : 0;
            }
            if (derivations <= ENUMERATION_LIMIT) {
                Map<Word, Double> words = new HashMap<>();
                for (int n = 0; n <= bound; n++) {
                    if (inside.byLength()[startIndex][n] > 0) {
                        derive(new Pending(startIndex, n, null), new ArrayList<>(), 1.0 / total, words);
                    }
                }
                return words;
            }
        }
        double strings = 0;
        for (int n = 0; n <= maxWordLength; n++) {
            strings += inside.byLength()[startIndex][n] > 0 ? Math.pow(terminals.size(), n) : 0;
        }
        if (strings > ENUMERATION_LIMIT) {
            return null;
        }
        Map<Word, Double> words = new HashMap<>();
        walk(start(), Word.EMPTY, words);
        return words;
    }

    private double[] ones() {
        double[] ones = new double[rhs.length];
        Arrays.fill(ones, 1);
        return ones;
    }

    /** Items still to derive, leftmost first, each with its length. */
    private record Pending(int item, int length, Pending rest) {
    }

    private void derive(Pending pending, List<String> word, double probability, Map<Word, Double> into) {
        if (pending == null) {
            into.merge(Word.of(word), probability, Double::sum);
            return;
        }
        if (pending.item() < 0) {
            word.add(terminals.get(-pending.item() - 1));
            derive(pending.rest(), word, probability, into);
            word.remove(word.size() - 1);
            return;
        }
        for (int r : rulesOf[pending.item()]) {
            if (inside.suffix()[r][0][pending.length()] > 0) {
                split(r, 0, pending.length(), new int[rhs[r].length], pending.rest(), word, probability * weight[r], into);
            }
        }
    }

    private void split(int r, int m, int remaining, int[] lengths, Pending rest, List<String> word, double probability,
            Map<Word, Double> into) {
        if (m == rhs[r].length) {
            Pending pending = rest;
            for (int k = rhs[r].length - 1; k >= 0; k--) {
                pending = new Pending(rhs[r][k], lengths[k], pending);
            }
            derive(pending, word, probability, into);
            return;
        }
        for (int l = 0; l <= remaining; l++) {
            if (lengthValue(inside, rhs[r][m], l) > 0 && inside.suffix()[r][m + 1][remaining - l] > 0) {
                lengths[m] = l;
                split(r, m + 1, remaining - l, lengths, rest, word, probability, into);
            }
        }
    }

    private void walk(PrefixState state, Word prefix, Map<Word, Double> into) {
        double end = Math.exp(state.logEndProbability());
        if (end > 0) {
            into.put(prefix, end);
        }
        if (prefix.length() < maxWordLength) {
            for (String terminal : terminals) {
                PrefixState next = state.extend(terminal);
                if (next.possible()) {
                    walk(next, prefix.append(terminal), into);
                }
            }
        }
    }

    @Override
    public Estimate expectedLength() {
        double mean = 0;
        for (int n = 0; n <= bound; n++) {
            mean += n * inside.byLength()[startIndex][n];
        }
        return Estimate.exact(mean / total);
    }

    @Override
    public int maxWordLength() {
        return maxWordLength;
    }

    /** {@code P(|w| = n)} for n = 0..bound. */
    public double[] lengthDistribution() {
        double[] distribution = new double[bound + 1];
        for (int n = 0; n <= bound; n++) {
            distribution[n] = inside.byLength()[startIndex][n] / total;
        }
        return distribution;
    }

    /** The symbols the grammar can emit (its terminals), in order of first mention. */
    public List<String> terminals() {
        return List.copyOf(terminals);
    }

    @Override
    public String describe() {
        StringBuilder text = new StringBuilder("grammar");
        for (Production production : productions) {
            text.append(text.length() == 7 ? " " : "; ").append(production.nonterminal()).append(" -> ");
            List<String> alternatives = new ArrayList<>();
            for (Alternative alternative : production.alternatives()) {
                alternatives.add(alternative + (alternative.weight() == 1 ? "" : " weight " + number(alternative.weight())));
            }
            text.append(String.join(" | ", alternatives));
        }
        return text.append(", start ").append(start).append(", length <= ").append(bound).toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
