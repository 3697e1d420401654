package org.saturn.engine.train;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.saturn.engine.cpu.CpuBatch;
import org.saturn.engine.cpu.CpuNetwork;
import org.saturn.engine.cpu.Dropout;
import org.saturn.engine.cpu.LinearKernel;
import org.saturn.engine.cpu.LstmKernel;
import org.saturn.engine.cpu.MambaKernel;
import org.saturn.engine.cpu.SeedArrays;
import org.saturn.engine.cpu.TransformerKernel;
import org.saturn.engine.cpu.XlstmKernel;
import org.saturn.engine.model.LanguageModel;
import org.saturn.engine.model.ModelSpec;

/**
 * A training step on the CPU without SameDiff (see {@code org.saturn.engine.cpu}): per seed, the
 * network's hand-written forward and backward pass, then the optimiser's update written out as
 * ND4J's updaters compute it (Adam with bias correction, decoupled weight decay {@code lr x coeff x w}
 * after the Adam step, SGD). It reads and writes the training graph's own weight and moment arrays
 * and its iteration count, so checkpoints, evaluation and decoding see exactly what a SameDiff fit
 * would have left. Dropout masks come from (seed, update), so a resumed run is exact with dropout too.
 */
final class CpuTrainingStep {

    /** {@code -Dsaturn.training=graph} trains through SameDiff even where this step applies (comparisons). */
    static final String PROPERTY = "saturn.training";
    private static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";

    private final LanguageModel model;
    private final CpuNetwork network;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    /** Java copies of the weights and moments, rebuilt when the graph's arrays are replaced. */
    private SeedArrays weights;
    private SeedArrays first;
    private SeedArrays second;

    private CpuTrainingStep(LanguageModel model, CpuNetwork network, Optimizer optimizer, LearningRateSchedule schedule) {
        this.model = model;
        this.network = network;
        this.optimizer = optimizer;
        this.schedule = schedule;
    }

    /** The CPU step for this model, or null where training goes through SameDiff (CUDA, or asked to). */
    static CpuTrainingStep forModel(LanguageModel model, Optimizer optimizer, LearningRateSchedule schedule) {
        if (!applies(model.spec()) || !CPU_BACKEND.equals(Nd4j.getBackend().getClass().getName())) {
            return null;
        }
        return new CpuTrainingStep(model, network(model.spec(), model.vocabularySize(), model.sequenceLength() - 1),
                optimizer, schedule);
    }

    /** Whether models of this spec train on the CPU kernels in this JVM (a CPU build, not asked otherwise). */
    static boolean applies(ModelSpec spec) {
        if ("graph".equals(System.getProperty(PROPERTY)) || network(spec, 4, 1) == null) {
            return false;
        }
        try {
            Class.forName(CPU_BACKEND, false, CpuTrainingStep.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static CpuNetwork network(ModelSpec spec, int vocabularySize, int positions) {
        return switch (spec.kind()) {
            case TRANSFORMER -> new TransformerKernel(spec, vocabularySize, positions);
            case LINEAR -> new LinearKernel(vocabularySize);
            case LSTM -> new LstmKernel(spec, vocabularySize);
            case MAMBA -> new MambaKernel(spec, vocabularySize);
            case XLSTM -> new XlstmKernel(spec, vocabularySize);
        };
    }

    /** One update of every seed on its batch; returns each seed's loss before the update. */
    double[] step(CpuBatch[] batches) {
        SameDiff graph = model.trainingGraph();
        GraphOptimiserState.initialise(graph);
        int iteration = graph.getTrainingConfig().getIterationCount();
        int seeds = model.seedCount();
        long[] seedValues = model.seeds();
        Map<String, INDArray> current = model.currentWeights();
        if (weights == null || !weights.sameArrays(current)) {
            weights = new SeedArrays(current, seeds);
        }
        weights.pull();
        boolean adam = optimizer.kind() != Optimizer.Kind.SGD;
        if (adam) {
            first = moments(graph, "M", seeds, first);
            second = moments(graph, "V", seeds, second);
        }
        double learningRate = optimizer.learningRate() * schedule.factor(iteration + 1);
        double decay = optimizer.kind() == Optimizer.Kind.ADAMW ? optimizer.weightDecay() : 0;
        double[] losses = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            Map<String, float[]> w = weights.seed(s);
            Map<String, float[]> g = weights.zerosLike(s);
            // trimmed only without dropout: the masks are drawn per element of the whole batch
            CpuBatch batch = model.spec().dropout() > 0 ? batches[s] : batches[s].trimmed();
            losses[s] = network.lossAndGradient(w, g, batch,
                    Dropout.of(model.spec().dropout(), seedValues[s], iteration + 1L));
            for (Map.Entry<String, float[]> e : w.entrySet()) {
                float[] gradient = g.get(e.getKey());
                if (adam) {
                    adam(e.getValue(), gradient, first.seed(s).get(e.getKey()), second.seed(s).get(e.getKey()),
                            learningRate, decay, iteration);
                } else {
                    sgd(e.getValue(), gradient, learningRate);
                }
            }
        }
        weights.push();
        if (adam) {
            first.push();
            second.push();
        }
        graph.getTrainingConfig().setIterationCount(iteration + 1);
        return losses;
    }

    private static SeedArrays moments(SameDiff graph, String key, int seeds, SeedArrays previous) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        GraphOptimiserState.of(graph).forEach((name, state) -> {
            INDArray moment = state.get(key);
            if (moment == null) {
                throw new IllegalStateException("no Adam moment " + key + " for " + name);
            }
            arrays.put(name, moment);
        });
        SeedArrays moments = previous != null && previous.sameArrays(arrays) ? previous : new SeedArrays(arrays, seeds);
        moments.pull();
        return moments;
    }

    /** ND4J's AdamUpdater (float arithmetic, bias correction folded into the step size) + WeightDecay(applyLR). */
    private static void adam(float[] w, float[] g, float[] m, float[] v, double learningRate, double decay,
            int iteration) {
        float beta1 = (float) Adam.DEFAULT_ADAM_BETA1_MEAN_DECAY;
        float beta2 = (float) Adam.DEFAULT_ADAM_BETA2_VAR_DECAY;
        float epsilon = (float) Adam.DEFAULT_ADAM_EPSILON;
        double beta1t = Math.pow(beta1, iteration + 1);
        double beta2t = Math.pow(beta2, iteration + 1);
        float step = (float) (learningRate * Math.sqrt(1 - beta2t) / (1 - beta1t));
        float shrink = (float) (learningRate * decay);
        for (int i = 0; i < w.length; i++) {
            float grad = g[i];
            float mean = beta1 * m[i] + (1 - beta1) * grad;
            float variance = beta2 * v[i] + (1 - beta2) * grad * grad;
            m[i] = mean;
            v[i] = variance;
            w[i] -= mean * step / ((float) Math.sqrt(variance) + epsilon) + shrink * w[i];
        }
    }

    private static void sgd(float[] w, float[] g, double learningRate) {
        float rate = (float) learningRate;
        for (int i = 0; i < w.length; i++) {
            w[i] -= rate * g[i];
        }
    }
}
