package org.saturn.engine.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One seed of a network run forward only, without dropout and without keeping anything for a
 * backward pass: the evaluation loss and decoding on the CPU kernels. Sequences carry their own
 * state (the Transformer's key/value cache, the LSTM's (h, c)), so a sequence can be fed its whole
 * prompt in one pass and then one token at a time, and sequences of any lengths share a pass.
 */
public abstract class CpuInference {

    /**
     * Tokens per forward pass at most (a single longer sequence still goes whole): bounds the
     * activations, e.g. a Transformer's {@code [tokens, ff]} hidden layer.
     */
    public static final int TOKENS_PER_PASS = 4096;

    /** Logits per row. */
    public abstract int vocabulary();

    /** Fresh, empty state for {@code rows} sequences. */
    public abstract Sequences start(int rows);

    /** The state of a set of sequences, each fed from position 0 on. */
    public abstract static class Sequences {

        private final int[] lengths;
        /** Per sequence, its row in the batch the graph would run it in; null: its own row. */
        private int[] batchRows;

        protected Sequences(int rows) {
            this.lengths = new int[rows];
        }

        /**
         * Sets the row sequence {@code row} has in the batch the graph runs it in (default: {@code row}),
         * below the number of sequences; only {@code positions batchRow} reads it (the graph decoder
         * runs each group of equal-length prompts as a batch of its own).
         */
        public final void placeInBatch(int row, int batchRow) {
            if (batchRow < 0 || batchRow >= lengths.length) {
                throw new IllegalArgumentException("batch row " + batchRow + " of " + lengths.length + " sequences");
            }
            if (batchRows == null) {
                batchRows = new int[lengths.length];
                Arrays.setAll(batchRows, r -> r);
            }
            batchRows[row] = batchRow;
        }

        /** Sequence {@code row}'s row in the graph's batch (see {@link #placeInBatch}). */
        protected final int batchRow(int row) {
            return batchRows == null ? row : batchRows[row];
        }

        /** Tokens fed to sequence {@code row} so far (the position its next token takes). */
        public final int length(int row) {
            return lengths[row];
        }

        /**
         * Appends {@code tokens[i]} to sequence {@code rows[i]} (distinct rows, at least one token
         * each) and returns logits, row-major {@code [., V]}: with {@code everyPosition} one row per
         * fed token (sequence {@code rows[0]}'s tokens first, in order), otherwise one row per listed
         * sequence, after its last token. Passes hold at most {@link #TOKENS_PER_PASS} tokens.
         */
        public final float[] feed(int[] rows, int[][] tokens, boolean everyPosition) {
            if (rows.length != tokens.length) {
                throw new IllegalArgumentException(rows.length + " rows but " + tokens.length + " token lists");
            }
            List<float[]> parts = new ArrayList<>();
            int outputs = 0;
            int from = 0;
            while (from < rows.length) {
                int to = from;
                int count = 0;
                while (to < rows.length && (to == from || count + tokens[to].length <= TOKENS_PER_PASS)) {
                    if (tokens[to].length == 0) {
                        throw new IllegalArgumentException("nothing to feed to sequence " + rows[to]);
                    }
                    count += tokens[to].length;
                    to++;
                }
                int[] chunkRows = java.util.Arrays.copyOfRange(rows, from, to);
                int[][] chunkTokens = java.util.Arrays.copyOfRange(tokens, from, to);
                float[] logits = pass(chunkRows, chunkTokens, everyPosition);
                for (int i = from; i < to; i++) {
                    lengths[rows[i]] += tokens[i].length;
                }
                parts.add(logits);
                outputs += logits.length;
                from = to;
            }
            if (parts.size() == 1) {
                return parts.get(0);
            }
            float[] all = new float[outputs];
            int at = 0;
            for (float[] part : parts) {
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
            return all;
        }

        /**
         * One forward pass: as {@link #feed}, for at most a few thousand tokens; sequence
         * {@code rows[i]}'s first token takes position {@link #length(int)}.
         */
        protected abstract float[] pass(int[] rows, int[][] tokens, boolean everyPosition);

        /** Frees sequence {@code row}'s state (a finished decoding); it is not fed again. */
        public abstract void release(int row);
    }
}
