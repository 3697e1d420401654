package org.saturn.ui.charts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.part.ViewPart;
import org.saturn.core.report.GroupRow;
import org.saturn.core.store.RunDirectory;

/**
 * What the chart views share: they follow the workbench selection, load their input off the UI
 * thread (a new request cancels the stale one, {@link ChartDataLoader}), reload when watched files
 * change (batched by {@link LiveRefresh}) and export through their composite. A view adds which
 * selections it accepts ({@link #selectionChanged(List)}), what one load computes and shows
 * ({@link #nextLoad()}) and its composite.
 *
 * @param <C> the composite that shows the data and writes it as files
 * @param <T> what one load computes off the UI thread
 */
public abstract class ChartViewPart<C extends Composite & ChartFiles, T> extends ViewPart implements Exportable {

    /**
     * One load of the view's current input, captured when requested so that a later input change
     * cannot leak into it: {@code compute} runs off the UI thread (its argument turns true once
     * superseded), {@code show} and {@code showError} on the UI thread.
     */
    public record Load<T>(Function<BooleanSupplier, T> compute, Consumer<T> show, Consumer<String> showError) {
    }

    private final String loadJobName;
    private final Function<Composite, C> compositeFactory;
    private C composite;
    private ChartDataLoader<T> loader;
    private LiveRefresh live;
    private final ISelectionListener selectionListener = (part, selection) -> {
        if (part != this) {
            follow(selection);
        }
    };

    /**
     * @param loadJobName the name of the view's load jobs
     * @param compositeFactory makes the view's composite in the part's parent
     */
    protected ChartViewPart(String loadJobName, Function<Composite, C> compositeFactory) {
        this.loadJobName = loadJobName;
        this.compositeFactory = compositeFactory;
    }

    /**
     * Hooks up the view's own listeners and actions once its composite exists, before the first
     * selection is taken; the view menu's items come before the export actions.
     */
    protected void configure(IMenuManager viewMenu) {
    }

    /** The elements of a non-empty structured selection made in another part: the view takes what it accepts. */
    protected abstract void selectionChanged(List<?> elements);

    /**
     * The load of the current input, or null while there is none. Called on the UI thread for each
     * reload; may show a loading status first.
     */
    protected abstract Load<T> nextLoad();

    /** The files whose changes (size or time) make the view reload, for the input now shown. */
    protected abstract Collection<Path> watchedFiles();

    @Override
    public final void createPartControl(Composite parent) {
        composite = compositeFactory.apply(parent);
        loader = new ChartDataLoader<>(composite, loadJobName);
        live = new LiveRefresh(composite, this::watchedFiles, this::reload);
        live.start();
        IMenuManager menu = getViewSite().getActionBars().getMenuManager();
        configure(menu);
        menu.add(new Separator());
        ExportActions.contribute(menu, getSite().getShell(), this);
        getSite().getPage().addSelectionListener(selectionListener);
        follow(getSite().getPage().getSelection());
    }

    private void follow(ISelection selection) {
        if (selection instanceof IStructuredSelection structured && !structured.isEmpty()) {
            selectionChanged(structured.toList());
        }
    }

    /** The runs ({@link RunDirectory}) and groups ({@link GroupRow}) among selected elements, in order. */
    protected static List<Object> runsAndGroups(List<?> elements) {
        return elements.stream().filter(e -> e instanceof RunDirectory || e instanceof GroupRow).map(Object.class::cast)
                .toList();
    }

    /** A view-menu action that asks for a run store and hands the chosen folder to {@code open}. */
    protected final IAction chooseRunStoreAction(String label, Consumer<Path> open) {
        return new Action(label) {
            @Override
            public void run() {
                DirectoryDialog dialog = new DirectoryDialog(getSite().getShell());
                dialog.setMessage("Choose a run store (the folder that holds the study folders)");
                String chosen = dialog.open();
                if (chosen != null) {
                    open.accept(Path.of(chosen));
                }
            }
        };
    }

    /** Loads the current input again (and shows it when done), cancelling a load still in flight. */
    protected final void reload() {
        Load<T> load = nextLoad();
        if (load == null) {
            return;
        }
        loader.load(load.compute(), loaded -> {
            load.show().accept(loaded);
            live.shown();
        }, load.showError());
    }

    @Override
    public void dispose() {
        getSite().getPage().removeSelectionListener(selectionListener);
        super.dispose();
    }

    @Override
    public void setFocus() {
        composite.setFocus();
    }

    public C composite() {
        return composite;
    }

    /** True while a load is in flight (its result not yet shown). */
    public boolean isLoading() {
        return loader.isBusy();
    }

    @Override
    public void exportPng(Path file) throws IOException {
        composite.exportPng(file);
    }

    @Override
    public void exportSvg(Path file) throws IOException {
        composite.exportSvg(file);
    }

    @Override
    public void exportCsv(Path file) throws IOException {
        composite.exportCsv(file);
    }
}
