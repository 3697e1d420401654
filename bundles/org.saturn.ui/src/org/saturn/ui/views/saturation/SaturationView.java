package org.saturn.ui.views.saturation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.RunCurves;
import org.saturn.core.report.SaturationCurves;
import org.saturn.core.report.SaturationProvider;
import org.saturn.core.report.StudyReport;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.dsl.compiler.RunChanceLevels;
import org.saturn.ui.charts.ChartViewPart;
import org.saturn.ui.editor.SaturnLanguage;

/**
 * Saturation: the selected runs and groups of seeds against the exact optimal loss. Follows the
 * workbench selection ({@link RunDirectory} and {@link GroupRow} elements), loads through
 * {@link SaturationProvider} off the UI thread and reloads live while runs train.
 */
public class SaturationView extends ChartViewPart<SaturationComposite, SaturationView.Loaded> {

    public static final String ID = "org.saturn.ui.views.saturation";
    // the accuracy curves' chance bands; the language's injector is made when a band is first computed
    private static final RunChanceLevels CHANCE_LEVELS = new RunChanceLevels(SaturnLanguage::injector);
    private static final List<String> ACCURACY_CHOICES = List.of("ood.R1", "id.R1", "ood.R2", "id.R2", "ood.R2 completion",
            "ood.finished", "id.finished", "ood.grammatical", "id.grammatical", "sos.R1", "sos.grammatical", "sos.finished");

    /** What one load computes: the curves and the chance levels of the first run. */
    record Loaded(List<SaturationCurves> entries, Map<String, Estimate> chance) {
    }

    private List<Object> input = List.of();

    public SaturationView() {
        super("Loading the Saturation chart", SaturationComposite::new);
    }

    /** Shows these runs ({@link RunDirectory}) and groups ({@link GroupRow}); other elements are ignored. */
    public void setInput(List<?> elements) {
        input = runsAndGroups(elements);
        reload();
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
        SaturationComposite composite = composite();
        composite.setStatus("Loading " + requested.size() + " item(s)…");
        return new Load<>(cancelled -> {
            List<SaturationCurves> entries = SaturationProvider.load(requested, cancelled);
            Map<String, Estimate> chance = entries.stream().flatMap(e -> e.members().stream()).findFirst()
                    .map(m -> CHANCE_LEVELS.of(m.run())).orElse(Map.of());
            return new Loaded(entries, chance);
        }, loaded -> {
            composite.show(loaded.entries(), loaded.chance());
            if (loaded.entries().isEmpty()) {
                composite.setStatus("The selected runs have no readable records or metrics yet.");
            }
        }, message -> composite.setStatus("Cannot load the selection: " + message));
    }

    @Override
    protected List<Path> watchedFiles() {
        List<Path> files = new ArrayList<>();
        for (SaturationCurves entry : composite().entries()) {
            for (RunCurves member : entry.members()) {
                files.add(member.run().path().resolve(RunDirectory.METRICS));
                files.add(member.run().path().resolve(RunDirectory.RECORD));
            }
        }
        return files;
    }

    @Override
    protected void configure(IMenuManager menu) {
        SaturationComposite composite = composite();
        IAction members = new Action("Seeds", IAction.AS_CHECK_BOX) {
            @Override
            public void run() {
                composite.setShowMembers(isChecked());
            }
        };
        members.setToolTipText("Show each seed of a group as a faint line behind the mean");
        members.setChecked(composite.showMembers());
        getViewSite().getActionBars().getToolBarManager().add(members);

        menu.add(chooseRunStoreAction("Show All Groups of a Run Store…", this::showStore));
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
    }

    /** Shows every group of seeds of the store at {@code root}. */
    public void showStore(Path root) {
        try {
            List<GroupRow> groups = StudyReport.of(RunStore.open(root), null);
            if (groups.isEmpty()) {
                composite().setStatus("No finished or running runs in " + root);
            } else {
                setInput(groups);
            }
        } catch (StoreException e) {
            composite().setStatus(e.getMessage());
        }
    }

    @Override
    public String exportName() {
        return "saturation";
    }
}
