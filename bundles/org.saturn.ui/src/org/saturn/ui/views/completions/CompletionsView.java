package org.saturn.ui.views.completions;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.action.IMenuManager;
import org.saturn.core.report.CompletionsProvider;
import org.saturn.core.report.CompletionsProvider.Page;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.SaturationProvider;
import org.saturn.core.store.CompletionsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.ui.charts.ChartViewPart;

/**
 * Completions of the selected run (the first run of a selected group) at one evaluation step,
 * loaded off the UI thread; new evaluations of a training run appear as they are written.
 */
public class CompletionsView extends ChartViewPart<CompletionsComposite, Page> {

    public static final String ID = "org.saturn.ui.views.completions";

    private RunDirectory run;
    private long step = -1;

    public CompletionsView() {
        super("Loading completions", CompletionsComposite::new);
    }

    @Override
    protected void configure(IMenuManager menu) {
        composite().onStepChosen(chosen -> {
            step = chosen;
            reload();
        });
    }

    /** Shows {@code newRun} at {@code atStep} (a negative step: the latest evaluation). */
    public void setInput(RunDirectory newRun, long atStep) {
        run = newRun;
        step = atStep;
        reload();
    }

    @Override
    protected void selectionChanged(List<?> elements) {
        for (Object element : elements) {
            if (element instanceof RunDirectory selected) {
                if (!selected.equals(run)) {
                    setInput(selected, -1);
                }
                return;
            }
            if (element instanceof GroupRow group && !group.runs().isEmpty()) {
                SaturationProvider.directoryOf(group.runs().get(0)).filter(r -> !r.equals(run)).ifPresent(r -> setInput(r, -1));
                return;
            }
        }
    }

    @Override
    protected Load<Page> nextLoad() {
        RunDirectory requested = run;
        long requestedStep = step;
        if (requested == null) {
            return null;
        }
        CompletionsComposite composite = composite();
        return new Load<>(cancelled -> CompletionsProvider.page(requested, requestedStep), composite::show,
                message -> composite.showEmpty("Cannot read the completions of " + requested + ": " + message));
    }

    @Override
    protected List<Path> watchedFiles() {
        return run == null ? List.of() : List.of(run.path().resolve(CompletionsLog.FOLDER));
    }

    @Override
    public String exportName() {
        return run == null ? "completions" : "completions-" + run.runId() + "-step-" + step;
    }
}
