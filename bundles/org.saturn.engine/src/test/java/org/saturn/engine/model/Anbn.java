package org.saturn.engine.model;

import java.util.Random;

/** Test data: SOS a^n b^n EOS PAD..., PAD=0, SOS=1, EOS=2, a=3, b=4. */
public final class Anbn {
    public static final int VOCABULARY = 5;

    private Anbn() {
    }

    public static int[] word(int n, int length) {
        int[] s = new int[length];
        int i = 0;
        s[i++] = Tokens.SOS;
        for (int k = 0; k < n; k++) {
            s[i++] = 3;
        }
        for (int k = 0; k < n; k++) {
            s[i++] = 4;
        }
        s[i] = Tokens.EOS;
        return s;
    }

    /** {@code size} words with n drawn uniformly from 1..maxN, padded to {@code length}. */
    public static int[][] batch(Random random, int size, int maxN, int length) {
        int[][] b = new int[size][];
        for (int i = 0; i < size; i++) {
            b[i] = word(1 + random.nextInt(maxN), length);
        }
        return b;
    }
}
