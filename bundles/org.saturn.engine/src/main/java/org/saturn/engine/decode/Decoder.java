package org.saturn.engine.decode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.StepState;
import org.saturn.engine.model.Tokens;

/**
 * Completes prompts with every seed of a {@link LanguageModel} at once, with incremental state:
 * the Transformer appends each position's keys and values to a cache, the LSTM carries (h, c).
 * Reads the weights as they are when the decoder is made: make a new one after further training.
 * <p>
 * On the CPU kernels ({@link LanguageModel#inferences()}) all prompts of all sets decode as one
 * shrinking batch, a prompt in one pass ({@link KernelDecoding}); elsewhere (CUDA) through a
 * SameDiff step graph, one token per graph call, prompts of equal length as one batch. Both give
 * the same tokens.
 */
public final class Decoder {

    private final LanguageModel model;
    private final KernelDecoding kernels;
    private LanguageModel.StepGraph step;
    private final List<String> outputs = new ArrayList<>();
    private long promptsDecoded;

    public Decoder(LanguageModel model) {
        this(model, true);
    }

    /** With {@code kernels} false, through the step graph even where the kernels apply (tests compare both). */
    Decoder(LanguageModel model, boolean onKernels) {
        this.model = model;
        org.saturn.engine.cpu.CpuInference[] inferences = onKernels ? model.inferences() : null;
        this.kernels = inferences == null ? null : new KernelDecoding(inferences, model.sequenceLength());
        if (this.kernels == null) {
            this.step = model.stepGraph();
            outputs.add(LanguageModel.STEP_LOGITS);
            for (StepState.Slot slot : step.state().slots()) {
                outputs.add(slot.output());
            }
        }
    }

    /** How many prompts this decoder has completed so far (each once per call, for every seed at once). */
    public long promptsDecoded() {
        return promptsDecoded;
    }

    /** Whether this decoder runs on the CPU kernels (else on a SameDiff step graph). */
    public boolean onKernels() {
        return kernels != null;
    }

    /**
     * Greedy completions of several prompt sets, per set {@code [seed][prompt][tokens]}, each set
     * with its own budget: as {@link #greedy(int[][], int)} per set.
     */
    public List<int[][][]> greedy(List<int[][]> sets, int[] maxNewTokens) {
        return decodeSets(sets, maxNewTokens, 1, null);
    }

    /**
     * Sampled completions of several prompt sets: as {@link #sample(int[][], int, double, long...)}
     * per set (each set starts every model's {@code Random} afresh).
     */
    public List<int[][][]> sample(List<int[][]> sets, int[] maxNewTokens, double temperature, long... seeds) {
        return decodeSets(sets, maxNewTokens, temperature, samplingSeeds(temperature, seeds));
    }

    private List<int[][][]> decodeSets(List<int[][]> sets, int[] maxNewTokens, double temperature, long[] seeds) {
        if (sets.size() != maxNewTokens.length) {
            throw new IllegalArgumentException(sets.size() + " prompt sets but " + maxNewTokens.length + " budgets");
        }
        for (int[][] set : sets) {
            promptsDecoded += set.length;
        }
        if (kernels != null) {
            return kernels.decode(sets, maxNewTokens, temperature, seeds);
        }
        List<int[][][]> results = new ArrayList<>();
        for (int x = 0; x < sets.size(); x++) {
            results.add(decode(sets.get(x), maxNewTokens[x], randoms(seeds), temperature));
        }
        return results;
    }

    /** One sampling seed per model (one value: the same for every model), checked. */
    private long[] samplingSeeds(double temperature, long... seeds) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0");
        }
        if (seeds.length != 1 && seeds.length != model.seedCount()) {
            throw new IllegalArgumentException(seeds.length + " sampling seeds for " + model.seedCount() + " models");
        }
        long[] perModel = new long[model.seedCount()];
        for (int s = 0; s < perModel.length; s++) {
            perModel[s] = seeds[seeds.length == 1 ? 0 : s];
        }
        return perModel;
    }

    private static Random[] randoms(long[] seeds) {
        if (seeds == null) {
            return null;
        }
        Random[] random = new Random[seeds.length];
        for (int s = 0; s < random.length; s++) {
            random[s] = new Random(seeds[s]);
        }
        return random;
    }

    /** Greedy completions {@code [seed][prompt][tokens]}, each ending at EOS or after the budget. */
    public int[][][] greedy(int[][] prompts, int maxNewTokens) {
        return greedy(java.util.Collections.singletonList(prompts), new int[] { maxNewTokens }).get(0);
    }

    /**
     * Completions sampled from softmax(logits / temperature), reproducible given the seeds: model s
     * draws from its own {@code new Random(seeds[s])} (one value: the same seed for every model), and
     * stops drawing once all its prompts are finished, so a seed's samples do not depend on which
     * other seeds share the graph.
     */
    public int[][][] sample(int[][] prompts, int maxNewTokens, double temperature, long... seeds) {
        return sample(java.util.Collections.singletonList(prompts), new int[] { maxNewTokens }, temperature, seeds).get(0);
    }

    private int[][][] decode(int[][] prompts, int maxNewTokens, Random[] random, double temperature) {
        int seeds = model.seedCount();
        int[][][] completions = new int[seeds][prompts.length][];
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i = 0; i < prompts.length; i++) {
            if (prompts[i].length == 0) {
                throw new IllegalArgumentException("empty prompt (prompts start with SOS)");
            }
            byLength.computeIfAbsent(prompts[i].length, n -> new ArrayList<>()).add(i);
        }
        for (List<Integer> group : byLength.values()) {
            int[][] groupPrompts = new int[group.size()][];
            for (int i = 0; i < group.size(); i++) {
                groupPrompts[i] = prompts[group.get(i)];
            }
            int[][][] done = decodeGroup(groupPrompts, maxNewTokens, random, temperature);
            for (int s = 0; s < seeds; s++) {
                for (int i = 0; i < group.size(); i++) {
                    completions[s][group.get(i)] = done[s][i];
                }
            }
        }
        return completions;
    }

    private int[][][] decodeGroup(int[][] prompts, int maxNewTokens, Random[] random, double temperature) {
        SameDiff graph = step.graph();
        int seeds = model.seedCount();
        int count = prompts.length;
        int promptLength = prompts[0].length;
        int vocabulary = model.vocabularySize();
        // the model has positions 0..sequenceLength-2: the last token it can predict is at sequenceLength-1
        int budget = Math.min(maxNewTokens, model.sequenceLength() - promptLength);
        Map<String, INDArray> state = new HashMap<>();
        for (StepState.Slot slot : step.state().slots()) {
            state.put(slot.input(), Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, slot.initial().apply(count)));
        }
        // slot 0 of every cache is a masked-out dummy, so the first position needs no special graph
        List<Float> cacheMask = new ArrayList<>(List.of(-1e9f));
        int[][] current = new int[seeds][count];
        int[][][] generated = new int[seeds][count][budget];
        int[][] produced = new int[seeds][count];
        boolean[][] finished = new boolean[seeds][count];
        int lastInput = promptLength - 1 + budget - 1;
        // per (seed, prompt) row: the key-padding penalty of the dummy slot and of every input so far
        float[][] padding = new float[seeds * count][lastInput + 2];
        for (int position = 0; position <= lastInput; position++) {
            float[] oneHot = new float[seeds * count * vocabulary];
            for (int s = 0; s < seeds; s++) {
                for (int p = 0; p < count; p++) {
                    int token = position < promptLength ? prompts[p][position] : current[s][p];
                    oneHot[(s * count + p) * vocabulary + token] = step.inputScale();
                    padding[s * count + p][position + 1] = token == Tokens.PAD ? -1e9f : 0f;
                }
            }
            Map<String, INDArray> feed = new HashMap<>(state);
            feed.put(LanguageModel.STEP_INPUT, Nd4j.create(oneHot, new long[] { seeds, count, vocabulary }, 'c'));
            feed.put(LanguageModel.STEP_POSITION, Nd4j.createFromArray(new int[] { position }));
            if (step.state().usesCacheMask()) {
                float[] mask = new float[cacheMask.size() + 1];
                for (int i = 0; i < cacheMask.size(); i++) {
                    mask[i] = cacheMask.get(i);
                }
                feed.put(StepState.CACHE_MASK, Nd4j.createFromArray(mask));
                cacheMask.add(0f);
            }
            if (step.state().usesPaddingMask()) {
                float[] mask = new float[seeds * count * (position + 2)];
                for (int row = 0; row < seeds * count; row++) {
                    System.arraycopy(padding[row], 0, mask, row * (position + 2), position + 2);
                }
                feed.put(StepState.PADDING_MASK, Nd4j.create(mask, new long[] { seeds * count, position + 2 }, 'c'));
            }
            Map<String, INDArray> out = graph.output(feed, outputs);
            for (StepState.Slot slot : step.state().slots()) {
                INDArray next = out.get(slot.output());
                state.put(slot.input(), slot.append() ? Nd4j.concat(2, state.get(slot.input()), next) : next);
            }
            if (position < promptLength - 1) {
                continue;
            }
            float[] logits = out.get(LanguageModel.STEP_LOGITS).dup('c').data().asFloat();
            boolean all = true;
            for (int s = 0; s < seeds; s++) {
                if (allFinished(finished[s])) {
                    continue; // as if this seed decoded alone: its loop would have ended
                }
                for (int p = 0; p < count; p++) {
                    int offset = (s * count + p) * vocabulary;
                    int token = random == null ? argmax(logits, offset, vocabulary)
                            : draw(logits, offset, vocabulary, temperature, random[s]);
                    current[s][p] = token;
                    if (!finished[s][p]) {
                        generated[s][p][produced[s][p]++] = token;
                        finished[s][p] = token == Tokens.EOS;
                    }
                    all &= finished[s][p];
                }
            }
            if (all) {
                break;
            }
        }
        int[][][] result = new int[seeds][count][];
        for (int s = 0; s < seeds; s++) {
            for (int p = 0; p < count; p++) {
                result[s][p] = java.util.Arrays.copyOf(generated[s][p], produced[s][p]);
            }
        }
        return result;
    }

    private static boolean allFinished(boolean[] finished) {
        for (boolean f : finished) {
            if (!f) {
                return false;
            }
        }
        return true;
    }

    static int argmax(float[] values, int offset, int length) {
        int best = 0;
        for (int v = 1; v < length; v++) {
            if (values[offset + v] > values[offset + best]) {
                best = v;
            }
        }
        return best;
    }

    static int draw(float[] logits, int offset, int length, double temperature, Random random) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < length; v++) {
            max = Math.max(max, logits[offset + v] / temperature);
        }
        double[] weights = new double[length];
        double total = 0;
        for (int v = 0; v < length; v++) {
            weights[v] = Math.exp(logits[offset + v] / temperature - max);
            total += weights[v];
        }
        double u = random.nextDouble() * total;
        for (int v = 0; v < length; v++) {
            u -= weights[v];
            if (u <= 0) {
                return v;
            }
        }
        return length - 1;
    }
}
