package org.saturn.ui.views.saturation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.part.ViewPart;
import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.RunCurves;
import org.saturn.core.report.SaturationCurves;
import org.saturn.core.report.SaturationProvider;
import org.saturn.core.report.StudyReport;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.ui.charts.ChartDataLoader;
import org.saturn.ui.charts.ExportActions;
import org.saturn.ui.charts.Exportable;
import org.saturn.ui.charts.LiveRefresh;

/**
 * Saturation: the selected runs and groups of seeds against the exact optimal loss. Follows the
 * workbench selection ({@link RunDirectory} and {@link GroupRow} elements), loads through
 * {@link SaturationProvider} off the UI thread and reloads live while runs train.
 */
public class SaturationView extends ViewPart implements Exportable {

    public static final String ID = "org.saturn.ui.views.saturation";
    private static final List<String> ACCURACY_CHOICES = List.of("ood.R1", "id.R1", "ood.R2", "id.R2", "ood.R2 completion",
            "ood.finished", "id.finished", "ood.grammatical", "id.grammatical", "sos.R1", "sos.grammatical", "sos.finished");

    private record Loaded(List<SaturationCurves> entries, Map<String, Estimate> chance) {
    }

    private SaturationComposite composite;
    private ChartDataLoader<Loaded> loader;
    private LiveRefresh live;
    private List<Object> input = List.of();
    private final ISelectionListener selectionListener = (part, selection) -> {
        if (part != this) {
            selectionChanged(selection);
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        composite = new SaturationComposite(parent);
        loader = new ChartDataLoader<>(composite, "Loading the Saturation chart");
        live = new LiveRefresh(composite, this::watchedFiles, this::reload);
        live.start();
        contributeActions();
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

    public SaturationComposite composite() {
        return composite;
    }

    /** Shows these runs ({@link RunDirectory}) and groups ({@link GroupRow}); other elements are ignored. */
    public void setInput(List<?> elements) {
        List<Object> relevant = new ArrayList<>();
        for (Object element : elements) {
            if (element instanceof RunDirectory || element instanceof GroupRow) {
                relevant.add(element);
            }
        }
        input = List.copyOf(relevant);
        reload();
    }

    /** True while a load is in flight (its result not yet shown). */
    public boolean isLoading() {
        return loader.isBusy();
    }

    private void selectionChanged(ISelection selection) {
        if (selection instanceof IStructuredSelection structured && !structured.isEmpty()) {
            List<?> elements = structured.toList();
            if (elements.stream().anyMatch(e -> e instanceof RunDirectory || e instanceof GroupRow)) {
                setInput(elements);
            }
        }
    }

    private void reload() {
        List<Object> requested = input;
        if (requested.isEmpty()) {
            return;
        }
        composite.setStatus("Loading " + requested.size() + " item(s)…");
        loader.load(cancelled -> {
            List<SaturationCurves> entries = SaturationProvider.load(requested, cancelled);
            Map<String, Estimate> chance = entries.stream().flatMap(e -> e.members().stream()).findFirst()
                    .map(m -> RunChanceLevels.of(m.run())).orElse(Map.of());
            return new Loaded(entries, chance);
        }, loaded -> {
            composite.show(loaded.entries(), loaded.chance());
            if (loaded.entries().isEmpty()) {
                composite.setStatus("The selected runs have no readable records or metrics yet.");
            }
            live.shown();
        }, message -> composite.setStatus("Cannot load the selection: " + message));
    }

    private List<Path> watchedFiles() {
        List<Path> files = new ArrayList<>();
        for (SaturationCurves entry : composite.entries()) {
            for (RunCurves member : entry.members()) {
                files.add(member.run().path().resolve(RunDirectory.METRICS));
                files.add(member.run().path().resolve(RunDirectory.RECORD));
            }
        }
        return files;
    }

    private void contributeActions() {
        IAction members = new Action("Seeds", IAction.AS_CHECK_BOX) {
            @Override
            public void run() {
                composite.setShowMembers(isChecked());
            }
        };
        members.setToolTipText("Show each seed of a group as a faint line behind the mean");
        members.setChecked(composite.showMembers());
        getViewSite().getActionBars().getToolBarManager().add(members);

        IMenuManager menu = getViewSite().getActionBars().getMenuManager();
        menu.add(new Action("Show All Groups of a Run Store…") {
            @Override
            public void run() {
                DirectoryDialog dialog = new DirectoryDialog(getSite().getShell());
                dialog.setMessage("Choose a run store (the folder that holds the study folders)");
                String chosen = dialog.open();
                if (chosen != null) {
                    showStore(Path.of(chosen));
                }
            }
        });
        MenuManager metrics = new MenuManager("Accuracy Metrics (up to 4)");
        for (String metric : ACCURACY_CHOICES) {
            IAction choice = new Action(SaturationComposite.pretty(metric), IAction.AS_CHECK_BOX) {
                @Override
                public void run() {
                    List<String> chosen = new ArrayList<>(composite.accuracies());
                    if (isChecked()) {
                        chosen.add(metric);
                        if (chosen.size() > 4) {
                            chosen.remove(0);
                        }
                    } else {
                        chosen.remove(metric);
                    }
                    composite.setAccuracies(chosen);
                }
            };
            metrics.add(choice);
        }
        metrics.addMenuListener(manager -> {
            for (var item : manager.getItems()) {
                if (item instanceof org.eclipse.jface.action.ActionContributionItem action) {
                    action.getAction().setChecked(composite.accuracies().stream()
                            .anyMatch(m -> SaturationComposite.pretty(m).equals(action.getAction().getText())));
                }
            }
        });
        menu.add(metrics);
        menu.add(new Separator());
        ExportActions.contribute(menu, getSite().getShell(), this);
    }

    /** Shows every group of seeds of the store at {@code root}. */
    public void showStore(Path root) {
        try {
            List<GroupRow> groups = StudyReport.of(RunStore.open(root), null);
            if (groups.isEmpty()) {
                composite.setStatus("No finished or running runs in " + root);
            } else {
                setInput(groups);
            }
        } catch (StoreException e) {
            composite.setStatus(e.getMessage());
        }
    }

    @Override
    public String exportName() {
        return "saturation";
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
