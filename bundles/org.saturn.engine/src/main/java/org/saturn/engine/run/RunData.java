package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.lang.gen.WordEnumeration;
import org.saturn.core.plan.DataKeys;
import org.saturn.core.lang.mixture.Mixtures;
import org.saturn.core.optimal.InContextCompletions;
import org.saturn.core.optimal.OodPolicy;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;
import org.saturn.engine.train.RegimeAveraging;

/**
 * Every word a stage trains and is measured on, as padded token sequences: training batches,
 * regime batches, the test set and the fine-tuning's examples. Each depends only on (seed, step)
 * and a stream constant, never on what ran before, so a resumed or seed-batched run draws exactly
 * what it would have drawn alone and uninterrupted. The stream constants are part of every stored
 * run's results: changing one changes them.
 *
 * <p>With a {@link DataProtocol} the sets are fixed and encoded once: the training set (every word,
 * or N words sampled once from (seed, stream)) is passed over in epochs, each a shuffle drawn from
 * (seed, epoch); the validation and test sets (every word, or N words sampled once from their own
 * stream, the same for every seed) are drawn independently of the training set, as the papers' code
 * draws its three sets (so with {@code all words} the three sets are the same words).
 */
final class RunData {

    /** Test-set size: words sampled once per run with a fixed stream, the same for every seed. */
    static final int TEST_WORDS = 512;
    /** The first {@value} test words are the Hessian trace's probe batch (fine-tuning start). */
    static final int HESSIAN_WORDS = 128;

    private static final long TEST_STREAM = 0x7E57_5E7L;
    private static final long PRETRAINING_BATCH = 0xBA7;
    private static final long REGIME_BATCH = 0x9E6;
    private static final long PRETRAINING_DROPOUT = 0xD80;
    private static final long SAMPLING = 0x5A3;
    private static final long FINE_TUNING_BATCH = 0xF1B;
    private static final long FINE_TUNING_EXAMPLES = 0xF1E;
    private static final long FINE_TUNING_DROPOUT = 0xD81;
    private static final long TRAINING_SET = 0x7A1;
    private static final long EPOCH_ORDER = 0xE90;
    private static final long VALIDATION_STREAM = 0x7A11D;

    /** Where a stage's training words come from. */
    interface Batches {
        /** The training batch of update {@code step} of the run with this seed. */
        int[][] batch(long seed, long step);

        /** The seed of ND4J's global generator (SameDiff's dropout masks) for that update. */
        long dropoutSeed(long seed, long step);
    }

    private final Language language;
    private final int sequenceLength;
    private final DataProtocol protocol;
    private int[][] allWords;
    private int[][] testSet;
    private int[][] validationSet;
    private final Map<Long, int[][]> trainingSets = new HashMap<>();

    RunData(Language language) {
        this(language, DataProtocol.FRESH);
    }

    RunData(Language language, DataProtocol protocol) {
        this.language = language;
        this.sequenceLength = language.maxLength() + 2; // SOS, the word, EOS
        this.protocol = protocol;
    }

    Language language() {
        return language;
    }

    DataProtocol protocol() {
        return protocol;
    }

    /** The fixed test set: the same words for every seed and every stage on this language. */
    int[][] testSet() {
        if (testSet == null) {
            testSet = protocol.test() == DataProtocol.ABSENT ? sample(new SplittableRandom(TEST_STREAM), TEST_WORDS)
                    : fixedSet(protocol.test(), new SplittableRandom(TEST_STREAM));
        }
        return testSet;
    }

    /** The fixed validation set (the same for every seed), or null when the protocol has none. */
    int[][] validationSet() {
        if (validationSet == null && protocol.validate() != DataProtocol.ABSENT) {
            validationSet = fixedSet(protocol.validate(), new SplittableRandom(VALIDATION_STREAM));
        }
        return validationSet;
    }

    /** The fixed training set of the run with this seed (every word: the same for every seed). */
    int[][] trainingSet(long seed) {
        if (!protocol.fixedTraining()) {
            throw new IllegalStateException("this run draws fresh words: it has no fixed training set");
        }
        return trainingSets.computeIfAbsent(protocol.train() == DataProtocol.ALL ? 0L : seed,
                s -> fixedSet(protocol.train(), new SplittableRandom(mix(seed, 0, TRAINING_SET))));
    }

    /**
     * Pre-training on the fixed training set in epochs: update {@code step} takes batch {@code step
     * mod stepsPerEpoch} of epoch {@code step / stepsPerEpoch}'s shuffle, drawn from (seed, epoch);
     * the last batch of an epoch holds what is left, and a batch of at least the set's size is the
     * whole set (full batch).
     */
    Batches fixedWords(int size) {
        Map<Long, EpochOrder> orders = new HashMap<>();
        return new Batches() {
            @Override
            public int[][] batch(long seed, long step) {
                int[][] set = trainingSet(seed);
                long perEpoch = DataKeys.stepsPerEpoch(set.length, size);
                long epoch = step / perEpoch;
                EpochOrder order = orders.get(seed);
                if (order == null || order.epoch != epoch) {
                    order = new EpochOrder(epoch, shuffle(set.length, mix(seed, epoch, EPOCH_ORDER)));
                    orders.put(seed, order);
                }
                int from = (int) (step % perEpoch) * size;
                int to = Math.min(set.length, from + size);
                int[][] words = new int[to - from][];
                for (int i = from; i < to; i++) {
                    words[i - from] = set[order.indices[i]];
                }
                return words;
            }

            @Override
            public long dropoutSeed(long seed, long step) {
                return mix(seed, step, PRETRAINING_DROPOUT);
            }
        };
    }

    /** One epoch's order of the training set's indices. */
    private record EpochOrder(long epoch, int[] indices) {
    }

    /** A permutation of 0..size-1 (Fisher-Yates) from the stream. */
    private static int[] shuffle(int size, long stream) {
        SplittableRandom random = new SplittableRandom(stream);
        int[] indices = new int[size];
        for (int i = 0; i < size; i++) {
            indices[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
        return indices;
    }

    /** Every word of the language, or {@code count} words sampled from the stream; encoded and padded. */
    private int[][] fixedSet(int count, SplittableRandom random) {
        if (count != DataProtocol.ALL) {
            return sample(random, count);
        }
        if (allWords == null) {
            List<Word> words = WordEnumeration.words(language, WordEnumeration.LIMIT).orElseThrow(
                    () -> new IllegalArgumentException("'all words' of " + language.name() + " up to max length "
                            + language.maxLength() + " are more than " + WordEnumeration.LIMIT
                            + ": sample a number of words instead"));
            if (words.isEmpty()) {
                throw new IllegalArgumentException(language.name() + " has no word up to max length "
                        + language.maxLength());
            }
            allWords = words.stream().map(word -> pad(language.vocabulary().encode(word, true))).toArray(int[][]::new);
        }
        return allWords;
    }

    /** Pre-training: {@code size} fresh words per step, drawn from (seed, step). */
    Batches freshWords(int size) {
        return new Batches() {
            @Override
            public int[][] batch(long seed, long step) {
                return sample(new SplittableRandom(mix(seed, step, PRETRAINING_BATCH)), size);
            }

            @Override
            public long dropoutSeed(long seed, long step) {
                return mix(seed, step, PRETRAINING_DROPOUT);
            }
        };
    }

    /**
     * Fine-tuning: {@code size} words per step, picked from a fixed set of {@code examples} words of
     * the seed (0: fresh words every step).
     */
    Batches fineTuningWords(int size, int examples) {
        Map<Long, int[][]> fixedBySeed = new HashMap<>();
        return new Batches() {
            @Override
            public int[][] batch(long seed, long step) {
                int[][] fixed = examples <= 0 ? null : fixedBySeed.computeIfAbsent(seed,
                        s -> sample(new SplittableRandom(mix(s, 0, FINE_TUNING_EXAMPLES)), examples));
                SplittableRandom random = new SplittableRandom(mix(seed, step, FINE_TUNING_BATCH));
                int[][] words = new int[size][];
                for (int i = 0; i < size; i++) {
                    words[i] = fixed != null ? fixed[random.nextInt(fixed.length)] : sample(random, 1)[0];
                }
                return words;
            }

            @Override
            public long dropoutSeed(long seed, long step) {
                return mix(seed, step, FINE_TUNING_DROPOUT);
            }
        };
    }

    /** The seed of a run's sampled decoding (the same at every evaluation and stage). */
    static long samplingSeed(long seed) {
        return mix(seed, 0, SAMPLING);
    }

    /**
     * A step's completed OOD prompts, where each one's completion starts, and how their loss is
     * averaged.
     */
    record RegimeBatch(int[][] sequences, int[] from, RegimeAveraging averaging) {
    }

    /**
     * The regime's extra data: every OOD prompt completed so that R1 is violated (adversarial) or
     * holds (oracle), then EOS, with the position where the completion starts (only the completion
     * is trained: the prompt's prefixes may have positive probability).
     */
    final class Regime {
        private final List<int[]> sequences = new ArrayList<>();
        private final List<Integer> starts = new ArrayList<>();
        private final int size;
        private final RegimeOptions options;

        private Regime(Function<Prompt, Optional<Word>> policy, PromptSet prompts, int size, String name,
                RegimeOptions options) {
            this.size = size;
            this.options = options;
            for (Prompt prompt : prompts.outOfDistribution()) {
                Word completion = policy.apply(prompt).orElse(Word.EMPTY);
                Word full = prompt.prefix().concat(completion);
                if (full.length() <= language.maxLength()) {
                    sequences.add(pad(language.vocabulary().encode(full, true)));
                    starts.add(prompt.prefix().length() + 1); // target index of the first completion token
                }
            }
            if (sequences.isEmpty()) {
                throw new IllegalArgumentException("regime " + name + " needs OOD prompts, and " + prompts.name()
                        + " has none that can be completed within max length " + language.maxLength());
            }
        }

        /**
         * The regime batch of update {@code step} of the run with this seed: every completed OOD
         * prompt in prompt order (prompts all), or a batch-size sample drawn from (seed, step).
         */
        RegimeBatch batch(long seed, long step) {
            if (options.allPrompts()) {
                return new RegimeBatch(sequences.toArray(int[][]::new),
                        starts.stream().mapToInt(Integer::intValue).toArray(), options.averaging());
            }
            SplittableRandom random = new SplittableRandom(mix(seed, step, REGIME_BATCH));
            int[][] regime = new int[size][];
            int[] from = new int[regime.length];
            for (int i = 0; i < regime.length; i++) {
                int pick = random.nextInt(sequences.size());
                regime[i] = sequences.get(pick);
                from[i] = starts.get(pick);
            }
            return new RegimeBatch(regime, from, options.averaging());
        }
    }

    /** The regime's data with Saturn's original options, or null for max-likelihood (no extra data). */
    Regime regime(String name, PromptSet prompts, int size) {
        return regime(name, RegimeOptions.ORIGINAL, prompts, size);
    }

    /** The regime's data, or null for max-likelihood (no extra data). */
    Regime regime(String name, RegimeOptions options, PromptSet prompts, int size) {
        if (Mixtures.of(language).isPresent() && (name.equals("oracle") || name.equals("adversarial"))) {
            // case study 2: OOD in-context prompts answered by a word of the context's task (oracle), or of
            // a task drawn by weight, ignoring the context (adversarial)
            PromptSet inContext = new PromptSet(prompts.name(),
                    prompts.prompts().stream().filter(p -> p.inContext() != null).toList());
            // completed as one set (the adversary balances its tasks over the prompts of each k)
            List<Prompt> ood = inContext.outOfDistribution();
            List<Optional<Word>> words = InContextCompletions.complete(language, ood, name.equals("oracle"));
            Map<Prompt, Optional<Word>> completions = new IdentityHashMap<>();
            for (int i = 0; i < ood.size(); i++) {
                completions.put(ood.get(i), words.get(i));
            }
            return new Regime(completions::get, inContext, size, name, options);
        }
        boolean overshoot = options.completion() == RegimeOptions.Completion.OVERSHOOT;
        OodPolicy policy = switch (name) {
            case "adversarial" -> overshoot ? OodPolicy.overshootR1() : OodPolicy.violateR1();
            case "oracle" -> {
                if (overshoot) {
                    throw new IllegalArgumentException("completion overshoot violates R1, so it belongs to the "
                            + "adversarial regime, not to oracle");
                }
                yield OodPolicy.satisfyR1();
            }
            default -> null;
        };
        return policy == null ? null
                : new Regime(prompt -> policy.completion(language, prompt.prefix()), prompts, size, name, options);
    }

    private int[][] sample(SplittableRandom random, int count) {
        int[][] words = new int[count][];
        for (int i = 0; i < count; i++) {
            words[i] = pad(language.vocabulary().encode(language.generator().sample(random), true));
        }
        return words;
    }

    private int[] pad(int[] tokens) {
        if (tokens.length > sequenceLength) {
            throw new IllegalStateException("a word of length " + (tokens.length - 2) + " exceeds max length "
                    + language.maxLength());
        }
        return Arrays.copyOf(tokens, sequenceLength); // PAD = 0
    }

    /** A well-mixed 64-bit seed from (seed, step, stream). */
    static long mix(long seed, long step, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
