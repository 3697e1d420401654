package org.saturn.core.optimal;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.lang.gen.Generator;

/**
 * The optimal loss (SCIENCE.md §5): the Bayes-optimal predictor is the true conditional
 * distribution, so the least expected summed loss of a word is the entropy H of the word
 * distribution (EOS included; PAD targets after EOS cost nothing). Per token that is
 * {@code H / (maxLength + 1)} under {@link LossConvention#PAD} and {@code H / E[|w| + 1]} under
 * {@link LossConvention#NOPAD} (the ratio of expectations, which is what a large test set's mean
 * converges to).
 */
public final class OptimalLoss {

    private OptimalLoss() {
    }

    public static OptimalLossResult of(Language language, LossConvention convention) {
        Generator generator = language.generator();
        Estimate entropy = generator.entropy();
        Estimate length = generator.expectedLength();
        Estimate loss;
        if (convention == LossConvention.PAD) {
            loss = entropy.dividedBy(language.maxLength() + 1);
        } else if (length.exact()) {
            loss = entropy.dividedBy(length.value() + 1);
        } else { // both estimated: a conservative interval from the two intervals
            loss = new Estimate(entropy.value() / (length.value() + 1), false, entropy.low() / (length.high() + 1),
                    entropy.high() / (length.low() + 1));
        }
        return new OptimalLossResult(language.name(), language.maxLength(), convention, entropy.value(), loss.value(),
                loss.exact(), loss.ci95());
    }
}
