package org.saturn.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.saturn.engine.model.Anbn;
import org.saturn.engine.model.LanguageModel;
import org.saturn.core.optimal.LossConvention;
import org.saturn.engine.model.ModelSpec;
import org.saturn.engine.model.Tokens;
import org.saturn.engine.train.LearningRateSchedule;
import org.saturn.engine.train.Optimizer;
import org.saturn.engine.train.Trainer;

class DecoderTest {

    static final int LENGTH = 12;

    static List<ModelSpec> kinds() {
        return List.of(
                ModelSpec.transformer(2, 16, 2, 32, 0.1, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.LEARNED),
                ModelSpec.transformer(1, 16, 4, 32, 0, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.SINUSOIDAL),
                // the papers' options: no positions, ReLU, unscaled embeddings here; dropout before the read-out
                ModelSpec.transformer(2, 16, 2, 32, 0.1, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.NONE)
                        .withActivation(ModelSpec.Activation.RELU).withScaleEmbedding(false),
                ModelSpec.transformer(1, 16, 2, 32, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.SINUSOIDAL)
                        .withKeyPaddingMask(true),
                ModelSpec.lstm(2, 8, 16, 0.1),
                ModelSpec.lstm(2, 8, 16, 0.1).withLstmDropout(ModelSpec.LstmDropout.BEFORE_OUTPUT),
                ModelSpec.linear(),
                ModelSpec.mamba(2, 8, 4, 3, 2),
                ModelSpec.xlstm(2, 8, 2, 2));
    }

    static int[][] prompts() {
        // SOS alone, ID prompts, OOD prompts, of three lengths
        return new int[][] { { 1 }, { 1, 3 }, { 1, 4 }, { 1, 3, 3, 4 }, { 1, 4, 4, 3 }, { 1, 3, 4, 3 }, { 1, 3, 3 },
                { 1, 3, 0, 4 }, { 1, 0, 0 } }; // PAD inside a prompt exercises the key-padding mask
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void cachedGreedyDecodingEqualsArgmaxOfFullReForwards(ModelSpec spec) {
        LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, LENGTH, 1, 2);
        Trainer trainer = new Trainer(model, Optimizer.adamW(1e-2, 0.01), LearningRateSchedule.constant(),
                LossConvention.PAD);
        Random random = new Random(9);
        for (int step = 0; step < 20; step++) {
            trainer.step(new int[][][] { Anbn.batch(random, 8, 5, LENGTH), Anbn.batch(random, 8, 5, LENGTH) });
        }
        int budget = 8;
        int[][][] cached = new Decoder(model).greedy(prompts(), budget);
        int[][][] naive = naiveGreedy(model, prompts(), budget);
        for (int s = 0; s < 2; s++) {
            for (int p = 0; p < prompts().length; p++) {
                assertThat(cached[s][p]).as("seed %d prompt %d", s, p).containsExactly(naive[s][p]);
            }
        }
    }

    /** Re-runs the whole sequence for every new token: the slow reference. */
    static int[][][] naiveGreedy(LanguageModel model, int[][] prompts, int budget) {
        int seeds = model.seedCount();
        int[][][] out = new int[seeds][prompts.length][];
        for (int s = 0; s < seeds; s++) {
            for (int p = 0; p < prompts.length; p++) {
                int[] sequence = new int[LENGTH];
                System.arraycopy(prompts[p], 0, sequence, 0, prompts[p].length);
                int length = prompts[p].length;
                List<Integer> generated = new ArrayList<>();
                while (generated.size() < budget && length < LENGTH) {
                    int[][][] batch = new int[seeds][][];
                    for (int k = 0; k < seeds; k++) {
                        batch[k] = new int[][] { sequence };
                    }
                    float[] row = model.logits(batch)[s][0][length - 1];
                    int token = Decoder.argmax(row, 0, row.length);
                    generated.add(token);
                    sequence[length++] = token;
                    if (token == Tokens.EOS) {
                        break;
                    }
                }
                out[s][p] = generated.stream().mapToInt(Integer::intValue).toArray();
            }
        }
        return out;
    }

    @Test
    void samplingIsReproducibleAndStopsAtEosOrTheBudget() {
        LanguageModel model = new LanguageModel(ModelSpec.lstm(1, 4, 8, 0), Anbn.VOCABULARY, LENGTH, 3);
        Decoder decoder = new Decoder(model);
        int[][][] a = decoder.sample(prompts(), 5, 1.0, 42);
        int[][][] b = decoder.sample(prompts(), 5, 1.0, 42);
        assertThat(a).isDeepEqualTo(b);
        for (int[] completion : a[0]) {
            assertThat(completion.length).isBetween(1, 5);
            for (int i = 0; i < completion.length - 1; i++) {
                assertThat(completion[i]).isNotEqualTo(Tokens.EOS);
            }
        }
    }
}
