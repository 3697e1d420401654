package org.saturn.core.optimal;

import java.util.List;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.gen.PrefixState;
import org.saturn.core.metrics.Completion;

/**
 * A model that knows the language: on every prefix of positive probability its next-token
 * distribution is the generator's true conditional, so its expected test loss is exactly the
 * optimal loss; on zero-probability prefixes it follows an {@link OodPolicy} deterministically.
 * Token order of distributions: the alphabet's symbols, then EOS.
 */
public final class OracleModel {

    private final Language language;
    private final OodPolicy policy;

    public OracleModel(Language language, OodPolicy policy) {
        this.language = language;
        this.policy = policy;
    }

    public Language language() {
        return language;
    }

    public OodPolicy policy() {
        return policy;
    }

    /** The state after SOS. */
    public Decoder start() {
        return new Decoder(Word.EMPTY, language.generator().start(), null);
    }

    public Decoder after(Word prefix) {
        Decoder decoder = start();
        for (String symbol : prefix.symbols()) {
            decoder = decoder.extend(symbol);
        }
        return decoder;
    }

    /** {@code p(next | prefix)} over the alphabet, then EOS. */
    public double[] nextTokenDistribution(Word prefix) {
        return after(prefix).next();
    }

    /** Summed cross-entropy of {@code SOS w EOS} in nats ({@code |w| + 1} targets). */
    public double wordLoss(Word word) {
        Decoder decoder = start();
        double loss = 0;
        int eos = language.alphabet().size();
        for (String symbol : word.symbols()) {
            loss -= Math.log(decoder.next()[language.alphabet().indexOf(symbol)]);
            decoder = decoder.extend(symbol);
        }
        return loss - Math.log(decoder.next()[eos]);
    }

    /** Mean loss per token over a test set under the convention. */
    public double testLoss(List<Word> testSet, LossConvention convention) {
        double total = 0;
        long symbols = 0;
        for (Word word : testSet) {
            total += wordLoss(word);
            symbols += word.length();
        }
        return convention.perToken(total, testSet.size(), symbols, language.maxLength());
    }

    /** Greedy decoding (ties to the earliest token) until EOS or the max length. */
    public Completion greedy(Word prompt) {
        Decoder decoder = after(prompt);
        Word completion = Word.EMPTY;
        int eos = language.alphabet().size();
        while (true) {
            double[] next = decoder.next();
            int best = 0;
            for (int i = 1; i < next.length; i++) {
                if (next[i] > next[best]) {
                    best = i;
                }
            }
            if (best == eos) {
                return new Completion(prompt, completion, true);
            }
            if (prompt.length() + completion.length() >= language.maxLength()) {
                return new Completion(prompt, completion, false);
            }
            String symbol = language.alphabet().get(best);
            completion = completion.append(symbol);
            decoder = decoder.extend(symbol);
        }
    }

    /**
     * Incremental decoding state: the generator's state while the prefix is possible, else the
     * remaining planned OOD completion.
     */
    public final class Decoder {
        private final Word prefix;
        private final PrefixState state; // null once the prefix is impossible
        private final Word plan; // remaining OOD completion; null while in distribution

        private Decoder(Word prefix, PrefixState state, Word plan) {
            this.prefix = prefix;
            this.state = state;
            this.plan = plan;
        }

        public Word prefix() {
            return prefix;
        }

        public boolean inDistribution() {
            return state != null;
        }

        public double[] next() {
            if (state != null) {
                return state.next(language.alphabet());
            }
            double[] oneHot = new double[language.alphabet().size() + 1];
            oneHot[plan.isEmpty() ? oneHot.length - 1 : language.alphabet().indexOf(plan.symbol(0))] = 1;
            return oneHot;
        }

        public Decoder extend(String symbol) {
            Word longer = prefix.append(symbol);
            if (state != null) {
                PrefixState next = state.extend(symbol);
                if (next.possible()) {
                    return new Decoder(longer, next, null);
                }
            } else if (!plan.isEmpty() && plan.symbol(0).equals(symbol)) {
                return new Decoder(longer, null, plan.suffix(1));
            }
            return new Decoder(longer, null, policy.completion(language, longer).orElse(Word.EMPTY));
        }
    }
}
