package org.saturn.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.saturn.engine.decode.Decoder;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.ModelSpec;
import org.saturn.engine.model.SinusoidalPositions;

/**
 * {@code positions batchRow}, the papers' quirk: sequence r of a batch gets the sinusoidal vector
 * of position r at every position. The kernel computes the graph's loss and gradients, a sequence's
 * outputs depend on its row and not on where its tokens sit along it, and cached decoding sees the
 * prompt's row as a full forward of the prompt batch does.
 */
class BatchRowPositionsTest {

    private static final int V = 5;
    private static final int LENGTH = 10;

    private static ModelSpec spec(int layers) {
        return ModelSpec.transformer(layers, 8, 2, 16, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.BATCH_ROW)
                .withActivation(ModelSpec.Activation.RELU);
    }

    @Test
    void theRowTableIsTheSinusoidalTableWithinFloatRounding() {
        float[] rows = SinusoidalPositions.rowTable(40, 8);
        float[] positions = SinusoidalPositions.table(40, 8);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(positions[i], rows[i], 2e-5, "entry " + i);
        }
    }

    @Test
    void kernelMatchesTheGraphsLossAndGradients() {
        for (int layers : new int[] { 1, 2 }) {
            LanguageModel model = TransformerKernelTest.perturbed(spec(layers));
            CpuBatch batch = TransformerKernelTest.randomBatch(new Random(3), 5);
            GraphReference reference = new GraphReference(model, batch);
            Map<String, float[]> gradients = TransformerKernelTest.grads(model);
            double loss = new TransformerKernel(spec(layers), V, LENGTH - 1).lossAndGradient(
                    GraphReference.weights(model), gradients, batch, Dropout.none());
            assertEquals(reference.loss, loss, 1e-5 * Math.abs(reference.loss));
            double error = GraphReference.relativeError(gradients, reference.gradients);
            assertTrue(error < 1e-4, "gradients differ from the graph's by " + error);
        }
    }

    @Test
    void aSequencesOutputsDependOnItsRowNotOnPositionsAlongIt() {
        LanguageModel rowModel = TransformerKernelTest.perturbed(spec(1));
        int[] word = { 1, 3, 4, 3, 3, 4, 2, 0, 0, 0 };
        int[] other = { 1, 4, 4, 3, 2, 0, 0, 0, 0, 0 };
        // the same word in rows 0 and 1 of one batch: different logits (ignoring the option would make them equal)
        float[][][] rows = rowModel.logits(new int[][][] { { word, word } })[0];
        assertThat(maxDifference(rows[0], rows[1])).isGreaterThan(1e-3);
        // the same word in row 1 behind a different row 0: the same logits (rows do not see each other)
        float[][][] behindOther = rowModel.logits(new int[][][] { { other, word } })[0];
        assertThat(maxDifference(rows[1], behindOther[1])).isLessThan(1e-5);
        // with one layer, the output at t ignores the order of the tokens before t: no position signal
        int[] swapped = word.clone();
        swapped[1] = word[2];
        swapped[2] = word[1];
        float[][][] permuted = rowModel.logits(new int[][][] { { swapped, word } })[0];
        for (int t = 3; t < LENGTH - 1; t++) {
            assertThat(maxDifference(new float[][] { rows[0][t] }, new float[][] { permuted[0][t] }))
                    .as("t=%d", t).isLessThan(1e-5);
        }
        // the sinusoidal model does see the order
        LanguageModel sinusoidal = TransformerKernelTest.perturbed(spec(1).withPositions(ModelSpec.Positions.SINUSOIDAL));
        float[][][] a = sinusoidal.logits(new int[][][] { { word, swapped } })[0];
        assertThat(maxDifference(new float[][] { a[0][3] }, new float[][] { a[1][3] })).isGreaterThan(1e-3);
    }

    @Test
    void cachedDecodingUsesThePromptsRowAsAFullForwardOfThePromptBatchDoes() {
        LanguageModel model = TransformerKernelTest.perturbed(spec(2));
        int[][] prompts = { { 1, 3, 3 }, { 1, 3, 3 }, { 1, 4, 3 }, { 1, 3, 4 } };
        int budget = 5;
        int[][] cached = new Decoder(model).greedy(prompts, budget)[0];
        // the slow reference: the whole prompt batch re-run for every new token, each prompt in its row
        int[][] sequences = new int[prompts.length][LENGTH];
        List<List<Integer>> generated = new ArrayList<>();
        boolean[] finished = new boolean[prompts.length];
        for (int p = 0; p < prompts.length; p++) {
            System.arraycopy(prompts[p], 0, sequences[p], 0, prompts[p].length);
            generated.add(new ArrayList<>());
        }
        for (int length = 3; length < 3 + budget && length < LENGTH; length++) {
            float[][][] logits = model.logits(new int[][][] { sequences })[0];
            for (int p = 0; p < prompts.length; p++) {
                int token = argmax(logits[p][length - 1]);
                sequences[p][length] = token;
                if (!finished[p]) {
                    generated.get(p).add(token);
                    finished[p] = token == org.saturn.engine.model.Tokens.EOS;
                }
            }
        }
        for (int p = 0; p < prompts.length; p++) {
            assertThat(cached[p]).as("prompt %d", p)
                    .containsExactly(generated.get(p).stream().mapToInt(Integer::intValue).toArray());
        }
    }

    @Test
    void theKernelsEvaluateLossesAndDistributionsWithEachSequencesRowInTheBatch() {
        LanguageModel model = TransformerKernelTest.perturbed(spec(2));
        assertThat(model.inferences()).as("the kernels evaluate and decode batch-row models").isNotNull();
        // more words than one kernel pass holds: rows past the first pass keep their row in the batch
        int passes = CpuInference.TOKENS_PER_PASS / (LENGTH - 1);
        int[][] words = org.saturn.engine.model.Anbn.batch(new Random(5), 2 * passes + 17, 4, LENGTH);
        for (org.saturn.core.optimal.LossConvention convention : org.saturn.core.optimal.LossConvention.values()) {
            double kernel = model.loss(new int[][][] { words }, convention)[0];
            double graph = model.graphLoss(new int[][][] { words }, convention)[0];
            assertEquals(graph, kernel, 1e-5 * Math.abs(graph), convention.toString());
        }
        // next-token distributions (completions.jsonl): row i of the chunk, rows after the last asked left out
        int[][] sequences = java.util.Arrays.copyOf(words, 12);
        int[] rows = { 9, 0, 3, 9, 1, 0, 5, 9, 2, 7, 0, 4 };
        float[][][] kernel = model.logits(0, sequences, rows);
        float[][][] graph = model.logits(new int[][][] { sequences })[0];
        for (int i = 0; i < sequences.length; i++) {
            for (int t = 0; t < LENGTH - 1; t++) {
                float[] expected = t < rows[i] ? graph[i][t] : new float[V];
                for (int v = 0; v < V; v++) {
                    assertEquals(expected[v], kernel[i][t][v], 1e-4, "sequence " + i + " position " + t);
                }
            }
        }
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int v = 1; v < values.length; v++) {
            if (values[v] > values[best]) {
                best = v;
            }
        }
        return best;
    }

    private static double maxDifference(float[][] a, float[][] b) {
        double worst = 0;
        for (int t = 0; t < a.length; t++) {
            for (int v = 0; v < a[t].length; v++) {
                worst = Math.max(worst, Math.abs(a[t][v] - b[t][v]));
            }
        }
        return worst;
    }
}
