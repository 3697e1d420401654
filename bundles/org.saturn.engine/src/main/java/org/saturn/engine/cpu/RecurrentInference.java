package org.saturn.engine.cpu;

import java.util.Map;

/**
 * What the recurrent inference classes (LSTM, Mamba, xLSTM) share: one seed's weights, the
 * vocabulary, and the decoding loop. Each sequence carries its state, and a pass walks the
 * positions of its longest sequence; at each, the sequences that still have a token are embedded
 * and go through the network as one batch, and their logits are kept for every position or only for
 * each sequence's last.
 */
abstract class RecurrentInference extends CpuInference {

    final Map<String, float[]> w;
    final int vocabulary;

    RecurrentInference(Map<String, float[]> weights, int vocabularySize) {
        this.w = weights;
        this.vocabulary = vocabularySize;
    }

    @Override
    public final int vocabulary() {
        return vocabulary;
    }

    /** Per-sequence carried states and the decoding loop over them. */
    abstract class RecurrentSequences extends Sequences {

        private final int embedding;

        /** {@code embedding}: the width of a row of the weights' "embedding" table. */
        RecurrentSequences(int rows, int embedding) {
            super(rows);
            this.embedding = embedding;
        }

        /** Gives {@code row} its carried state if it has none (zero: the state before the first token). */
        abstract void ensureState(int row);

        /** Called once at the start of each pass, before its first position. */
        void beginPass() {
        }

        /**
         * Runs one position of {@code a} sequences through the network: {@code x [a, embedding]} their
         * embedded tokens, {@code stateRows[r]} the row whose carried state sequence r updates. Returns
         * the logits {@code [a, V]}.
         */
        abstract float[] step(float[] x, int a, int[] stateRows);

        @Override
        protected final float[] pass(int[] rows, int[][] tokens, boolean everyPosition) {
            int longest = 0;
            int total = 0;
            int[] firstOutput = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                ensureState(rows[i]);
                firstOutput[i] = total;
                total += tokens[i].length;
                longest = Math.max(longest, tokens[i].length);
            }
            beginPass();
            float[] table = w.get("embedding");
            float[] logits = new float[(everyPosition ? total : rows.length) * vocabulary];
            int[] active = new int[rows.length];
            int[] stateRows = new int[rows.length];
            for (int step = 0; step < longest; step++) {
                int a = 0;
                for (int i = 0; i < rows.length; i++) {
                    if (step < tokens[i].length) {
                        stateRows[a] = rows[i];
                        active[a++] = i;
                    }
                }
                float[] x = new float[a * embedding];
                for (int r = 0; r < a; r++) {
                    System.arraycopy(table, tokens[active[r]][step] * embedding, x, r * embedding, embedding);
                }
                float[] stepLogits = step(x, a, stateRows);
                for (int r = 0; r < a; r++) {
                    int i = active[r];
                    if (everyPosition) {
                        System.arraycopy(stepLogits, r * vocabulary, logits, (firstOutput[i] + step) * vocabulary,
                                vocabulary);
                    } else if (step == tokens[i].length - 1) {
                        System.arraycopy(stepLogits, r * vocabulary, logits, i * vocabulary, vocabulary);
                    }
                }
            }
            return logits;
        }
    }
}
