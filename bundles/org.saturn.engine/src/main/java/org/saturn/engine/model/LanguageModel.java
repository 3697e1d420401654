package org.saturn.engine.model;

import org.saturn.core.optimal.LossConvention;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.saturn.engine.cpu.CpuBatch;
import org.saturn.engine.cpu.CpuInference;
import org.saturn.engine.cpu.CpuNetwork;
import org.saturn.engine.cpu.CpuNetworks;
import org.saturn.engine.cpu.SeedArrays;

/**
 * S seeds of one configuration as one SameDiff graph (S = 1 is an ordinary model). The training
 * graph is built once and reused for every step; its objective is the SUM over seeds of each
 * seed's mean loss, so every seed gets exactly the gradient it would get alone. Evaluation
 * ({@link #loss}) and decoding run on the CPU kernels where they apply ({@link #inferences()});
 * elsewhere an evaluation graph without dropout and a decoding step graph are built on demand over
 * the same weight arrays.
 */
public final class LanguageModel {

    public static final String INPUT = "input";
    public static final String TARGET = "target";
    public static final String LOGITS = "logits";
    public static final String SEED_LOSS = "seedLoss";
    public static final String LOSS = "loss";
    public static final String STEP_INPUT = "step.input";
    public static final String STEP_POSITION = "step.position";
    public static final String STEP_LOGITS = "step.logits";

    static {
        // the default (SCOPE_PANIC) checks every op's workspaces: ~10 % of a step (BUILD-NOTES)
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }

    private final ModelSpec spec;
    private final int vocabularySize;
    private final int sequenceLength;
    private final long[] seeds;
    private final Network network;
    private final SameDiff training = SameDiff.create();
    private final Map<String, INDArray> weights;
    private SameDiff evaluation;
    private Map<String, INDArray> evaluationWeights;
    /** The CPU kernel that evaluates and decodes, or null where SameDiff does (see {@link #inferences()}). */
    private final CpuNetwork kernel;

    /**
     * @param sequenceLength tokens per training sequence ({@code maxLength + 2}); the model sees
     *                       {@code sequenceLength - 1} input positions
     * @param seeds          one initialisation seed per batched model
     */
    public LanguageModel(ModelSpec spec, int vocabularySize, int sequenceLength, long... seeds) {
        if (seeds.length == 0) {
            throw new IllegalArgumentException("at least one seed");
        }
        if (vocabularySize < 4 || sequenceLength < 2) {
            throw new IllegalArgumentException("vocabulary >= 4 and sequence length >= 2 required");
        }
        this.spec = spec;
        this.vocabularySize = vocabularySize;
        this.sequenceLength = sequenceLength;
        this.seeds = seeds.clone();
        this.network = Network.of(spec, vocabularySize, sequenceLength - 1);
        GraphBlocks blocks = new GraphBlocks(training, this.seeds, true, spec.init());
        buildLoss(blocks);
        this.weights = blocks.createdWeights();
        training.setLossVariables(LOSS);
        this.kernel = CpuNetworks.forEvaluation(spec, vocabularySize, sequenceLength - 1);
    }

    private void buildLoss(GraphBlocks g) {
        SameDiff sd = g.sd;
        SDVariable input = sd.placeHolder(INPUT, DataType.FLOAT, g.seeds, -1, vocabularySize);
        SDVariable target = sd.placeHolder(TARGET, DataType.FLOAT, g.seeds, -1, vocabularySize);
        SDVariable logits = sd.identity(LOGITS, network.logits(g, input, sequenceLength - 1));
        // targets arrive one-hot and already weighted (1 / count, or 0 for excluded positions)
        // named itself (no identity after it): training executes it, so the trainer can read it there
        SDVariable seedLoss = sd.sum(target.mul(sd.nn.logSoftmax(logits)), 1, 2).neg(SEED_LOSS);
        sd.sum(LOSS, seedLoss);
    }

    public ModelSpec spec() {
        return spec;
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    public int sequenceLength() {
        return sequenceLength;
    }

    public int seedCount() {
        return seeds.length;
    }

    public long[] seeds() {
        return seeds.clone();
    }

    /** The training graph (engine-internal: the trainer attaches its optimiser to it). */
    public SameDiff trainingGraph() {
        return training;
    }

    /** The graph without dropout, over the same weights (the training graph itself when there is no dropout). */
    public SameDiff evaluationGraph() {
        if (spec.dropout() == 0) {
            return training;
        }
        // rebuilt when the training graph's arrays were replaced (e.g. restored from a checkpoint)
        Map<String, INDArray> current = currentWeights();
        if (evaluation == null || !sameArrays(current, evaluationWeights)) {
            evaluation = separateEvaluationGraph(current);
            evaluationWeights = current;
        }
        return evaluation;
    }

    private static boolean sameArrays(Map<String, INDArray> a, Map<String, INDArray> b) {
        for (Map.Entry<String, INDArray> e : a.entrySet()) {
            if (b.get(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    SameDiff separateEvaluationGraph() {
        return separateEvaluationGraph(currentWeights());
    }

    private SameDiff separateEvaluationGraph(Map<String, INDArray> weightArrays) {
        SameDiff sd = SameDiff.create();
        buildLoss(new GraphBlocks(sd, seeds.length, weightArrays, false));
        return sd;
    }

    /** The trained arrays by name (every seed: leading seed axis), as the training graph holds them now. */
    public Map<String, INDArray> currentWeights() {
        Map<String, INDArray> current = new LinkedHashMap<>();
        for (String name : weights.keySet()) {
            current.put(name, training.getArrForVarName(name));
        }
        return current;
    }

    /** Number of trainable parameters of one seed. */
    public long parameterCount() {
        long n = 0;
        for (INDArray w : currentWeights().values()) {
            n += w.length() / seeds.length;
        }
        return n;
    }

    /** All weights of one seed, flattened in creation order (for comparisons and checkpoints). */
    public float[] parameters(int seedIndex) {
        Map<String, INDArray> current = currentWeights();
        int total = Math.toIntExact(parameterCount());
        float[] out = new float[total];
        int offset = 0;
        for (INDArray w : current.values()) {
            float[] slice = w.slice(seedIndex).dup('c').data().asFloat();
            System.arraycopy(slice, 0, out, offset, slice.length);
            offset += slice.length;
        }
        return out;
    }

    /**
     * Encodes one batch per seed (all of equal size) as graph inputs: scaled one-hot inputs and
     * weighted one-hot targets so that each seed's loss is its mean under the convention, plus
     * {@code extraWeight} x the mean loss of its {@code extra} batch (null for none).
     */
    public Map<String, INDArray> encode(int[][][] batches, int[][][] extra, double extraWeight, LossConvention convention) {
        return encode(batches, extra, null, extraWeight, convention);
    }

    /**
     * As {@link #encode(int[][][], int[][][], double, LossConvention)}, but sequence i of seed s of
     * the extra batch counts only the targets at positions {@code >= extraFrom[s][i]} (null: all).
     * The regimes use it to train only the completion of an OOD prompt, never the prompt itself:
     * the prompt's own prefixes may have positive probability, and training them would move the
     * model away from the data distribution.
     */
    public Map<String, INDArray> encode(int[][][] batches, int[][][] extra, int[][] extraFrom, double extraWeight,
            LossConvention convention) {
        return oneHot(batches(batches, extra, extraFrom, extraWeight, convention));
    }

    /**
     * The same batches as token ids with per-position target weights, one {@link CpuBatch} per seed
     * (the rows of {@code extra} follow those of the batch).
     */
    public CpuBatch[] batches(int[][][] batches, int[][][] extra, int[][] extraFrom, double extraWeight,
            LossConvention convention) {
        checkSeeds(batches);
        if (extra != null) {
            checkSeeds(extra);
        }
        int positions = sequenceLength - 1;
        CpuBatch[] out = new CpuBatch[seeds.length];
        for (int s = 0; s < seeds.length; s++) {
            int sequences = batches[s].length + (extra == null ? 0 : extra[s].length);
            int rows = sequences * positions;
            int[] inputs = new int[rows];
            int[] targets = new int[rows];
            float[] weights = new float[rows];
            int row = encodeRows(batches[s], null, 1.0, convention, inputs, targets, weights, 0);
            if (extra != null) {
                encodeRows(extra[s], extraFrom == null ? null : extraFrom[s], extraWeight, convention, inputs, targets,
                        weights, row);
            }
            out[s] = new CpuBatch(sequences, positions, inputs, targets, weights);
        }
        return out;
    }

    /** Graph inputs for per-seed batches: scaled one-hot inputs and weighted one-hot targets. */
    public Map<String, INDArray> oneHot(CpuBatch[] batches) {
        int rowsPerSeed = batches[0].rows();
        int v = vocabularySize;
        float[] input = new float[seeds.length * rowsPerSeed * v];
        float[] target = new float[input.length];
        float inputValue = (float) network.inputScale();
        for (int s = 0; s < seeds.length; s++) {
            CpuBatch batch = batches[s];
            for (int i = 0; i < rowsPerSeed; i++) {
                int row = s * rowsPerSeed + i;
                input[row * v + batch.inputs()[i]] = inputValue;
                target[row * v + batch.targets()[i]] = batch.weights()[i];
            }
        }
        long[] shape = { seeds.length, rowsPerSeed, v };
        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put(INPUT, Nd4j.create(input, shape, 'c'));
        placeholders.put(TARGET, Nd4j.create(target, shape, 'c'));
        return placeholders;
    }

    private int encodeRows(int[][] sequences, int[] from, double weight, LossConvention convention, int[] inputs,
            int[] targets, float[] weights, int row) {
        int positions = sequenceLength - 1;
        int counted = 0;
        for (int i = 0; i < sequences.length; i++) {
            int[] sequence = sequences[i];
            if (sequence.length != sequenceLength) {
                throw new IllegalArgumentException("sequence of length " + sequence.length + ", expected " + sequenceLength);
            }
            for (int t = from == null ? 1 : Math.max(1, from[i]); t < sequenceLength; t++) {
                if (convention == LossConvention.PAD || sequence[t] != Tokens.PAD) {
                    counted++;
                }
            }
        }
        float share = counted == 0 ? 0f : (float) (weight / counted);
        for (int i = 0; i < sequences.length; i++) {
            int[] sequence = sequences[i];
            int first = from == null ? 1 : from[i];
            for (int t = 0; t < positions; t++, row++) {
                inputs[row] = sequence[t];
                int next = sequence[t + 1];
                targets[row] = next;
                if (t + 1 >= first && (convention == LossConvention.PAD || next != Tokens.PAD)) {
                    weights[row] = share;
                }
            }
        }
        return row;
    }

    private void checkSeeds(int[][][] batches) {
        if (batches.length != seeds.length) {
            throw new IllegalArgumentException(batches.length + " batches for " + seeds.length + " seeds");
        }
        for (int[][] b : batches) {
            if (b.length != batches[0].length) {
                throw new IllegalArgumentException("every seed needs a batch of the same size");
            }
        }
    }

    /**
     * Each seed's mean loss (nats/token) on its batch, without dropout and without training: on the
     * CPU kernels where they apply (in bounded chunks, each sequence only up to its last counted
     * target), else through the evaluation graph.
     */
    public double[] loss(int[][][] batches, LossConvention convention) {
        CpuInference[] inferences = inferences();
        if (inferences == null) {
            return graphLoss(batches, convention);
        }
        CpuBatch[] encoded = batches(batches, null, null, 0, convention);
        double[] losses = new double[seeds.length];
        for (int s = 0; s < seeds.length; s++) {
            losses[s] = kernelLoss(inferences[s], encoded[s]);
        }
        return losses;
    }

    /** {@link #loss} through the evaluation graph (the CUDA path, and the reference in tests). */
    public double[] graphLoss(int[][][] batches, LossConvention convention) {
        INDArray seedLoss = evaluationGraph().output(encode(batches, null, 0, convention), SEED_LOSS).get(SEED_LOSS);
        return seedLoss.toDoubleVector();
    }

    private static double kernelLoss(CpuInference inference, CpuBatch batch) {
        int positions = batch.positions();
        int v = inference.vocabulary();
        // a chunk's caches and activations hold at most one pass of tokens
        int chunk = Math.max(1, CpuInference.TOKENS_PER_PASS / positions);
        double loss = 0;
        // sequence i is row i of the state, as of the graph's batch (positions batchRow read it)
        CpuInference.Sequences state = inference.start(batch.sequences());
        for (int first = 0; first < batch.sequences(); first += chunk) {
            int last = Math.min(batch.sequences(), first + chunk);
            int[] sequence = new int[last - first];
            int[][] tokens = new int[last - first][];
            int fed = 0;
            for (int i = first; i < last; i++) {
                // causal: positions after the last counted target change nothing that counts
                int length = 0;
                for (int t = 0; t < positions; t++) {
                    if (batch.weights()[i * positions + t] != 0) {
                        length = t + 1;
                    }
                }
                if (length > 0) {
                    sequence[fed] = i;
                    tokens[fed++] = Arrays.copyOfRange(batch.inputs(), i * positions, i * positions + length);
                }
            }
            if (fed == 0) {
                continue;
            }
            int[] rows = Arrays.copyOf(sequence, fed);
            float[] logits = state.feed(rows, Arrays.copyOf(tokens, fed), true);
            for (int row : rows) {
                state.release(row); // a chunk's caches are garbage once its logits are read
            }
            int row = 0;
            for (int k = 0; k < fed; k++) {
                int base = sequence[k] * positions;
                for (int t = 0; t < tokens[k].length; t++, row++) {
                    float weight = batch.weights()[base + t];
                    if (weight != 0) {
                        loss -= weight * logSoftmax(logits, row * v, v, batch.targets()[base + t]);
                    }
                }
            }
        }
        return loss;
    }

    /** {@code log softmax(values[offset .. offset + v))[target]} in double precision. */
    private static double logSoftmax(float[] values, int offset, int v, int target) {
        float max = values[offset];
        for (int j = 1; j < v; j++) {
            max = Math.max(max, values[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < v; j++) {
            sum += Math.exp(values[offset + j] - max);
        }
        return values[offset + target] - max - Math.log(sum);
    }

    /**
     * Per seed, its forward pass on the CPU kernels over a copy of the current weights (later
     * training does not change it), or null where evaluation and decoding go through SameDiff (the
     * CUDA backend, a kind without a forward kernel, or {@code -Dsaturn.evaluation=graph}).
     */
    public CpuInference[] inferences() {
        if (kernel == null) {
            return null;
        }
        SeedArrays copy = new SeedArrays(currentWeights(), seeds.length);
        copy.pull();
        CpuInference[] inferences = new CpuInference[seeds.length];
        for (int s = 0; s < seeds.length; s++) {
            inferences[s] = kernel.inference(copy.seed(s));
            if (inferences[s] == null) {
                return null;
            }
        }
        return inferences;
    }

    /** Logits {@code [S][B][positions][V]} without dropout (the reference for decoding and causality). */
    public float[][][][] logits(int[][][] batches) {
        INDArray logits = evaluationGraph().output(encode(batches, null, 0, LossConvention.PAD), LOGITS)
                .get(LOGITS);
        int positions = sequenceLength - 1;
        float[] flat = logits.dup('c').data().asFloat();
        int b = batches[0].length;
        float[][][][] out = new float[seeds.length][b][positions][vocabularySize];
        int i = 0;
        for (int s = 0; s < seeds.length; s++) {
            for (int n = 0; n < b; n++) {
                for (int t = 0; t < positions; t++) {
                    System.arraycopy(flat, i, out[s][n][t], 0, vocabularySize);
                    i += vocabularySize;
                }
            }
        }
        return out;
    }

    /**
     * Seed slot {@code slot}'s logits {@code [B][positions][V]} on {@code sequences} (each
     * {@code sequenceLength} tokens), rows past {@code rows[i]} of sequence i left zero: on the CPU
     * kernels only that seed and those rows are computed; elsewhere through the evaluation graph.
     */
    public float[][][] logits(int slot, int[][] sequences, int[] rows) {
        CpuInference[] inferences = inferences();
        if (inferences == null) {
            int[][][] input = new int[seeds.length][][];
            Arrays.fill(input, sequences);
            return logits(input)[slot];
        }
        int positions = sequenceLength - 1;
        float[][][] out = new float[sequences.length][positions][vocabularySize];
        int[] fed = new int[sequences.length];
        int[][] tokens = new int[sequences.length][];
        int count = 0;
        for (int i = 0; i < sequences.length; i++) {
            if (rows[i] > 0) {
                fed[count] = i; // row i of the graph's batch (positions batchRow read it)
                tokens[count++] = Arrays.copyOf(sequences[i], Math.min(rows[i], positions));
            }
        }
        float[] flat = inferences[slot].start(Math.max(1, sequences.length)).feed(Arrays.copyOf(fed, count),
                Arrays.copyOf(tokens, count), true);
        int at = 0;
        for (int i = 0; i < sequences.length; i++) {
            for (int t = 0; t < Math.min(rows[i], positions); t++) {
                System.arraycopy(flat, at, out[i][t], 0, vocabularySize);
                at += vocabularySize;
            }
        }
        return out;
    }

    /** A fresh decoding step graph over the current weights (engine-internal, used by the decoders). */
    public StepGraph stepGraph() {
        SameDiff sd = SameDiff.create();
        GraphBlocks g = new GraphBlocks(sd, seeds.length, currentWeights(), false);
        SDVariable input = sd.placeHolder(STEP_INPUT, DataType.FLOAT, seeds.length, -1, vocabularySize);
        SDVariable position = sd.placeHolder(STEP_POSITION, DataType.INT32, 1);
        StepState state = new StepState();
        sd.identity(STEP_LOGITS, network.step(g, input, position, state));
        return new StepGraph(sd, state, (float) network.inputScale());
    }

    /** A decoding step graph: placeholders {@link #STEP_INPUT}, {@link #STEP_POSITION} and the state slots. */
    public record StepGraph(SameDiff graph, StepState state, float inputScale) {
    }
}
