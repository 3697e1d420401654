package org.saturn.core.lang;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Word distributions of the built-in generators written out independently of the production code:
 * explicit enumeration of every variable value and every random choice of the walks.
 */
public final class BruteForce {

    private BruteForce() {
    }

    public static Map<Word, Double> distribution(String language, int maxLength) {
        Map<Word, Double> p = new HashMap<>();
        switch (language) {
            case "anbn" -> powers(p, maxLength / 2, "a", "b");
            case "anbncn" -> powers(p, maxLength / 3, "a", "b", "c");
            case "anbnan" -> powers(p, maxLength / 3, "a", "b", "a");
            case "aNbM" -> {
                for (int n = 1; n <= maxLength - 1; n++) {
                    for (int m = 1; m <= maxLength - n; m++) {
                        add(p, Word.repeat("a", n).concat(Word.repeat("b", m)), 1.0 / (maxLength - 1) / (maxLength - n));
                    }
                }
            }
            case "abN" -> {
                int big = maxLength / 2;
                for (int n = 1; n <= big; n++) {
                    List<Word> words = arrangements(n, n);
                    for (Word w : words) {
                        add(p, w, 1.0 / big / words.size());
                    }
                }
            }
            case "baN", "bbaN" -> {
                for (int l = 1; l <= maxLength; l++) {
                    int ms = (l - 1) / 2 + 1;
                    for (int m = 0; m < ms; m++) {
                        double pm = 1.0 / maxLength / ms;
                        if (language.equals("bbaN")) {
                            add(p, Word.repeat("b", l - 2 * m).concat(Word.repeat("a", 2 * m)), pm);
                        } else {
                            List<Word> words = arrangements(2 * m, l - 1 - 2 * m);
                            for (Word w : words) {
                                add(p, Word.of("b").concat(w), pm / words.size());
                            }
                        }
                    }
                }
            }
            case "dyck" -> {
                for (int l = 1; l <= maxLength / 2; l++) {
                    nested(p, Word.EMPTY, "", 2 * l, 1.0 / (maxLength / 2));
                }
            }
            case "csdyck" -> {
                for (int l = 1; l <= maxLength / 2; l++) {
                    crossing(p, Word.EMPTY, 0, 0, 2 * l, 1.0 / (maxLength / 2));
                }
            }
            default -> throw new IllegalArgumentException(language);
        }
        return p;
    }

    private static void add(Map<Word, Double> p, Word w, double probability) {
        p.merge(w, probability, Double::sum);
    }

    private static void powers(Map<Word, Double> p, int big, String... symbols) {
        for (int n = 1; n <= big; n++) {
            Word w = Word.EMPTY;
            for (String s : symbols) {
                w = w.concat(Word.repeat(s, n));
            }
            add(p, w, 1.0 / big);
        }
    }

    /** All distinct words with the given numbers of a's and b's. */
    static List<Word> arrangements(int as, int bs) {
        if (as == 0 && bs == 0) {
            return List.of(Word.EMPTY);
        }
        List<Word> words = new java.util.ArrayList<>();
        if (as > 0) {
            arrangements(as - 1, bs).forEach(w -> words.add(Word.of("a").concat(w)));
        }
        if (bs > 0) {
            arrangements(as, bs - 1).forEach(w -> words.add(Word.of("b").concat(w)));
        }
        return words;
    }

    /** The nested walk: stack as a string of '(' and '['. */
    private static void nested(Map<Word, Double> p, Word word, String stack, int target, double probability) {
        if (word.length() >= target || (word.length() > 0 && stack.isEmpty())) {
            add(p, word, probability);
            return;
        }
        if (stack.isEmpty()) {
            nested(p, word.append("("), "(", target, probability / 2);
            nested(p, word.append("["), "[", target, probability / 2);
            return;
        }
        String close = stack.endsWith("(") ? ")" : "]";
        String popped = stack.substring(0, stack.length() - 1);
        if (word.length() + stack.length() >= target) {
            nested(p, word.append(close), popped, target, probability);
            return;
        }
        nested(p, word.append("("), stack + "(", target, probability / 3);
        nested(p, word.append("["), stack + "[", target, probability / 3);
        nested(p, word.append(close), popped, target, probability / 3);
    }

    /** The crossing walk with depths of ( and [. */
    private static void crossing(Map<Word, Double> p, Word word, int parens, int brackets, int target, double probability) {
        if (word.length() >= target) {
            add(p, word, probability);
            return;
        }
        java.util.List<String> options = new java.util.ArrayList<>();
        boolean forced = parens + brackets > 0 && word.length() + parens + brackets >= target;
        if (!forced) {
            options.add("(");
            options.add("[");
        }
        if (parens > 0) {
            options.add(")");
        }
        if (brackets > 0) {
            options.add("]");
        }
        for (String s : options) {
            crossing(p, word.append(s), parens + (s.equals("(") ? 1 : s.equals(")") ? -1 : 0),
                    brackets + (s.equals("[") ? 1 : s.equals("]") ? -1 : 0), target, probability / options.size());
        }
    }

    public static double entropy(Map<Word, Double> p) {
        return p.values().stream().mapToDouble(x -> -x * Math.log(x)).sum();
    }

    public static double expectedLength(Map<Word, Double> p) {
        return p.entrySet().stream().mapToDouble(e -> e.getKey().length() * e.getValue()).sum();
    }

    /** P(word starts with prefix) for every prefix of a word of the support. */
    public static Map<Word, Double> prefixProbabilities(Map<Word, Double> p) {
        Map<Word, Double> prefixes = new HashMap<>();
        p.forEach((word, probability) -> {
            for (int k = 0; k <= word.length(); k++) {
                prefixes.merge(word.prefix(k), probability, Double::sum);
            }
        });
        return prefixes;
    }
}
