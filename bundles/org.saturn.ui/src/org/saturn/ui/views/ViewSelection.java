package org.saturn.ui.views;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.jface.viewers.IPostSelectionProvider;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.StructuredSelection;

/**
 * A view's selection as its site publishes it to the workbench. Either held here (a view that sets
 * it itself, as the Non-identifiability view on a click: {@link #ViewSelection()}), or read from the
 * view's widgets, which report their changes through {@link #changed()} and
 * {@link #postChanged()} ({@link #ViewSelection(Supplier, Consumer)}). {@link #quietly} changes the
 * widgets without publishing, so that a view following another one's selection does not echo it.
 */
public final class ViewSelection implements IPostSelectionProvider {

    private final ListenerList<ISelectionChangedListener> listeners = new ListenerList<>();
    private final ListenerList<ISelectionChangedListener> postListeners = new ListenerList<>();
    private final Supplier<ISelection> read;
    private final Consumer<ISelection> select;
    private ISelection held = StructuredSelection.EMPTY;
    private boolean quiet;

    /** A selection held here: {@link #setSelection} keeps it and publishes it at once. */
    public ViewSelection() {
        this.read = null;
        this.select = null;
    }

    /**
     * A selection read from the view's widgets ({@code read}); {@link #setSelection} hands a new one
     * to them ({@code select}), which report it back through {@link #changed()}.
     */
    public ViewSelection(Supplier<ISelection> read, Consumer<ISelection> select) {
        this.read = read;
        this.select = select;
    }

    /** Runs {@code action} (which changes the widgets' selection) without publishing. */
    public void quietly(Runnable action) {
        quiet = true;
        try {
            action.run();
        } finally {
            quiet = false;
        }
    }

    /** The selection changed: tells the selection listeners. */
    public void changed() {
        publish(listeners);
    }

    /** The selection settled (after keyboard navigation pauses): tells the post-selection listeners. */
    public void postChanged() {
        publish(postListeners);
    }

    private void publish(ListenerList<ISelectionChangedListener> to) {
        if (quiet) {
            return;
        }
        SelectionChangedEvent event = new SelectionChangedEvent(this, getSelection());
        for (ISelectionChangedListener listener : to) {
            listener.selectionChanged(event);
        }
    }

    // ISelectionProvider's methods, then IPostSelectionProvider's, in the order the interfaces declare them

    @Override
    public void addSelectionChangedListener(ISelectionChangedListener listener) {
        listeners.add(listener);
    }

    @Override
    public ISelection getSelection() {
        return read != null ? read.get() : held;
    }

    @Override
    public void removeSelectionChangedListener(ISelectionChangedListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void setSelection(ISelection selection) {
        if (select != null) {
            select.accept(selection);
        } else {
            // no widget delays it, so the selection has settled as soon as it is set
            held = selection;
            changed();
            postChanged();
        }
    }

    @Override
    public void addPostSelectionChangedListener(ISelectionChangedListener listener) {
        postListeners.add(listener);
    }

    @Override
    public void removePostSelectionChangedListener(ISelectionChangedListener listener) {
        postListeners.remove(listener);
    }
}
