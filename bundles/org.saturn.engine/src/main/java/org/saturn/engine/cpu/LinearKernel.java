package org.saturn.engine.cpu;

import java.util.Arrays;
import java.util.Map;

/** One seed of the causal linear baseline: logits at t are row {@code token_t} of {@code out.W} plus {@code out.b}. */
public final class LinearKernel implements CpuNetwork {

    private final int vocabulary;

    public LinearKernel(int vocabularySize) {
        this.vocabulary = vocabularySize;
    }

    @Override
    public CpuInference inference(Map<String, float[]> weights) {
        return new LinearInference(vocabulary, weights);
    }

    @Override
    public double lossAndGradient(Map<String, float[]> w, Map<String, float[]> g, CpuBatch batch, Dropout dropout) {
        int v = vocabulary;
        float[] weight = w.get("out.W");
        float[] bias = w.get("out.b");
        float[] logits = new float[batch.rows() * v];
        for (int row = 0; row < batch.rows(); row++) {
            int token = batch.inputs()[row];
            for (int j = 0; j < v; j++) {
                logits[row * v + j] = weight[token * v + j] + bias[j];
            }
        }
        float[] dLogits = new float[logits.length];
        double loss = CrossEntropy.lossAndGradient(logits, v, batch, dLogits);
        float[] dWeight = g.get("out.W");
        float[] dBias = g.get("out.b");
        Arrays.fill(dWeight, 0f);
        Arrays.fill(dBias, 0f);
        for (int row = 0; row < batch.rows(); row++) {
            int token = batch.inputs()[row];
            for (int j = 0; j < v; j++) {
                dWeight[token * v + j] += dLogits[row * v + j];
                dBias[j] += dLogits[row * v + j];
            }
        }
        return loss;
    }
}
