package org.saturn.ui.launch;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.debug.core.IStreamListener;
import org.eclipse.debug.core.model.IStreamMonitor;

/**
 * Text for a console: what was appended (the last {@code maxKept} characters of it) and the
 * listeners told of each append. Appends may come from any thread.
 */
final class TextStreamMonitor implements IStreamMonitor {

    private final ListenerList<IStreamListener> listeners = new ListenerList<>();
    private final StringBuilder contents = new StringBuilder();
    private final int maxKept;

    /** Keeps everything appended. */
    TextStreamMonitor() {
        this(Integer.MAX_VALUE);
    }

    /** Keeps the last {@code maxKept} characters, so that a long-running process cannot fill the memory. */
    TextStreamMonitor(int maxKept) {
        this.maxKept = maxKept;
    }

    void append(String text) {
        synchronized (contents) {
            contents.append(text);
            if (contents.length() > maxKept) {
                contents.delete(0, contents.length() - maxKept);
            }
        }
        for (IStreamListener listener : listeners) {
            listener.streamAppended(text, this);
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
