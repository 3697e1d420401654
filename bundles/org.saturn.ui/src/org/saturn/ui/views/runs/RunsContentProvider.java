package org.saturn.ui.views.runs;

import org.eclipse.jface.viewers.IElementComparer;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.saturn.core.report.GroupRow;
import org.saturn.core.report.RunsTree;
import org.saturn.core.store.RunDirectory;

/** Maps the current {@link RunsTree} snapshot to a tree viewer; elements of older snapshots still resolve. */
final class RunsContentProvider implements ITreeContentProvider {

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

    RunsTree tree() {
        return tree;
    }

    void setTree(RunsTree tree) {
        this.tree = tree;
    }

    @Override
    public Object[] getElements(Object input) {
        return tree.studies().toArray();
    }

    @Override
    public Object[] getChildren(Object parent) {
        if (parent instanceof RunsTree.Study study) {
            return tree.groups(study).toArray();
        }
        if (parent instanceof GroupRow group) {
            return tree.runs(group).toArray();
        }
        return new Object[0];
    }

    @Override
    public Object getParent(Object element) {
        if (element instanceof RunDirectory run) {
            return tree.groupOf(run);
        }
        if (element instanceof GroupRow group) {
            return tree.studyOf(group);
        }
        return null;
    }

    @Override
    public boolean hasChildren(Object element) {
        return element instanceof RunsTree.Study || element instanceof GroupRow;
    }
}
