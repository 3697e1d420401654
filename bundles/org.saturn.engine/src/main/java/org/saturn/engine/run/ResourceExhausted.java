package org.saturn.engine.run;

import java.io.IOException;
import java.nio.file.FileSystemException;

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

    static ResourceExhausted outOfMemory(OutOfMemoryError error) {
        long heapMegabytes = Runtime.getRuntime().maxMemory() >> 20;
        return new ResourceExhausted("out of memory with a " + heapMegabytes + " MB heap; give the worker more memory "
                + "(-Xmx) or train a smaller model or batch", error, false);
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
