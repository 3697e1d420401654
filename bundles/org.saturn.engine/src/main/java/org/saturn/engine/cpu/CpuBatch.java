package org.saturn.engine.cpu;

/**
 * One seed's training batch: {@code sequences} rows of {@code positions} input tokens (row-major),
 * and for each input position the token it must predict with its weight in the loss
 * ({@code 1 / counted tokens}, or 0 where the position does not count: padding under the
 * pad-excluded convention, a regime sequence's prompt). The loss is
 * {@code -sum_i weight[i] log p_i(target[i])}, exactly the SameDiff graph's per-seed loss.
 */
public record CpuBatch(int sequences, int positions, int[] inputs, int[] targets, float[] weights) {

    public CpuBatch {
        int rows = sequences * positions;
        if (inputs.length != rows || targets.length != rows || weights.length != rows) {
            throw new IllegalArgumentException("a batch of " + sequences + " x " + positions + " needs " + rows
                    + " inputs, targets and weights");
        }
    }

    public int rows() {
        return sequences * positions;
    }

    /**
     * This batch cut after the last position where any sequence has a counted target (itself when
     * that is the last position): causal networks give the same loss and gradients on it, and no
     * work is spent on positions that count for nothing (padding under the pad-excluded convention).
     */
    public CpuBatch trimmed() {
        int used = 1;
        for (int s = 0; s < sequences; s++) {
            for (int t = positions - 1; t >= used; t--) {
                if (weights[s * positions + t] != 0) {
                    used = t + 1;
                    break;
                }
            }
        }
        if (used == positions) {
            return this;
        }
        int rows = sequences * used;
        int[] cutInputs = new int[rows];
        int[] cutTargets = new int[rows];
        float[] cutWeights = new float[rows];
        for (int s = 0; s < sequences; s++) {
            System.arraycopy(inputs, s * positions, cutInputs, s * used, used);
            System.arraycopy(targets, s * positions, cutTargets, s * used, used);
            System.arraycopy(weights, s * positions, cutWeights, s * used, used);
        }
        return new CpuBatch(sequences, used, cutInputs, cutTargets, cutWeights);
    }
}
