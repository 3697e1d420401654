package org.saturn.core.lang.gen;

import java.util.SplittableRandom;

import org.saturn.core.lang.Word;

/** Monte-Carlo estimates of a generator's entropy and mean length, from exact word probabilities. */
public final class MonteCarlo {

    /** Samples used when no exact computation exists. */
    public static final int DEFAULT_SAMPLES = 20_000;

    private MonteCarlo() {
    }

    /** {@code E[-ln P(w)]} over sampled words (seeded, so repeatable). */
    public static Estimate entropy(Generator generator, int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] surprisal = new double[samples];
        for (int i = 0; i < samples; i++) {
            Word word = generator.sample(random);
            surprisal[i] = -generator.stateAfter(word).logEndProbability();
        }
        return Estimate.ofSamples(surprisal);
    }

    public static Estimate expectedLength(Generator generator, int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] lengths = new double[samples];
        for (int i = 0; i < samples; i++) {
            lengths[i] = generator.sample(random).length();
        }
        return Estimate.ofSamples(lengths);
    }
}
