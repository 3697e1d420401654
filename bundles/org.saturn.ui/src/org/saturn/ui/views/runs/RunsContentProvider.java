package org.saturn.ui.views.runs;

import java.util.List;

import org.eclipse.jface.viewers.IElementComparer;
import org.eclipse.jface.viewers.ILazyTreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.widgets.TreeItem;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.RunsTree;
import org.saturn.core.store.RunDirectory;

/**
 * Maps the current {@link RunsTree} snapshot to a virtual tree viewer, lazily: the tree widget
 * knows only how many children each node has, and a row is filled in (element, cell texts, its own
 * child count) when it is first shown. A study of 2,500 groups then costs the rows on screen, not
 * 2,500 rows of labels. Elements of older snapshots still resolve.
 */
final class RunsContentProvider implements ILazyTreeContentProvider {

    /** Groups of two snapshots are one node when study and key match: expansion survives refreshes. */
    static final IElementComparer COMPARER = new IElementComparer() {
        @Override
        public boolean equals(Object a, Object b) {
            return RunsTree.sameNode(a, b);
        }

        @Override
        public int hashCode(Object element) {
            return RunsTree.nodeHash(element);
        }
    };

    private volatile RunsTree tree = RunsTree.EMPTY;
    private final RunsOrder order = new RunsOrder();
    private TreeViewer viewer;
    private Object input;

    RunsTree tree() {
        return tree;
    }

    void setTree(RunsTree tree) {
        this.tree = tree;
    }

    /** How groups and runs are ordered (by a column, or as the tree lists them). */
    RunsOrder order() {
        return order;
    }

    @Override
    public void inputChanged(Viewer changed, Object oldInput, Object newInput) {
        this.viewer = (TreeViewer) changed;
        this.input = newInput;
    }

    /** The children of a node of the current snapshot, in tree order; the viewer's input holds the studies. */
    List<?> children(Object parent) {
        if (parent != null && parent == input) {
            return tree.studies();
        }
        if (parent instanceof RunsTree.Study study) {
            return order.apply(tree, tree.groups(study));
        }
        if (parent instanceof GroupRow group) {
            return order.apply(tree, tree.runs(group));
        }
        return List.of();
    }

    @Override
    public void updateElement(Object parent, int index) {
        List<?> children = children(parent);
        if (index >= children.size()) {
            return; // a count of an older snapshot: the refresh that follows sets the new one
        }
        Object child = children.get(index);
        viewer.replace(parent, index, child);
        viewer.setChildCount(child, children(child).size());
    }

    @Override
    public void updateChildCount(Object element, int currentChildCount) {
        int count = children(element).size();
        if (count != currentChildCount) {
            viewer.setChildCount(element, count);
        }
    }

    @Override
    public Object getParent(Object element) {
        if (element instanceof RunDirectory run) {
            return tree.groupOf(run);
        }
        if (element instanceof GroupRow group) {
            return tree.studyOf(group);
        }
        return element instanceof RunsTree.Study ? input : null;
    }

    /**
     * A child's item, filled in if it was not yet (rows are filled when shown): revealing a run
     * needs the items on its path, not the study's other 2,499 groups that JFace's reveal would
     * fill in to find one.
     */
    TreeItem fill(TreeItem item, Object parent, int index) {
        List<?> children = children(parent);
        if (index < children.size() && (item.getData() == null || !RunsTree.sameNode(item.getData(), children.get(index)))) {
            updateElement(parent, index);
        }
        return item;
    }
}
