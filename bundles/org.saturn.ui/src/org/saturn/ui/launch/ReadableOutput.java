package org.saturn.ui.launch;

import java.io.IOException;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.debug.core.IStreamListener;
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
    private final Readable output;

    ReadableOutput(IStreamsProxy raw) {
        this.raw = raw;
        this.output = new Readable(raw.getOutputStreamMonitor());
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

    private static final class Readable implements IStreamMonitor {
        private final ListenerList<IStreamListener> listeners = new ListenerList<>();
        private final StringBuilder contents = new StringBuilder();
        private final StringBuilder partial = new StringBuilder();

        Readable(IStreamMonitor source) {
            source.addListener((text, monitor) -> accept(text));
            if (source instanceof IFlushableStreamMonitor flushable) {
                accept(flushable.getContents());
                flushable.flushContents();
                flushable.setBuffered(false); // this monitor keeps the readable text instead
            }
        }

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
            if (lines.length() == 0) {
                return;
            }
            String out = lines.toString();
            synchronized (contents) {
                contents.append(out);
                if (contents.length() > MAX_KEPT) {
                    contents.delete(0, contents.length() - MAX_KEPT);
                }
            }
            for (IStreamListener listener : listeners) {
                listener.streamAppended(out, this);
            }
        }

        @Override
        public void addListener(IStreamListener listener) {
            listeners.add(listener);
        }

        @Override
        public String getContents() {
            synchronized (contents) {
                return contents.toString();
            }
        }

        @Override
        public void removeListener(IStreamListener listener) {
            listeners.remove(listener);
        }
    }
}
