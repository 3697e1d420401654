package org.saturn.engine.cpu;

import java.util.Arrays;
import java.util.Map;

import org.saturn.engine.model.ModelSpec;
import org.saturn.engine.model.SinusoidalPositions;
import org.saturn.engine.model.Tokens;

/**
 * {@link TransformerKernel}'s forward pass over one seed's weights, incremental: each sequence keeps
 * its keys and values per layer, so new tokens attend to the cache and to each other (causally)
 * without recomputing earlier positions. The linear layers run over all tokens of a pass at once.
 * With {@code positions batchRow} a sequence's position signal is its row in the graph's batch
 * ({@link CpuInference.Sequences#placeInBatch}).
 */
final class TransformerInference extends CpuInference {

    private final Map<String, float[]> w;
    private final int vocabulary;
    private final int positions;
    private final int d;
    private final int heads;
    private final int headWidth;
    private final int feedForward;
    private final int layers;
    private final boolean preNorm;
    private final boolean noPositions;
    private final boolean batchRowPositions;
    private final boolean relu;
    private final boolean keyPaddingMask;
    private final float eps;
    private final float inputScale;
    private final float queryScale;
    private final float[] positionTable;

    TransformerInference(ModelSpec spec, int vocabularySize, int positions, Map<String, float[]> weights) {
        this.w = weights;
        this.vocabulary = vocabularySize;
        this.positions = positions;
        this.d = spec.width();
        this.heads = spec.heads();
        this.headWidth = d / heads;
        this.feedForward = spec.feedForward();
        this.layers = spec.layers();
        this.preNorm = spec.norm() == ModelSpec.Norm.PRE;
        this.noPositions = spec.positions() == ModelSpec.Positions.NONE;
        this.batchRowPositions = spec.positions() == ModelSpec.Positions.BATCH_ROW;
        this.relu = spec.activation() == ModelSpec.Activation.RELU;
        this.keyPaddingMask = spec.keyPaddingMask();
        this.eps = (float) spec.normEps();
        this.inputScale = spec.scaleEmbedding() ? (float) Math.sqrt(d) : 1f;
        this.queryScale = (float) (1.0 / Math.sqrt(headWidth));
        this.positionTable = switch (spec.positions()) {
            case LEARNED -> weights.get("positions");
            case SINUSOIDAL -> SinusoidalPositions.table(positions, d);
            default -> null;
        };
    }

    @Override
    public int vocabulary() {
        return vocabulary;
    }

    @Override
    public Sequences start(int rows) {
        return new Cache(rows);
    }

    /** Per sequence and layer, keys and values {@code [capacity, d]}, grown as the sequence grows. */
    private final class Cache extends Sequences {
        private final float[][][] keys;
        private final float[][][] values;
        private final boolean[][] padKeys;
        /** positions batchRow: batch row r's vector at every position of its sequence (the papers' quirk); else null. */
        private final float[] rowTable;

        Cache(int rows) {
            super(rows);
            keys = new float[rows][][];
            values = new float[rows][][];
            padKeys = new boolean[rows][];
            rowTable = batchRowPositions ? SinusoidalPositions.rowTable(rows, d) : null;
        }

        @Override
        public void release(int row) {
            keys[row] = null;
            values[row] = null;
            padKeys[row] = null;
        }

        @Override
        protected float[] pass(int[] rows, int[][] tokens, boolean everyPosition) {
            int n = 0;
            for (int[] t : tokens) {
                n += t.length;
            }
            int[] rowOf = new int[n];
            int[] positionOf = new int[n];
            float[] x = new float[n * d];
            float[] embedding = w.get("embedding");
            int k = 0;
            for (int i = 0; i < rows.length; i++) {
                int row = rows[i];
                int start = length(row);
                int end = start + tokens[i].length;
                if (end > positions) {
                    throw new IllegalArgumentException("a sequence of " + end + " tokens; the model has " + positions
                            + " positions");
                }
                reserve(row, end);
                for (int j = 0; j < tokens[i].length; j++, k++) {
                    int token = tokens[i][j];
                    int t = start + j;
                    rowOf[k] = row;
                    positionOf[k] = t;
                    padKeys[row][t] = keyPaddingMask && token == Tokens.PAD;
                    float[] table = batchRowPositions ? rowTable : positionTable;
                    int at = batchRowPositions ? batchRow(row) : t;
                    for (int c = 0; c < d; c++) {
                        x[k * d + c] = embedding[token * d + c] * inputScale
                                + (noPositions ? 0f : table[at * d + c]);
                    }
                }
            }
            for (int l = 0; l < layers; l++) {
                x = block("block" + l + ".", l, x, n, rowOf, positionOf);
            }
            if (preNorm) {
                x = norm(x, n, w.get("final.ln.g"), w.get("final.ln.b"));
            }
            if (!everyPosition) {
                float[] last = new float[rows.length * d];
                int end = 0;
                for (int i = 0; i < rows.length; i++) {
                    end += tokens[i].length;
                    System.arraycopy(x, (end - 1) * d, last, i * d, d);
                }
                x = last;
                n = rows.length;
            }
            return Linear.forward(x, n, d, vocabulary, w.get("out.W"), w.get("out.b"));
        }

        private void reserve(int row, int length) {
            if (keys[row] == null) {
                keys[row] = new float[layers][];
                values[row] = new float[layers][];
                padKeys[row] = new boolean[0];
            }
            if (padKeys[row].length >= length) {
                return;
            }
            // grow by doubling (decoding appends one token at a time), never past the model's positions
            int capacity = Math.min(positions, Math.max(length, 2 * padKeys[row].length));
            for (int l = 0; l < layers; l++) {
                keys[row][l] = keys[row][l] == null ? new float[capacity * d] : Arrays.copyOf(keys[row][l], capacity * d);
                values[row][l] = values[row][l] == null ? new float[capacity * d]
                        : Arrays.copyOf(values[row][l], capacity * d);
            }
            padKeys[row] = Arrays.copyOf(padKeys[row], capacity);
        }

        private float[] block(String p, int layer, float[] x, int n, int[] rowOf, int[] positionOf) {
            if (preNorm) {
                float[] attentionInput = norm(x, n, w.get(p + "ln1.g"), w.get(p + "ln1.b"));
                float[] mid = attention(p, layer, attentionInput, n, rowOf, positionOf);
                addInPlace(mid, x);
                float[] out = feedForward(p, norm(mid, n, w.get(p + "ln2.g"), w.get(p + "ln2.b")), n);
                addInPlace(out, mid);
                return out;
            }
            float[] sum1 = attention(p, layer, x, n, rowOf, positionOf);
            addInPlace(sum1, x);
            float[] mid = norm(sum1, n, w.get(p + "ln1.g"), w.get(p + "ln1.b"));
            float[] sum2 = feedForward(p, mid, n);
            addInPlace(sum2, mid);
            return norm(sum2, n, w.get(p + "ln2.g"), w.get(p + "ln2.b"));
        }

        private float[] attention(String p, int layer, float[] x, int n, int[] rowOf, int[] positionOf) {
            int width = 3 * d;
            int dh = headWidth;
            float[] qkv = Linear.forward(x, n, d, width, w.get(p + "qkv.W"), w.get(p + "qkv.b"));
            // every new key and value first: a token attends to the earlier new tokens of its pass
            for (int k = 0; k < n; k++) {
                int to = positionOf[k] * d;
                System.arraycopy(qkv, k * width + d, keys[rowOf[k]][layer], to, d);
                System.arraycopy(qkv, k * width + 2 * d, values[rowOf[k]][layer], to, d);
            }
            float[] merged = new float[n * d];
            float[] scores = new float[positions];
            float[] query = new float[dh];
            for (int k = 0; k < n; k++) {
                int row = rowOf[k];
                int t = positionOf[k];
                float[] keyCache = keys[row][layer];
                float[] valueCache = values[row][layer];
                boolean[] pad = padKeys[row];
                for (int h = 0; h < heads; h++) {
                    int offset = h * dh;
                    for (int c = 0; c < dh; c++) {
                        query[c] = qkv[k * width + offset + c] * queryScale;
                    }
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j <= t; j++) {
                        int o = j * d + offset;
                        float score = 0;
                        for (int c = 0; c < dh; c++) {
                            score += query[c] * keyCache[o + c];
                        }
                        if (pad[j]) {
                            // the graph's additive -1e9: exp underflows to 0 as there
                            score += -1e9f;
                        }
                        scores[j] = score;
                        max = Math.max(max, score);
                    }
                    float sum = 0;
                    for (int j = 0; j <= t; j++) {
                        float e = FloatExp.exp(scores[j] - max);
                        scores[j] = e;
                        sum += e;
                    }
                    float inverse = 1f / sum;
                    int out = k * d + offset;
                    for (int j = 0; j <= t; j++) {
                        float weight = scores[j] * inverse;
                        int o = j * d + offset;
                        for (int c = 0; c < dh; c++) {
                            merged[out + c] += weight * valueCache[o + c];
                        }
                    }
                }
            }
            return Linear.forward(merged, n, d, d, w.get(p + "attn.out.W"), w.get(p + "attn.out.b"));
        }

        private float[] feedForward(String p, float[] x, int n) {
            float[] hiddenPre = Linear.forward(x, n, d, feedForward, w.get(p + "ff1.W"), w.get(p + "ff1.b"));
            float[] hidden = new float[hiddenPre.length];
            if (relu) {
                Relu.forward(hiddenPre, hidden);
            } else {
                Gelu.forward(hiddenPre, hidden, hiddenPre); // the sigmoid is not needed: overwrite the input
            }
            return Linear.forward(hidden, n, feedForward, d, w.get(p + "ff2.W"), w.get(p + "ff2.b"));
        }
    }

    /** LayerNorm over rows of width d (population variance), as {@link TransformerKernel}'s. */
    private float[] norm(float[] x, int n, float[] gain, float[] bias) {
        float[] y = new float[n * d];
        for (int row = 0; row < n; row++) {
            int o = row * d;
            float mean = 0;
            for (int i = 0; i < d; i++) {
                mean += x[o + i];
            }
            mean /= d;
            float variance = 0;
            for (int i = 0; i < d; i++) {
                float c = x[o + i] - mean;
                variance += c * c;
            }
            variance /= d;
            float inverse = (float) (1 / Math.sqrt(variance + eps));
            for (int i = 0; i < d; i++) {
                y[o + i] = (x[o + i] - mean) * inverse * gain[i] + bias[i];
            }
        }
        return y;
    }

    private static void addInPlace(float[] into, float[] b) {
        for (int i = 0; i < into.length; i++) {
            into[i] += b[i];
        }
    }
}
