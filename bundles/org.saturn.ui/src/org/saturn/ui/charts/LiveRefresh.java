package org.saturn.ui.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Control;

/**
 * Batches live updates of runs being trained: every {@link #PERIOD_MS} the view is asked to
 * reload only if a watched file changed (size or time), so a run appending rows every few
 * milliseconds costs at most one reload per period, and an idle store costs a few stat calls.
 */
public final class LiveRefresh {

    public static final int PERIOD_MS = 2000;

    private final Control owner;
    private final Supplier<Collection<Path>> watched;
    private final Runnable reload;
    private long lastFingerprint;
    private final Runnable tick = this::tick;

    public LiveRefresh(Control owner, Supplier<Collection<Path>> watched, Runnable reload) {
        this.owner = owner;
        this.watched = watched;
        this.reload = reload;
    }

    public void start() {
        owner.getDisplay().timerExec(PERIOD_MS, tick);
    }

    /** Remembers the current state as shown (call after a load was applied). */
    public void shown() {
        lastFingerprint = fingerprint(watched.get());
    }

    private void tick() {
        if (owner.isDisposed()) {
            return;
        }
        if (owner.isVisible()) {
            long now = fingerprint(watched.get());
            if (now != lastFingerprint) {
                lastFingerprint = now;
                reload.run();
            }
        }
        owner.getDisplay().timerExec(PERIOD_MS, tick);
    }

    /** Size and modification time of every file (missing files count as zero). */
    public static long fingerprint(Collection<Path> files) {
        long hash = 17;
        for (Path file : files) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                hash = 31 * hash + attributes.size();
                hash = 31 * hash + attributes.lastModifiedTime().toMillis();
            } catch (IOException e) {
                hash = 31 * hash;
            }
        }
        return hash;
    }
}
