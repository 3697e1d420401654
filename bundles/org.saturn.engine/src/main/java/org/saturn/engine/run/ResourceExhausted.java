package org.saturn.engine.run;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.List;

import org.bytedeco.javacpp.Pointer;
import org.saturn.core.plan.RunConfig;

/**
 * A run ended because the machine ran out of disk space (the run is STOPPED and resumes when there
 * is space again) or of memory (FAILED; it trains again with more memory or a smaller model). The
 * message says what it needed, for the researcher; no stack trace is worth showing.
 */
public final class ResourceExhausted extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean resumable;

    private ResourceExhausted(String message, Throwable cause, boolean resumable) {
        super(message, cause);
        this.resumable = resumable;
    }

    /** Whether the run stopped resumably (out of disk) rather than failed (out of memory). */
    public boolean resumable() {
        return resumable;
    }

    /**
     * The run's out-of-memory failure: what the worker had (heap and off-heap caps), what ran out,
     * and what the estimate for these runs says they need.
     */
    public static ResourceExhausted outOfMemory(OutOfMemoryError error, List<RunConfig> runs) {
        String what = error.getMessage() != null && error.getMessage().contains("Physical memory usage is too high")
                ? "resident memory" : error.getMessage() != null && error.getMessage().contains("Java heap")
                        ? "Java heap" : "memory";
        String had = MemoryEstimate.format(Runtime.getRuntime().maxMemory()) + " heap + "
                + MemoryEstimate.format(Pointer.maxBytes()) + " off-heap";
        String needs = "";
        if (!runs.isEmpty()) {
            MemoryEstimate estimate = MemoryEstimate.of(runs);
            needs = "; the estimate for " + (runs.size() == 1 ? "this run" : "these " + runs.size() + " seed-batched runs")
                    + " is " + MemoryEstimate.format(estimate.dataBytes()) + " (" + MemoryEstimate.format(estimate.heapBytes())
                    + " heap + " + MemoryEstimate.format(estimate.offHeapBytes()) + " off-heap)";
        }
        return new ResourceExhausted("out of " + what + " with " + had + needs + "; run it again with more "
                + "(saturn run --memory SIZE) or train a smaller model or batch", error, false);
    }

    /** The out-of-memory error {@code e} is or was caused by (ND4J wraps failed allocations), or null. */
    public static OutOfMemoryError memoryError(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError memory) {
                return memory;
            }
        }
        return null;
    }

    /** The out-of-disk failure {@code e} is (a write that failed with ENOSPC), or null for any other failure. */
    static ResourceExhausted outOfDisk(Throwable e) {
        String where = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (where == null && cause.getMessage() != null && cause.getMessage().startsWith("cannot write ")) {
                where = cause.getMessage().substring("cannot write ".length());
            }
            if (cause instanceof IOException io && io.getMessage() != null
                    && io.getMessage().contains("No space left on device")) {
                if (io instanceof FileSystemException file && file.getFile() != null) {
                    where = file.getFile();
                }
                return new ResourceExhausted("out of disk space writing " + (where == null ? "the run store" : where)
                        + "; free space and run again (the run resumes from its last checkpoint)", e, true);
            }
        }
        return null;
    }
}
