package org.saturn.ui.launch;

import java.io.IOException;

import org.eclipse.debug.core.model.IFlushableStreamMonitor;
import org.eclipse.debug.core.model.IStreamMonitor;
import org.eclipse.debug.core.model.IStreamsProxy;
import org.eclipse.debug.core.model.IStreamsProxy2;

/**
 * The engine's streams as the Console shows them: its JSON progress events as sentences a
 * researcher reads ({@link StudyProgress#describe}), everything else as written. The raw events
 * stay available to the progress job.
 */
final class ReadableOutput implements IStreamsProxy, IStreamsProxy2 {

    private static final int MAX_KEPT = 1 << 20;

    private final IStreamsProxy raw;
    private final TextStreamMonitor output = new TextStreamMonitor(MAX_KEPT);
    private final StringBuilder partial = new StringBuilder();

    ReadableOutput(IStreamsProxy raw) {
        this.raw = raw;
        IStreamMonitor source = raw.getOutputStreamMonitor();
        source.addListener((text, monitor) -> accept(text));
        if (source instanceof IFlushableStreamMonitor flushable) {
            accept(flushable.getContents());
            flushable.flushContents();
            flushable.setBuffered(false); // the readable output keeps the text instead
        }
    }

    IStreamMonitor rawOutput() {
        return raw.getOutputStreamMonitor();
    }

    @Override
    public IStreamMonitor getErrorStreamMonitor() {
        return raw.getErrorStreamMonitor();
    }

    @Override
    public IStreamMonitor getOutputStreamMonitor() {
        return output;
    }

    @Override
    public void write(String input) throws IOException {
        raw.write(input);
    }

    @Override
    public void closeInputStream() throws IOException {
        if (raw instanceof IStreamsProxy2 closable) {
            closable.closeInputStream();
        }
    }

    /** Adds the whole lines of {@code text} to the readable output, progress events as sentences. */
    private void accept(String text) {
        StringBuilder lines = new StringBuilder();
        synchronized (partial) {
            partial.append(text);
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, newline);
                partial.delete(0, newline + 1);
                String readable = StudyProgress.describe(line);
                lines.append(readable != null ? readable : line).append('\n');
            }
        }
        if (lines.length() > 0) {
            output.append(lines.toString());
        }
    }
}
