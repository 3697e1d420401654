package org.saturn.engine.cpu;

import org.nd4j.linalg.factory.Nd4j;
import org.saturn.engine.model.ModelSpec;

/** Which networks run forward on the CPU kernels in this JVM (evaluation and decoding). */
public final class CpuNetworks {

    /** {@code -Dsaturn.evaluation=graph} evaluates and decodes through SameDiff even on the CPU (comparisons). */
    public static final String EVALUATION_PROPERTY = "saturn.evaluation";
    private static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";

    private CpuNetworks() {
    }

    /**
     * The kernel of a model of this spec for forward passes, or null where evaluation goes through
     * SameDiff: the CUDA backend, {@link #EVALUATION_PROPERTY} = graph, or a kind without a kernel.
     */
    public static CpuNetwork forEvaluation(ModelSpec spec, int vocabularySize, int positions) {
        if ("graph".equals(System.getProperty(EVALUATION_PROPERTY))
                || !CPU_BACKEND.equals(Nd4j.getBackend().getClass().getName())) {
            return null;
        }
        return of(spec, vocabularySize, positions);
    }

    /** The kernel of a model of this spec, or null for a kind that has none. */
    public static CpuNetwork of(ModelSpec spec, int vocabularySize, int positions) {
        return switch (spec.kind()) {
            case TRANSFORMER -> new TransformerKernel(spec, vocabularySize, positions);
            case LSTM -> new LstmKernel(spec, vocabularySize);
            case LINEAR -> new LinearKernel(vocabularySize);
            case MAMBA -> new MambaKernel(spec, vocabularySize);
            case XLSTM -> new XlstmKernel(spec, vocabularySize);
            default -> null;
        };
    }
}
