package org.saturn.engine.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.ModelSpec;

/**
 * Forward + backward throughput of {@link LstmKernel} alone (no optimiser), on the benchmark
 * shape: batch 32, 41 positions, 2 layers, embedding = hidden, vocabulary 5. Not a test; arguments:
 * widths (default 64 128). From bundles/org.saturn.engine after {@code test-compile}:
 * <pre>
 * ../../mvnw dependency:build-classpath -Dmdep.outputFile=/tmp/engine.cp
 * OMP_NUM_THREADS=1 java -XX:+UseSerialGC -cp target/classes:target/test-classes:$(cat /tmp/engine.cp) \
 *     org.saturn.engine.cpu.LstmKernelBenchmark
 * </pre>
 * On a machine shared with other jobs compare the tokens per CPU second (OpenBLAS runs on the
 * calling thread under one OpenMP thread).
 */
public final class LstmKernelBenchmark {

    private static final int SEQUENCES = 32;
    private static final int POSITIONS = 41;
    private static final int VOCABULARY = 5;

    public static void main(String[] args) {
        int[] widths = args.length == 0 ? new int[] { 64, 128 }
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int width : widths) {
            ModelSpec spec = ModelSpec.lstm(2, width, width, 0);
            LanguageModel model = new LanguageModel(spec, VOCABULARY, POSITIONS + 1, 1L);
            Map<String, float[]> weights = GraphReference.weights(model);
            Map<String, float[]> gradients = new SeedArrays(model.currentWeights(), 1).zerosLike(0);
            CpuBatch batch = batch(new Random(width));
            LstmKernel kernel = new LstmKernel(spec, VOCABULARY);
            double sink = 0;
            for (int i = 0; i < 200; i++) {
                sink += kernel.lossAndGradient(weights, gradients, batch, Dropout.none());
            }
            for (int round = 0; round < 3; round++) {
                int steps = 300;
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    sink += kernel.lossAndGradient(weights, gradients, batch, Dropout.none());
                }
                double wallSeconds = (System.nanoTime() - wall) * 1e-9;
                double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) * 1e-9;
                double tokens = (double) steps * SEQUENCES * POSITIONS;
                System.out.printf("lstm h=%d: %.0f tok/s wall, %.0f tok/s cpu, %.3f ms/step%n", width,
                        tokens / wallSeconds, tokens / cpuSeconds, 1e3 * wallSeconds / steps);
            }
            if (Double.isNaN(sink)) {
                System.out.println("NaN");
            }
        }
    }

    private static CpuBatch batch(Random random) {
        int rows = SEQUENCES * POSITIONS;
        int[] inputs = new int[rows];
        int[] targets = new int[rows];
        float[] weights = new float[rows];
        for (int i = 0; i < rows; i++) {
            inputs[i] = random.nextInt(VOCABULARY);
            targets[i] = random.nextInt(VOCABULARY);
            weights[i] = 1f / rows;
        }
        return new CpuBatch(SEQUENCES, POSITIONS, inputs, targets, weights);
    }
}
