package org.saturn.ui.launch;

import java.util.Map;

import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IStreamMonitor;
import org.eclipse.debug.core.model.IStreamsProxy;
import org.eclipse.debug.core.model.RuntimeProcess;

/**
 * The {@code saturn run} process of a launch, as the Debug and Console views show it. Terminate
 * (the Debug view's button, or Cancel in the Progress view) sends SIGTERM and returns: the
 * engine then asks every worker to checkpoint and stop, so the runs stay resumable, and exits on
 * its own. {@link Process#destroy()} would also close the pipes and lose the engine's last words.
 */
public final class StudyProcess extends RuntimeProcess {

    private volatile boolean stopRequested;

    public StudyProcess(ILaunch launch, Process process, String name, Map<String, String> attributes) {
        super(launch, process, name, attributes);
    }

    @Override
    protected IStreamsProxy createStreamsProxy() {
        IStreamsProxy raw = super.createStreamsProxy();
        return raw == null ? null : new ReadableOutput(raw);
    }

    /** The engine's standard output as written: one JSON progress event per line. */
    IStreamMonitor rawOutput() {
        return getStreamsProxy() instanceof ReadableOutput readable ? readable.rawOutput()
                : getStreamsProxy().getOutputStreamMonitor();
    }

    @Override
    public void terminate() {
        Process process = getSystemProcess();
        if (process != null && process.isAlive()) {
            stopRequested = true;
            process.toHandle().destroy();
        }
    }

    /** Whether a stop was asked for (the runs it leaves are resumable, not failed). */
    public boolean stopRequested() {
        return stopRequested;
    }

    Process systemProcess() {
        return getSystemProcess();
    }

    public long pid() {
        Process process = getSystemProcess();
        return process == null ? -1 : process.pid();
    }
}
