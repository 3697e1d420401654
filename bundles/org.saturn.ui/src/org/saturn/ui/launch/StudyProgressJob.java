package org.saturn.ui.launch;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.IStreamListener;
import org.eclipse.debug.core.model.IStreamMonitor;

/**
 * The Progress view's entry of a running study: per-run steps and gaps from the engine's JSON
 * events, total work over the runs it trains. Cancel stops the engine cleanly (workers
 * checkpoint; the runs resume on the next launch) and the entry stays until the engine has exited.
 */
public final class StudyProgressJob extends Job {

    /** The job family of every study launch (tests wait for it). */
    public static final Object FAMILY = StudyProgressJob.class;

    private static final int WORK = 1000;

    private final StudyProcess process;
    private final StudyProgress progress = new StudyProgress();
    private final StringBuilder partialLine = new StringBuilder();
    private final java.util.Set<Long> workers = new java.util.HashSet<>();

    public StudyProgressJob(String name, StudyProcess process) {
        super(name);
        this.process = process;
        setUser(false);
        IStreamMonitor out = process.rawOutput();
        IStreamMonitor err = process.getStreamsProxy().getErrorStreamMonitor();
        IStreamListener outListener = (text, monitor) -> acceptOutput(text);
        IStreamListener errListener = (text, monitor) -> progress.acceptError(text);
        out.addListener(outListener);
        err.addListener(errListener);
    }

    private void acceptOutput(String text) {
        synchronized (partialLine) {
            partialLine.append(text);
            int newline;
            while ((newline = partialLine.indexOf("\n")) >= 0) {
                progress.acceptLine(partialLine.substring(0, newline));
                partialLine.delete(0, newline + 1);
            }
        }
    }

    public StudyProcess process() {
        return process;
    }

    public StudyProgress progress() {
        return progress;
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    @Override
    protected void canceling() {
        process.terminate();
    }

    /** Adds each new worker JVM of the engine to the launch (Debug view; its log in a console). */
    private void showWorkers() {
        String store = process.getAttribute(SaturnLaunchDelegate.ATTR_STORE);
        Process system = process.systemProcess();
        if (store == null || system == null) {
            return;
        }
        system.toHandle().children().forEach(child -> {
            if (!workers.contains(child.pid())) {
                String runId = WorkerProcess.runIdOf(child);
                if (runId != null) {
                    workers.add(child.pid());
                    new WorkerProcess(process.getLaunch(), child, runId, java.nio.file.Path.of(store));
                }
            }
        });
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), WORK);
        int worked = 0;
        boolean stopping = false;
        while (!process.isTerminated()) {
            if (monitor.isCanceled() && !stopping) {
                stopping = true;
                process.terminate();
            }
            showWorkers();
            int now = (int) Math.round(progress.fraction() * WORK);
            if (now > worked) {
                monitor.worked(now - worked);
                worked = now;
            }
            monitor.subTask(stopping ? "Stopping: the workers save checkpoints (the runs resume on the next launch) · "
                    + progress.summary() : progress.summary());
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        monitor.done();
        return stopping || process.stopRequested() ? Status.CANCEL_STATUS : Status.OK_STATUS;
    }
}
