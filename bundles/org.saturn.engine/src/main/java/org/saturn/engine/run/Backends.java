package org.saturn.engine.run;

import java.lang.reflect.InvocationTargetException;

/**
 * {@code --backend cpu|cuda}: ND4J picks its backend from the classpath, and a build has exactly
 * one (nd4j-native by default, nd4j-cuda-11.6 with the Maven profile {@code cuda}). This checks
 * that the requested one is the one built in and that it starts, and says why in one line if not.
 */
public final class Backends {

    public static final String CPU = "cpu";
    public static final String CUDA = "cuda";
    static final String CPU_CLASS = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    static final String CUDA_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";

    private Backends() {
    }

    /** The backend this build carries: cuda when nd4j-cuda is on the classpath, else cpu. */
    public static String built() {
        return onClasspath(CUDA_CLASS) ? CUDA : CPU;
    }

    /**
     * Null when {@code requested} is this build's backend and ND4J starts on it; otherwise the one
     * line that says why not (wrong name, not built in, or ND4J's own reason, e.g. no GPU).
     */
    public static String problem(String requested) {
        if (!CPU.equals(requested) && !CUDA.equals(requested)) {
            return "--backend is cpu or cuda, not " + requested;
        }
        String built = built();
        if (CUDA.equals(requested) && !CUDA.equals(built)) {
            return "this build has no CUDA backend: build it with ./saturn build --cuda "
                    + "(nd4j-cuda-11.6; the machine needs CUDA 11.6 and cuDNN 8.3)";
        }
        if (CPU.equals(requested) && !CPU.equals(built)) {
            return "this build has only the CUDA backend: use --backend cuda, or build without --cuda for the CPU";
        }
        if (CUDA.equals(requested)) {
            try {
                // ND4J's own check (driver, libraries, a device), asked before ND4J loads: when it
                // fails during loading, ND4J prints a stack trace and says only "no backend"
                Object backend = Class.forName(CUDA_CLASS).getConstructor().newInstance();
                backend.getClass().getMethod("canRun").invoke(backend);
                org.nd4j.linalg.factory.Nd4j.create(1).addi(1); // loads the backend and touches the device
            } catch (InvocationTargetException e) {
                return "the CUDA backend cannot start: " + reason(e.getCause());
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return "the CUDA backend cannot start: " + reason(e);
            }
        }
        return null;
    }

    /** The innermost message of a failure, on one line. */
    static String reason(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return message == null ? failure.getClass().getName() : message.replaceAll("\\s+", " ").trim();
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, Backends.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
