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
}
