package org.saturn.ui.views.identifiability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.part.ViewPart;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.IdentifiabilityProvider;
import org.saturn.core.report.IdentifiabilityProvider.Snapshot;
import org.saturn.core.report.SaturationProvider;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.ui.charts.ChartDataLoader;
import org.saturn.ui.charts.ExportActions;
import org.saturn.ui.charts.Exportable;
import org.saturn.ui.charts.LiveRefresh;

/**
 * Non-identifiability: every run of a store as a point (loss gap against OOD R1 by default). Runs
 * selected elsewhere are ringed; a click on a point makes its {@link RunDirectory} this view's
 * selection, which the Runs view and the other views follow. The store is the one of the runs
 * selected elsewhere, or one chosen from the view menu.
 */
public class IdentifiabilityView extends ViewPart implements Exportable {

    public static final String ID = "org.saturn.ui.views.identifiability";

    private IdentifiabilityComposite composite;
    private ChartDataLoader<Snapshot> loader;
    private LiveRefresh live;
    private Path storeRoot;
    private final RunSelectionProvider selectionProvider = new RunSelectionProvider();
    private final ISelectionListener selectionListener = (part, selection) -> {
        if (part != this) {
            selectionChanged(selection);
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        composite = new IdentifiabilityComposite(parent);
        loader = new ChartDataLoader<>(composite, "Loading the Non-identifiability chart");
        live = new LiveRefresh(composite, this::watchedFiles, this::reload);
        live.start();
        composite.onPointClicked(this::select);
        getSite().setSelectionProvider(selectionProvider);
        IMenuManager menu = getViewSite().getActionBars().getMenuManager();
        menu.add(new Action("Open Run Store…") {
            @Override
            public void run() {
                DirectoryDialog dialog = new DirectoryDialog(getSite().getShell());
                dialog.setMessage("Choose a run store (the folder that holds the study folders)");
                String chosen = dialog.open();
                if (chosen != null) {
                    setStore(Path.of(chosen));
                }
            }
        });
        menu.add(new Separator());
        ExportActions.contribute(menu, getSite().getShell(), this);
        getSite().getPage().addSelectionListener(selectionListener);
        selectionChanged(getSite().getPage().getSelection());
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

    public IdentifiabilityComposite composite() {
        return composite;
    }

    public boolean isLoading() {
        return loader.isBusy();
    }

    /** Shows every run of the store at {@code root}. */
    public void setStore(Path root) {
        storeRoot = root;
        reload();
    }

    public Path store() {
        return storeRoot;
    }

    /** What a click on a point does: the run becomes this view's (and so the workbench's) selection. */
    public void select(RunDirectory run) {
        composite.highlight(Set.of(run));
        selectionProvider.setSelection(new StructuredSelection(run));
    }

    /** Highlights runs selected elsewhere and follows them to their store; never re-publishes (no echo). */
    private void selectionChanged(ISelection selection) {
        if (!(selection instanceof IStructuredSelection structured) || structured.isEmpty()) {
            return;
        }
        Set<RunDirectory> runs = new LinkedHashSet<>();
        for (Object element : structured.toList()) {
            if (element instanceof RunDirectory run) {
                runs.add(run);
            } else if (element instanceof GroupRow group) {
                group.runs().forEach(r -> SaturationProvider.directoryOf(r).ifPresent(runs::add));
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        Path root = runs.iterator().next().path().getParent().getParent();
        composite.highlight(runs);
        if (!root.equals(storeRoot)) {
            setStore(root);
        }
    }

    private void reload() {
        Path root = storeRoot;
        if (root == null) {
            return;
        }
        composite.setStatus("Loading " + root + "…");
        loader.load(cancelled -> IdentifiabilityProvider.read(RunStore.open(root), cancelled), snapshot -> {
            composite.show(snapshot);
            if (snapshot.runs().isEmpty()) {
                composite.setStatus("No run with a record in " + root + " yet.");
            }
            live.shown();
        }, message -> composite.setStatus(message));
    }

    private List<Path> watchedFiles() {
        List<Path> files = new ArrayList<>();
        if (storeRoot != null) {
            files.add(storeRoot);
            try {
                RunStore store = RunStore.open(storeRoot);
                for (String study : store.studies()) {
                    files.add(storeRoot.resolve(study));
                    store.runs(study).forEach(run -> files.add(run.path().resolve(RunDirectory.RECORD)));
                }
            } catch (StoreException e) {
                // the store vanished: the next reload says so
            }
        }
        return files;
    }

    @Override
    public String exportName() {
        return "non-identifiability";
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

    /** This view's selection: the run of the last clicked point. */
    private static final class RunSelectionProvider implements ISelectionProvider {

        private final ListenerList<ISelectionChangedListener> listeners = new ListenerList<>();
        private ISelection selection = StructuredSelection.EMPTY;

        @Override
        public void addSelectionChangedListener(ISelectionChangedListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeSelectionChangedListener(ISelectionChangedListener listener) {
            listeners.remove(listener);
        }

        @Override
        public ISelection getSelection() {
            return selection;
        }

        @Override
        public void setSelection(ISelection newSelection) {
            selection = newSelection;
            SelectionChangedEvent event = new SelectionChangedEvent(this, newSelection);
            for (ISelectionChangedListener listener : listeners) {
                listener.selectionChanged(event);
            }
        }
    }
}
