package org.saturn.ui.views.incontext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

import org.eclipse.jface.action.IMenuManager;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.IdentifiabilityProvider.Aggregate;
import org.saturn.core.report.SaturationProvider;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.ui.charts.ChartViewPart;

/**
 * In-context learning (case study 2): ICL accuracy against the number of in-context examples k for
 * the groups selected elsewhere (a selected run brings its whole group: the chart is over seeds),
 * or every group of a run store chosen from the view menu. Reloads live as records change.
 */
public class InContextView extends ChartViewPart<InContextComposite, InContextView.Loaded> {

    public static final String ID = "org.saturn.ui.views.incontext";

    /** What one load computes: the runs the input resolved to (watched for changes) and their groups' curves. */
    record Loaded(List<RunDirectory> runs, List<InContextCurves> curves) {
    }

    /** {@link GroupRow}s, {@link RunDirectory}s or a store's root {@link Path}, resolved to runs off the UI thread. */
    private List<Object> input = List.of();
    private List<RunDirectory> shownRuns = List.of();

    public InContextView() {
        super("Loading the In-context Learning chart", InContextComposite::new);
    }

    @Override
    protected void configure(IMenuManager menu) {
        composite().onAggregateChanged(this::reload);
        menu.add(chooseRunStoreAction("Show All Groups of a Run Store…", this::showStore));
    }

    /**
     * Shows the groups of these elements: a {@link GroupRow} its runs, a {@link RunDirectory} every
     * run of its group in its study; other elements are ignored.
     */
    public void setInput(List<?> elements) {
        input = runsAndGroups(elements);
        reload();
    }

    /** Every group of the store at {@code root}. */
    public void showStore(Path root) {
        input = List.of(root);
        reload();
    }

    /** The runs of the input: a group's runs, a run's whole group, a store's every run. */
    private static List<RunDirectory> resolve(List<Object> elements) {
        Set<RunDirectory> resolved = new LinkedHashSet<>();
        for (Object element : elements) {
            if (element instanceof GroupRow group) {
                group.runs().forEach(r -> SaturationProvider.directoryOf(r).ifPresent(resolved::add));
            } else if (element instanceof RunDirectory run) {
                resolved.addAll(groupOf(run));
            } else if (element instanceof Path root) {
                RunStore store = RunStore.open(root);
                store.studies().forEach(study -> resolved.addAll(store.runs(study)));
            }
        }
        return List.copyOf(resolved);
    }

    /** The runs of the study that share the run's group (the run alone when its record is unreadable). */
    private static List<RunDirectory> groupOf(RunDirectory run) {
        Optional<String> group = group(run);
        if (group.isEmpty()) {
            return List.of(run);
        }
        List<RunDirectory> members = new ArrayList<>();
        try {
            Path root = run.path().getParent().getParent();
            for (RunDirectory other : RunStore.open(root).runs(run.study())) {
                if (other.equals(run) || group(other).equals(group)) {
                    members.add(other);
                }
            }
        } catch (StoreException e) {
            return List.of(run);
        }
        return members;
    }

    private static Optional<String> group(RunDirectory run) {
        try {
            return run.record().map(RunRecord::getGroup);
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    @Override
    protected void selectionChanged(List<?> elements) {
        if (!runsAndGroups(elements).isEmpty()) {
            setInput(elements);
        }
    }

    @Override
    protected Load<Loaded> nextLoad() {
        List<Object> requested = input;
        if (requested.isEmpty()) {
            return null;
        }
        InContextComposite composite = composite();
        Aggregate aggregate = composite.aggregate();
        composite.setStatus("Loading…");
        return new Load<>(cancelled -> {
            List<RunDirectory> runs = resolve(requested);
            List<RunRecord> records = new ArrayList<>();
            for (RunDirectory run : runs) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("superseded");
                }
                try {
                    run.record().ifPresent(records::add);
                } catch (StoreException e) {
                    // a record being replaced right now: the next refresh reads it
                }
            }
            return new Loaded(runs, InContextCurves.of(records, aggregate));
        }, loaded -> {
            shownRuns = loaded.runs();
            composite.show(loaded.curves());
            if (loaded.curves().isEmpty()) {
                composite.setStatus("The selected runs have no in-context metrics (icl.k*.task): "
                        + "their study has no in-context prompts, or no evaluation yet.");
            }
        }, message -> composite.setStatus("Cannot load the selection: " + message));
    }

    @Override
    protected List<Path> watchedFiles() {
        return shownRuns.stream().map(run -> run.path().resolve(RunDirectory.RECORD)).toList();
    }

    @Override
    public String exportName() {
        return "in-context-learning";
    }
}
