package org.saturn.engine.cpu;

/** The weighted next-token cross-entropy of a batch and its gradient with respect to the logits. */
public final class CrossEntropy {

    private CrossEntropy() {
    }

    /**
     * Returns {@code -sum_i weight[i] log softmax(logits_i)[target[i]]} for logits {@code [rows, v]}
     * and overwrites {@code gradient} (same shape) with its derivative,
     * {@code weight[i] (softmax(logits_i) - onehot(target[i]))}.
     */
    public static double lossAndGradient(float[] logits, int v, CpuBatch batch, float[] gradient) {
        double loss = 0;
        int rows = batch.rows();
        for (int i = 0; i < rows; i++) {
            int o = i * v;
            float max = logits[o];
            for (int j = 1; j < v; j++) {
                max = Math.max(max, logits[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < v; j++) {
                sum += Math.exp(logits[o + j] - max);
            }
            float weight = batch.weights()[i];
            int target = batch.targets()[i];
            double logSum = Math.log(sum);
            if (weight != 0) {
                loss -= weight * (logits[o + target] - max - logSum);
            }
            for (int j = 0; j < v; j++) {
                gradient[o + j] = weight == 0 ? 0f : (float) (weight * Math.exp(logits[o + j] - max - logSum));
            }
            if (weight != 0) {
                gradient[o + target] -= weight;
            }
        }
        return loss;
    }
}
