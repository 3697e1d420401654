package org.saturn.core.lang.gen;

/** {@code ln n!} and {@code ln C(n, k)} by summing logarithms (exact to double precision, no Stirling). */
final class LogFactorial {
    private static volatile double[] table = { 0.0, 0.0 };

    private LogFactorial() {
    }

    static double of(int n) {
        double[] current = table;
        if (n >= current.length) {
            synchronized (LogFactorial.class) {
                current = table;
                if (n >= current.length) {
                    double[] grown = java.util.Arrays.copyOf(current, Math.max(n + 1, 2 * current.length));
                    for (int i = current.length; i < grown.length; i++) {
                        grown[i] = grown[i - 1] + Math.log(i);
                    }
                    table = grown;
                    current = grown;
                }
            }
        }
        return current[n];
    }

    /** {@code ln} of the number of arrangements of a multiset with the given multiplicities. */
    static double multinomial(int[] counts) {
        int total = 0;
        double result = 0;
        for (int c : counts) {
            total += c;
            result -= of(c);
        }
        return result + of(total);
    }
}
