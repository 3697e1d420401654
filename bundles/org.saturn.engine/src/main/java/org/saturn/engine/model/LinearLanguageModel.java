package org.saturn.engine.model;

import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.nd4j.weightinit.impl.ZeroInitScheme;

/**
 * The causal linear baseline: the logits at position t are an affine function of the token at t
 * alone, so no output can see a later input. One SameDiff graph is built once and reused for
 * every step.
 */
public final class LinearLanguageModel {

    private static final String INPUT = "input";
    private static final String TARGET = "target";
    private static final String MASK = "mask";
    private static final String LOSS = "loss";

    private final int vocabularySize;
    private final SameDiff graph = SameDiff.create();

    public LinearLanguageModel(int vocabularySize, double learningRate, long seed) {
        this.vocabularySize = vocabularySize;
        Nd4j.getRandom().setSeed(seed);
        SDVariable input = graph.placeHolder(INPUT, DataType.FLOAT, -1, vocabularySize);
        SDVariable target = graph.placeHolder(TARGET, DataType.FLOAT, -1, vocabularySize);
        SDVariable mask = graph.placeHolder(MASK, DataType.FLOAT, -1);
        SDVariable weight = graph.var("W", new XavierInitScheme('c', vocabularySize, vocabularySize), DataType.FLOAT,
                vocabularySize, vocabularySize);
        SDVariable bias = graph.var("b", new ZeroInitScheme('c'), DataType.FLOAT, vocabularySize);
        SDVariable logProbabilities = graph.nn.logSoftmax(graph.mmul(input, weight).add(bias));
        SDVariable tokenLoss = graph.sum(target.mul(logProbabilities), 1).neg();
        graph.identity(LOSS, graph.sum(tokenLoss.mul(mask)).div(graph.sum(mask)));
        graph.setLossVariables(LOSS);
        graph.setTrainingConfig(new TrainingConfig.Builder()
                .updater(new Adam(learningRate))
                .dataSetFeatureMapping(INPUT, MASK)
                .dataSetLabelMapping(TARGET)
                .build());
    }

    /**
     * One optimiser step on a batch of token sequences (each {@code SOS w EOS PAD...}, PAD = 0,
     * all of one length); returns the PAD-masked mean cross-entropy in nats/token before the step.
     */
    public double trainStep(int[][] sequences) {
        Batch batch = Batch.of(sequences, vocabularySize);
        // fit() reports no usable loss in ND4J 1.0.0-M2.1 (listeners see 0): evaluate it first
        double loss = loss(batch);
        graph.fit(new MultiDataSet(new INDArray[] { batch.inputs, batch.mask }, new INDArray[] { batch.targets }));
        return loss;
    }

    /** PAD-masked mean cross-entropy in nats/token, without training. */
    public double loss(int[][] sequences) {
        return loss(Batch.of(sequences, vocabularySize));
    }

    private double loss(Batch batch) {
        return graph.output(Map.of(INPUT, batch.inputs, TARGET, batch.targets, MASK, batch.mask), LOSS)
                .get(LOSS).getDouble(0);
    }

    /** One-hot inputs (positions 0..T-2) and targets (1..T-1), masked where the target is PAD. */
    private record Batch(INDArray inputs, INDArray targets, INDArray mask) {
        static Batch of(int[][] sequences, int vocabularySize) {
            int length = sequences[0].length - 1;
            int rows = sequences.length * length;
            float[] in = new float[rows * vocabularySize];
            float[] out = new float[rows * vocabularySize];
            float[] mask = new float[rows];
            int row = 0;
            for (int[] sequence : sequences) {
                for (int t = 0; t < length; t++, row++) {
                    in[row * vocabularySize + sequence[t]] = 1f;
                    out[row * vocabularySize + sequence[t + 1]] = 1f;
                    mask[row] = sequence[t + 1] == 0 ? 0f : 1f;
                }
            }
            return new Batch(Nd4j.create(in, new long[] { rows, vocabularySize }, 'c'),
                    Nd4j.create(out, new long[] { rows, vocabularySize }, 'c'),
                    Nd4j.create(mask, new long[] { rows }, 'c'));
        }
    }
}
