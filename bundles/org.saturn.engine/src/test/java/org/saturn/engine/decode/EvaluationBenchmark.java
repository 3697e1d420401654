package org.saturn.engine.decode;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.saturn.core.optimal.LossConvention;
import org.saturn.engine.model.Anbn;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.ModelSpec;

/**
 * One evaluation of case study 1 as the run loop does it (the test loss on 512 words, greedy
 * decoding of SOS + all 256 words of length 8 and of SOS alone), on the CPU kernels and, with
 * {@code graph}, through SameDiff, in CPU seconds of this thread (OpenBLAS runs on it under one
 * OpenMP thread), so a loaded machine does not skew it. An untrained model rarely emits EOS: every
 * prompt decodes to its full budget, the worst case. Not a test; arguments {@code paper|reduced
 * [graph]}. From bundles/org.saturn.engine after {@code test-compile}:
 * <pre>
 * OMP_NUM_THREADS=1 java -XX:+UseSerialGC -cp target/classes:target/test-classes:$(cat target/classpath.txt) \
 *     org.saturn.engine.decode.EvaluationBenchmark reduced graph
 * </pre>
 */
public final class EvaluationBenchmark {

    public static void main(String[] args) {
        boolean paper = args.length > 0 && args[0].equals("paper");
        boolean graph = args.length > 1 && args[1].equals("graph");
        // examples/case-study-1.saturn (one seed) and case-study-1-reduced.saturn (three seeds batched)
        ModelSpec spec = paper
                ? ModelSpec.transformer(5, 10, 5, 1024, 0.1, ModelSpec.Norm.POST, 6e-3, ModelSpec.Positions.SINUSOIDAL)
                : ModelSpec.transformer(2, 32, 4, 64, 0, ModelSpec.Norm.PRE, 1e-5, ModelSpec.Positions.SINUSOIDAL);
        int maxLength = paper ? 256 : 16;
        long[] seeds = paper ? new long[] { 1 } : new long[] { 1, 2, 3 };
        LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, maxLength + 2, seeds);
        Random random = new Random(5);
        int[][] words = Anbn.batch(random, 512, maxLength / 2, maxLength + 2);
        int[][][] test = new int[seeds.length][][];
        java.util.Arrays.fill(test, words);
        List<int[][]> sets = prompts();
        int[] budgets = { maxLength + 2 - 9, maxLength + 2 - 1 };
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            long start = threads.getCurrentThreadCpuTime();
            double[] loss = model.loss(test, LossConvention.PAD);
            long lossDone = threads.getCurrentThreadCpuTime();
            List<int[][][]> decoded = new Decoder(model).greedy(sets, budgets);
            long decodeDone = threads.getCurrentThreadCpuTime();
            System.out.printf("%s kernels: loss %.3f s, decoding %.3f s (loss %.5f, %d tokens)%n", paper ? "paper" : "reduced",
                    (lossDone - start) / 1e9, (decodeDone - lossDone) / 1e9, loss[0], tokens(decoded));
            if (graph) {
                start = threads.getCurrentThreadCpuTime();
                double[] graphLoss = model.graphLoss(test, LossConvention.PAD);
                lossDone = threads.getCurrentThreadCpuTime();
                List<int[][][]> graphDecoded = new ArrayList<>();
                Decoder graphDecoder = new Decoder(model, false);
                for (int x = 0; x < sets.size(); x++) {
                    graphDecoded.add(graphDecoder.greedy(sets.get(x), budgets[x]));
                }
                decodeDone = threads.getCurrentThreadCpuTime();
                System.out.printf("%s graph:   loss %.3f s, decoding %.3f s (loss %.5f, %d tokens)%n",
                        paper ? "paper" : "reduced", (lossDone - start) / 1e9, (decodeDone - lossDone) / 1e9,
                        graphLoss[0], tokens(graphDecoded));
            }
        }
    }

    /** SOS + every word of length 8 over a, b; and SOS alone. */
    private static List<int[][]> prompts() {
        int[][] words = new int[256][];
        for (int w = 0; w < 256; w++) {
            words[w] = new int[9];
            words[w][0] = 1;
            for (int i = 0; i < 8; i++) {
                words[w][i + 1] = (w >> i & 1) == 0 ? 3 : 4;
            }
        }
        return List.of(words, new int[][] { { 1 } });
    }

    private static long tokens(List<int[][][]> decoded) {
        long n = 0;
        for (int[][][] set : decoded) {
            for (int[][] seed : set) {
                for (int[] completion : seed) {
                    n += completion.length;
                }
            }
        }
        return n;
    }
}
