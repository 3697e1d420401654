package org.saturn.core.store;

import java.nio.file.Path;

/** One damaged file of a run: which file and what is wrong with it, worded for the researcher. */
public record Damage(RunDirectory run, Path file, String reason) {

    /** {@code FILE: REASON}, the one line every reader and {@code saturn fsck} print. */
    public String line() {
        return file + ": " + reason;
    }
}
