package org.saturn.engine.model;

/**
 * Token ids shared with the core's Vocabulary: PAD, SOS, EOS, then the language's symbols 3..V-1.
 * A training sequence is {@code SOS w EOS PAD...} of one fixed length; inputs are positions
 * 0..L-2, targets 1..L-1.
 */
public final class Tokens {
    public static final int PAD = 0;
    public static final int SOS = 1;
    public static final int EOS = 2;

    private Tokens() {
    }
}
