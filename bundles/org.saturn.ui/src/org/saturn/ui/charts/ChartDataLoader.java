package org.saturn.ui.charts;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Control;

/**
 * Loads a view's data off the UI thread and posts it back: each new request cancels the one in
 * flight, and a result that a newer request superseded is dropped, so the view always shows its
 * latest input. Loading failures are shown by the view ({@code onError}), not logged as errors.
 *
 * @param <T> what the provider computes
 */
public final class ChartDataLoader<T> {

    private final Control owner;
    private final String name;
    private Job current;
    private long generation;
    private volatile boolean busy;

    public ChartDataLoader(Control owner, String name) {
        this.owner = owner;
        this.name = name;
    }

    /**
     * Computes {@code compute} in a Job (its argument turns true once superseded or cancelled) and
     * hands the result to {@code apply} on the UI thread. Must be called on the UI thread.
     */
    public void load(Function<BooleanSupplier, T> compute, Consumer<T> apply, Consumer<String> onError) {
        long mine = ++generation;
        if (current != null) {
            current.cancel();
        }
        busy = true;
        Job job = new Job(name) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                T result;
                try {
                    result = compute.apply(() -> monitor.isCanceled() || mine != generation);
                } catch (CancellationException e) {
                    return Status.CANCEL_STATUS;
                } catch (RuntimeException | LinkageError e) {
                    post(mine, () -> onError.accept(e.getMessage() == null ? e.toString() : e.getMessage()));
                    return Status.OK_STATUS;
                }
                if (monitor.isCanceled()) {
                    return Status.CANCEL_STATUS;
                }
                post(mine, () -> apply.accept(result));
                return Status.OK_STATUS;
            }
        };
        job.setSystem(true);
        current = job;
        job.schedule();
    }

    /** True from a request until its result was applied (tests and live refresh wait on it). */
    public boolean isBusy() {
        return busy;
    }

    private void post(long mine, Runnable onUiThread) {
        if (owner.isDisposed()) {
            return;
        }
        owner.getDisplay().asyncExec(() -> {
            if (!owner.isDisposed() && mine == generation) {
                onUiThread.run();
                busy = false;
            }
        });
    }
}
