package org.saturn.engine.model;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Function-preserving reparametrisations (SCIENCE.md §2.3, parameter non-identifiability): new
 * parameters, the same function, so the same loss everywhere but a different Hessian and a
 * different fine-tuning trajectory. The papers' ReLU(c·x)/c needs a positively homogeneous
 * activation; ours are GELU, sigmoid and tanh, so the scale c goes where a product of two linear
 * maps meets no non-linearity:
 * <ul>
 * <li>Transformer, every block: queries × c and keys / c (the scores q·k are unchanged), values × c
 * and the attention output projection / c (attention averages values linearly, its weights sum to
 * one).</li>
 * <li>LSTM: embedding × c and the first layer's input weights / c (its gates see x·W unchanged).</li>
 * <li>The linear baseline has no hidden product: only c = 1.</li>
 * </ul>
 * Exact in real arithmetic; in float32 the outputs agree to rounding (ReparametrisationTest).
 */
public final class Reparametrisation {

    private Reparametrisation() {
    }

    /** Rescales every seed of {@code model} in place with factor {@code c} (c = 1 changes nothing). */
    public static void rescale(LanguageModel model, double c) {
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("the reparametrisation scale must be a positive number, not " + c);
        }
        if (c == 1) {
            return;
        }
        Map<String, INDArray> w = model.currentWeights();
        ModelSpec spec = model.spec();
        switch (spec.kind()) {
            case TRANSFORMER -> {
                int d = spec.width();
                for (int l = 0; l < spec.layers(); l++) {
                    String p = "block" + l + ".";
                    for (String part : new String[] { "qkv.W", "qkv.b" }) {
                        INDArray qkv = w.get(p + part);
                        columns(qkv, 0, d).muli(c); // queries
                        columns(qkv, d, 2 * d).muli(1 / c); // keys
                        columns(qkv, 2 * d, 3 * d).muli(c); // values
                    }
                    w.get(p + "attn.out.W").muli(1 / c);
                }
            }
            case LSTM -> {
                w.get("embedding").muli(c);
                w.get("lstm0.Wx").muli(1 / c);
            }
            case LINEAR -> throw new IllegalArgumentException(
                    "the linear baseline has no function-preserving reparametrisation (only scale 1)");
            case MAMBA -> throw new IllegalArgumentException(
                    "the reparametrisation is not available for Mamba models (only scale 1)");
            case XLSTM -> throw new IllegalArgumentException(
                    "the reparametrisation is not available for xLSTM models (only scale 1)");
        }
    }

    /** Columns [from, to) of the last axis of a {@code [S, rows, columns]} weight, as a view. */
    private static INDArray columns(INDArray weight, int from, int to) {
        return weight.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }
}
