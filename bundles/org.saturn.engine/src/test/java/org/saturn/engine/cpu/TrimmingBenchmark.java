package org.saturn.engine.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.Random;

import org.saturn.core.optimal.LossConvention;
import org.saturn.engine.model.Anbn;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.ModelSpec;

/**
 * Forward + backward of a Transformer and an LSTM on a pad-excluded batch, whole and trimmed after
 * its longest word ({@link CpuBatch#trimmed()}), in CPU seconds of this thread: batch 32 of aⁿbⁿ
 * words with n up to {@code N} (default 10) in 41 positions (max length 40). Not a test; run as
 * {@link LstmKernelBenchmark}, {@code org.saturn.engine.cpu.TrimmingBenchmark [N]}.
 */
public final class TrimmingBenchmark {

    public static void main(String[] args) {
        int maxN = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ModelSpec[] specs = { ModelSpec.transformer(2, 64, 4, 256, 0, ModelSpec.Norm.PRE, 1e-5,
                ModelSpec.Positions.SINUSOIDAL), ModelSpec.lstm(2, 64, 64, 0) };
        for (ModelSpec spec : specs) {
            LanguageModel model = new LanguageModel(spec, Anbn.VOCABULARY, 42, 1L);
            Map<String, float[]> w = GraphReference.weights(model);
            Map<String, float[]> g = new SeedArrays(model.currentWeights(), 1).zerosLike(0);
            CpuNetwork network = CpuNetworks.of(spec, Anbn.VOCABULARY, 41);
            Random random = new Random(3);
            double[] seconds = new double[2];
            int[] positions = new int[2];
            for (int round = 0; round < 2; round++) {
                seconds[0] = 0;
                seconds[1] = 0;
                for (int step = 0; step < 30; step++) {
                    int[][][] words = { Anbn.batch(random, 32, maxN, 42) };
                    CpuBatch batch = model.batches(words, null, null, 0, LossConvention.NOPAD)[0];
                    CpuBatch trimmed = batch.trimmed();
                    positions[1] += round == 1 ? trimmed.positions() : 0;
                    long a = threads.getCurrentThreadCpuTime();
                    network.lossAndGradient(w, g, batch, Dropout.none());
                    long b = threads.getCurrentThreadCpuTime();
                    network.lossAndGradient(w, g, trimmed, Dropout.none());
                    long c = threads.getCurrentThreadCpuTime();
                    seconds[0] += (b - a) / 1e9;
                    seconds[1] += (c - b) / 1e9;
                }
            }
            System.out.printf("%s n<=%d: whole %.1f ms/step, trimmed %.1f ms/step (%.1f of 41 positions): %.2fx%n",
                    spec.kind(), maxN, 1000 * seconds[0] / 30, 1000 * seconds[1] / 30, positions[1] / 30.0,
                    seconds[0] / seconds[1]);
        }
    }
}
