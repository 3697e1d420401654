package org.saturn.ui.views.runs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.saturn.core.export.ExportedRun;
import org.saturn.core.export.RunDiff;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.RunRow;
import org.saturn.core.report.RunsColumns;
import org.saturn.core.report.RunsFilter;
import org.saturn.core.report.RunsTree;
import org.saturn.core.report.RunsTreeProvider;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunTags;
import org.saturn.core.store.StoreException;
import org.saturn.ui.views.ViewSelection;
import org.saturn.ui.views.saturation.SaturationView;

/**
 * The Runs view: the run stores as a tree, study → group (everything but the seed; mean ± std
 * over n) → run, live while workers write. A background job loads the snapshot from
 * {@link RunsTreeProvider} (re-reading only changed records), once a second; a newer request (a
 * new filter) cancels and supersedes an older one; each load reaches the widgets as one batch.
 * Publishes the selected runs ({@link RunDirectory}) and groups ({@link GroupRow}) and reveals
 * runs other views select.
 */
public final class RunsView extends ViewPart {

    public static final String ID = "org.saturn.ui.views.runs";

    /**
     * The columns left to right: what tells how a run stands (status, step, test loss, gap, OOD R1,
     * finished) first, so that it is on screen without scrolling; the rest after it.
     */
    static final List<RunsColumns> DISPLAY_ORDER = List.of(RunsColumns.NAME, RunsColumns.STATUS, RunsColumns.STEP,
            RunsColumns.TEST_LOSS, RunsColumns.GAP, RunsColumns.OOD_R1, RunsColumns.FINISHED, RunsColumns.OPTIMAL_LOSS,
            RunsColumns.ID_R1, RunsColumns.VARIED, RunsColumns.DECLARED);

    /** How often the stores are looked at for changes written by workers. */
    static final long POLL_MILLIS = 1000;

    private final RunsTreeProvider provider = new RunsTreeProvider();
    private final RunsContentProvider content = new RunsContentProvider();
    private final AtomicLong generation = new AtomicLong();
    private final LoadJob loader = new LoadJob();
    private volatile RunsFilter filter = RunsFilter.ALL;
    private volatile boolean disposed;
    private volatile long loads;
    private volatile long lastLoadMillis;
    private boolean refreshAll = true;
    private TreeViewer viewer;
    /** The site's selection provider, silent while revealing another view's runs. */
    private final ViewSelection selection = new ViewSelection(this::publishedSelection,
            newSelection -> viewer.setSelection(newSelection, true));
    private Text filterText;
    private Label summary;
    private List<Path> stores = List.of();
    private final Set<RunsTree.Study> expandedOnce = new HashSet<>();

    private final ISelectionListener otherViews = this::revealSelectedRuns;

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(parent);
        filterText = new Text(parent, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        filterText.setMessage("Filter: text, or key=value (status=running regime=oracle seed=1 optimizer.lr=0.002)");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(filterText);
        filterText.addModifyListener(e -> setFilter(filterText.getText()));

        // virtual, with a lazy content provider: rows are made and labelled when shown
        viewer = new TreeViewer(parent, SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER | SWT.VIRTUAL);
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getControl());
        viewer.setComparer(RunsContentProvider.COMPARER);
        viewer.setUseHashlookup(true);
        viewer.setContentProvider(content);
        for (RunsColumns column : RunsColumns.values()) {
            TreeViewerColumn treeColumn = new TreeViewerColumn(viewer, column == RunsColumns.NAME ? SWT.LEFT : SWT.RIGHT);
            treeColumn.getColumn().setText(column.title());
            treeColumn.getColumn().setWidth(column.width());
            treeColumn.getColumn().setMoveable(true);
            treeColumn.getColumn().setToolTipText("Click to sort groups and runs by " + column.title() + " (again: reverse)");
            treeColumn.getColumn().addListener(SWT.Selection, e -> sortBy(column));
            treeColumn.setLabelProvider(new CellText(column));
        }
        viewer.setInput(content);
        viewer.getTree().setColumnOrder(displayOrder());
        getViewSite().getActionBars().getMenuManager().add(RunsMenus.columnChooser(this));
        viewer.getControl().setMenu(RunsMenus.contextMenu(this).createContextMenu(viewer.getControl()));

        summary = new Label(parent, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(summary);
        summary.setText("Loading runs...");

        viewer.addSelectionChangedListener(event -> selection.changed());
        viewer.addPostSelectionChangedListener(event -> selection.postChanged());
        getSite().setSelectionProvider(selection);
        getSite().getPage().addSelectionListener(otherViews);
        loader.schedule();
    }

    /** Cell text from the core columns; status in colour so running and failed runs stand out. */
    private final class CellText extends ColumnLabelProvider {
        private final RunsColumns column;

        CellText(RunsColumns column) {
            this.column = column;
        }

        @Override
        public String getText(Object element) {
            return column.text(content.tree(), element);
        }

        @Override
        public Color getForeground(Object element) {
            if (column != RunsColumns.STATUS || !(element instanceof RunDirectory run)) {
                return null;
            }
            RunRow row = content.tree().row(run);
            if (row == null) {
                return null;
            }
            return switch (row.statusText()) {
                case "running" -> Display.getCurrent().getSystemColor(SWT.COLOR_DARK_BLUE);
                case "failed" -> Display.getCurrent().getSystemColor(SWT.COLOR_RED);
                case "queued", "planned", "stopped" -> Display.getCurrent().getSystemColor(SWT.COLOR_DARK_GRAY);
                default -> null;
            };
        }
    }

    /** The selected runs (groups and studies stand for none: Compare and tags are about runs). */
    List<RunDirectory> selectedRuns() {
        List<RunDirectory> runs = new ArrayList<>();
        for (Object element : viewer.getStructuredSelection().toList()) {
            if (element instanceof RunDirectory run) {
                runs.add(run);
            }
        }
        return runs;
    }

    /**
     * Compares runs: {@code saturn diff}'s table in a window beside the workbench, and the runs'
     * curves overlaid in the Saturation view. Returns the window (open), or null with a message in
     * the summary line when fewer than two runs are given or one cannot be read.
     */
    public Dialog compare(List<RunDirectory> runs) {
        if (runs.size() < 2) {
            summary.setText("Compare: select two or more runs (a group's rows, not the group).");
            return null;
        }
        List<ExportedRun> exported = new ArrayList<>();
        for (RunDirectory run : runs) {
            Optional<RunRecord> record;
            try {
                record = run.record();
            } catch (StoreException e) {
                record = Optional.empty();
            }
            if (record.isEmpty()) {
                summary.setText("Compare: " + run.study() + "/" + run.runId() + " has no readable record yet.");
                return null;
            }
            exported.add(new ExportedRun(run, record.get()));
        }
        CompareDialog dialog = new CompareDialog(getSite().getShell(), RunDiff.of(exported));
        dialog.open();
        try {
            SaturationView saturation = (SaturationView) getSite().getPage().showView(SaturationView.ID, null,
                    IWorkbenchPage.VIEW_VISIBLE);
            saturation.setInput(runs);
        } catch (PartInitException e) {
            summary.setText("Compare: the Saturation view cannot open: " + e.getMessage());
        }
        return dialog;
    }

    /** The compare window's table text (for tests; "" for another dialog). */
    public static String compareText(Dialog dialog) {
        return dialog instanceof CompareDialog compare ? compare.text() : "";
    }

    /** Replaces a run's tags ("key=value ...") and note, as the Tags and Note dialog does. */
    public RunTags writeTags(RunDirectory run, String tags, String note) {
        return TagsDialog.write(run, tags, note);
    }

    /** {@link #DISPLAY_ORDER}, then any column it does not name, as column indices. */
    static int[] displayOrder() {
        List<RunsColumns> order = new ArrayList<>(DISPLAY_ORDER);
        for (RunsColumns column : RunsColumns.values()) {
            if (!order.contains(column)) {
                order.add(column);
            }
        }
        return order.stream().mapToInt(RunsColumns::ordinal).toArray();
    }

    /** Sorts groups within their study and runs within their group by a column; again: reversed. */
    public void sortBy(RunsColumns column) {
        content.order().sortBy(column);
        Tree tree = viewer.getTree();
        tree.setSortColumn(tree.getColumn(column.ordinal()));
        tree.setSortDirection(content.order().descending() ? SWT.DOWN : SWT.UP);
        Set<Object> expanded = expandedNodes();
        viewer.refresh();
        expand(content.tree(), expanded);
    }

    /** Shows a column at its initial width, or hides it (width 0, not resizable, so it cannot be dragged open by accident). */
    public void showColumn(RunsColumns column, boolean shown) {
        TreeColumn treeColumn = viewer.getTree().getColumn(column.ordinal());
        treeColumn.setResizable(shown);
        treeColumn.setWidth(shown ? column.width() : 0);
    }

    public boolean isColumnShown(RunsColumns column) {
        return viewer.getTree().getColumn(column.ordinal()).getWidth() > 0;
    }

    private void setFilter(String text) {
        filter = RunsFilter.parse(text);
        generation.incrementAndGet();
        loader.cancel();
        loader.schedule(150); // typing: one load after a short pause, not one per key
    }

    /** Loads a snapshot off the UI thread and hands it over in one batch; then waits for the next poll. */
    private final class LoadJob extends Job {
        LoadJob() {
            super("Loading the Runs view");
            setSystem(true);
        }

        @Override
        protected IStatus run(IProgressMonitor monitor) {
            long requested = generation.get();
            long start = System.nanoTime();
            List<Path> storeList = RunStores.discover();
            RunsTree next = provider.refresh(storeList, filter, monitor::isCanceled);
            if (next != null && !disposed) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                Display display = getSite().getShell().getDisplay();
                display.asyncExec(() -> apply(next, requested, storeList, millis));
            }
            if (!disposed && !monitor.isCanceled()) {
                schedule(POLL_MILLIS);
            }
            return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
        }
    }

    private void apply(RunsTree next, long requested, List<Path> storeList, long millis) {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        if (requested != generation.get()) {
            refreshAll = true; // a stale snapshot: its changes are not shown, so the next one redraws everything
            return;
        }
        content.setTree(next);
        stores = storeList;
        if (refreshAll || next.structureChanged()) {
            refreshAll = false;
            Set<Object> expanded = expandedNodes();
            viewer.refresh(); // lazy: clears the rows and sets the counts; rows are filled again when shown
            expand(next, expanded);
        } else if (!next.changedRuns().isEmpty()) {
            Set<Object> changed = new LinkedHashSet<>();
            for (RunDirectory run : next.changedRuns()) {
                GroupRow group = next.groupOf(run);
                if (group != null) {
                    changed.add(run);
                    changed.add(group);
                    changed.add(next.studyOf(group));
                }
            }
            viewer.update(changed.toArray(), null);
        }
        lastLoadMillis = millis;
        loads++;
        summary.setText(summaryText(next));
        summary.setToolTipText("Run stores: " + String.join(", ", stores.stream().map(Path::toString).toList()));
    }

    /** The expanded studies and groups (as {@link #groupKey}s), read from the rows. */
    private Set<Object> expandedNodes() {
        Set<Object> expanded = new HashSet<>();
        for (TreeItem studyItem : viewer.getTree().getItems()) {
            if (studyItem.getExpanded() && studyItem.getData() != null) {
                expanded.add(studyItem.getData());
                for (TreeItem groupItem : studyItem.getItems()) {
                    if (groupItem.getExpanded() && groupItem.getData() instanceof GroupRow group) {
                        expanded.add(groupKey(group));
                    }
                }
            }
        }
        return expanded;
    }

    private static String groupKey(GroupRow group) {
        return group.study() + "\u0000" + group.group();
    }

    /**
     * Expands the rows of these studies and groups after a refresh, and collapses the others: a lazy
     * refresh keeps expansion with the rows, so a group that appears above an expanded one would
     * hand its expansion to its neighbour. A new study opens on its groups (later, as the user left
     * it). On the widgets: JFace's setExpandedState fills in every group row of the study first.
     */
    private void expand(RunsTree tree, Set<Object> expanded) {
        Tree widget = viewer.getTree();
        boolean anyGroup = expanded.stream().anyMatch(String.class::isInstance); // else every group row is collapsed
        List<RunsTree.Study> studies = tree.studies();
        for (int s = 0; s < studies.size() && s < widget.getItemCount(); s++) {
            RunsTree.Study study = studies.get(s);
            boolean open = expandedOnce.add(study) || expanded.contains(study);
            TreeItem studyItem = widget.getItem(s);
            if (open != studyItem.getExpanded()) {
                if (open) {
                    content.fill(studyItem, viewer.getInput(), s);
                }
                studyItem.setExpanded(open);
            }
            if (!open || !anyGroup) {
                continue;
            }
            List<?> groups = content.children(study); // in the order shown
            for (int g = 0; g < groups.size() && g < studyItem.getItemCount(); g++) {
                boolean groupOpen = expanded.contains(groupKey((GroupRow) groups.get(g)));
                TreeItem groupItem = studyItem.getItem(g);
                if (groupOpen != groupItem.getExpanded()) {
                    if (groupOpen) {
                        content.fill(groupItem, study, g);
                    }
                    groupItem.setExpanded(groupOpen);
                }
            }
        }
    }

    private String summaryText(RunsTree tree) {
        long existing = stores.stream().filter(java.nio.file.Files::isDirectory).count();
        String runs = filter.acceptsAll() ? String.format("%,d runs", tree.totalRuns())
                : String.format("%,d of %,d runs", tree.shownRuns(), tree.totalRuns());
        return runs + " in " + tree.studies().size() + (tree.studies().size() == 1 ? " study" : " studies") + " · "
                + existing + (existing == 1 ? " store" : " stores") + " (runs/ of each project and each Saturn Study "
                + "configuration's store) · metrics at each run's minimum test loss";
    }

    /** Other views selected runs: select and reveal them here, without publishing the selection back. */
    void revealSelectedRuns(IWorkbenchPart part, ISelection selected) {
        if (part == this || !(selected instanceof IStructuredSelection structured) || viewer == null
                || viewer.getControl().isDisposed()) {
            return;
        }
        List<RunDirectory> runs = new ArrayList<>();
        for (Object element : structured.toList()) {
            if (element instanceof RunDirectory run && content.tree().groupOf(run) != null) {
                runs.add(run);
            }
        }
        if (runs.isEmpty() || runs.equals(viewer.getStructuredSelection().toList())) {
            return;
        }
        fillPathsTo(runs);
        selection.quietly(() -> viewer.setSelection(new StructuredSelection(runs), true));
    }

    /**
     * Fills in the items on the path to each run, so that the viewer's reveal finds them as they
     * are; it would otherwise fill in every row of the study (2,500 groups) to look for one.
     */
    private void fillPathsTo(List<RunDirectory> runs) {
        RunsTree tree = content.tree();
        Tree widget = viewer.getTree();
        for (RunDirectory run : runs) {
            GroupRow group = tree.groupOf(run);
            RunsTree.Study study = tree.studyOf(group);
            int s = tree.studies().indexOf(study);
            int g = indexOf(content.children(study), group);
            int r = content.children(group).indexOf(run);
            if (s < 0 || g < 0 || r < 0 || s >= widget.getItemCount()) {
                continue;
            }
            TreeItem studyItem = content.fill(widget.getItem(s), viewer.getInput(), s);
            if (g < studyItem.getItemCount()) {
                TreeItem groupItem = content.fill(studyItem.getItem(g), study, g);
                if (r < groupItem.getItemCount()) {
                    content.fill(groupItem.getItem(r), group, r);
                }
            }
        }
    }

    private static int indexOf(List<?> groups, GroupRow group) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i) == group) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What this view publishes: the viewer's selection as runs and groups (a study stands for its
     * groups, groups are the current snapshot's).
     */
    private ISelection publishedSelection() {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return StructuredSelection.EMPTY;
        }
        RunsTree tree = content.tree();
        List<Object> elements = new ArrayList<>();
        for (Object element : viewer.getStructuredSelection().toList()) {
            if (element instanceof RunDirectory) {
                elements.add(element);
            } else if (element instanceof GroupRow group && tree.current(group) != null) {
                elements.add(tree.current(group));
            } else if (element instanceof RunsTree.Study study) {
                elements.addAll(tree.groups(study));
            }
        }
        return new StructuredSelection(elements);
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        disposed = true;
        loader.cancel();
        getSite().getPage().removeSelectionListener(otherViews);
        super.dispose();
    }

    // for tests and the status line: what the view shows now

    public RunsTree tree() {
        return content.tree();
    }

    public TreeViewer viewer() {
        return viewer;
    }

    /** Snapshots applied to the widgets so far. */
    public long loads() {
        return loads;
    }

    /** How long the last applied load took off the UI thread (listing, reading, grouping). */
    public long lastLoadMillis() {
        return lastLoadMillis;
    }

    /** The children of a row (a study's groups, a group's runs) in the order shown. */
    public List<?> rows(Object parent) {
        return content.children(parent);
    }

    public void filter(String text) {
        filterText.setText(text);
    }
}
