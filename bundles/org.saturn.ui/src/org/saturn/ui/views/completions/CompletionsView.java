package org.saturn.ui.views.completions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.action.Separator;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.part.ViewPart;
import org.saturn.core.report.CompletionsProvider;
import org.saturn.core.report.CompletionsProvider.Page;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.SaturationProvider;
import org.saturn.core.store.CompletionsLog;
import org.saturn.core.store.RunDirectory;
import org.saturn.ui.charts.ChartDataLoader;
import org.saturn.ui.charts.ExportActions;
import org.saturn.ui.charts.Exportable;
import org.saturn.ui.charts.LiveRefresh;

/**
 * Completions of the selected run (the first run of a selected group) at one evaluation step,
 * loaded off the UI thread; new evaluations of a training run appear as they are written.
 */
public class CompletionsView extends ViewPart implements Exportable {

    public static final String ID = "org.saturn.ui.views.completions";

    private CompletionsComposite composite;
    private ChartDataLoader<Page> loader;
    private LiveRefresh live;
    private RunDirectory run;
    private long step = -1;
    private final ISelectionListener selectionListener = (part, selection) -> {
        if (part != this) {
            selectionChanged(selection);
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        composite = new CompletionsComposite(parent);
        loader = new ChartDataLoader<>(composite, "Loading completions");
        live = new LiveRefresh(composite, () -> run == null ? List.of() : List.of(run.path().resolve(CompletionsLog.FOLDER)),
                this::reload);
        live.start();
        composite.onStepChosen(chosen -> {
            step = chosen;
            reload();
        });
        var menu = getViewSite().getActionBars().getMenuManager();
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

    public CompletionsComposite composite() {
        return composite;
    }

    public boolean isLoading() {
        return loader.isBusy();
    }

    /** Shows {@code newRun} at {@code atStep} (a negative step: the latest evaluation). */
    public void setInput(RunDirectory newRun, long atStep) {
        run = newRun;
        step = atStep;
        reload();
    }

    private void selectionChanged(ISelection selection) {
        if (!(selection instanceof IStructuredSelection structured)) {
            return;
        }
        for (Object element : structured.toList()) {
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

    private void reload() {
        RunDirectory requested = run;
        long requestedStep = step;
        if (requested == null) {
            return;
        }
        loader.load(cancelled -> CompletionsProvider.page(requested, requestedStep), page -> {
            composite.show(page);
            live.shown();
        }, message -> composite.showEmpty("Cannot read the completions of " + requested + ": " + message));
    }

    @Override
    public String exportName() {
        return run == null ? "completions" : "completions-" + run.runId() + "-step-" + step;
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
