package org.saturn.ui.views.identifiability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.viewers.StructuredSelection;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.IdentifiabilityProvider;
import org.saturn.core.report.IdentifiabilityProvider.Snapshot;
import org.saturn.core.report.SaturationProvider;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.ui.charts.ChartViewPart;
import org.saturn.ui.views.ViewSelection;

/**
 * Non-identifiability: every run of a store as a point (loss gap against OOD R1 by default). Runs
 * selected elsewhere are ringed; a click on a point makes its {@link RunDirectory} this view's
 * selection, which the Runs view and the other views follow. The store is the one of the runs
 * selected elsewhere, or one chosen from the view menu.
 */
public class IdentifiabilityView extends ChartViewPart<IdentifiabilityComposite, Snapshot> {

    public static final String ID = "org.saturn.ui.views.identifiability";

    private Path storeRoot;
    private final ViewSelection selectionProvider = new ViewSelection();

    public IdentifiabilityView() {
        super("Loading the Non-identifiability chart", IdentifiabilityComposite::new);
    }

    @Override
    protected void configure(IMenuManager menu) {
        composite().onPointClicked(this::select);
        getSite().setSelectionProvider(selectionProvider);
        menu.add(chooseRunStoreAction("Open Run Store…", this::setStore));
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
        composite().highlight(Set.of(run));
        selectionProvider.setSelection(new StructuredSelection(run));
    }

    /** Highlights runs selected elsewhere and follows them to their store; never re-publishes (no echo). */
    @Override
    protected void selectionChanged(List<?> elements) {
        Set<RunDirectory> runs = new LinkedHashSet<>();
        for (Object element : elements) {
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
        composite().highlight(runs);
        if (!root.equals(storeRoot)) {
            setStore(root);
        }
    }

    @Override
    protected Load<Snapshot> nextLoad() {
        Path root = storeRoot;
        if (root == null) {
            return null;
        }
        IdentifiabilityComposite composite = composite();
        composite.setStatus("Loading " + root + "…");
        return new Load<>(cancelled -> IdentifiabilityProvider.read(RunStore.open(root), cancelled), snapshot -> {
            composite.show(snapshot);
            if (snapshot.runs().isEmpty()) {
                composite.setStatus("No run with a record in " + root + " yet.");
            }
        }, composite::setStatus);
    }

    @Override
    protected List<Path> watchedFiles() {
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
}
