package org.saturn.ui.editor;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.viewers.DelegatingStyledCellLabelProvider;
import org.eclipse.jface.viewers.DelegatingStyledCellLabelProvider.IStyledLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.StyledString;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;
import org.saturn.ui.editor.SpecOutline.Node;

/**
 * The Outline view's page for a .saturn editor: imports, languages with their rules, mixtures,
 * prompt sets, models, protocols, fine-tunings and studies. It follows the reconciler's snapshots
 * (no parse of its own after the first) and a click selects the element's name in the text.
 */
public final class SaturnOutlinePage extends ContentOutlinePage {

    private final ITextEditor editor;
    private final Consumer<SpecSnapshot> snapshots = this::snapshotArrived;
    private OutlineImages images;
    private List<Node> shown = List.of();

    public SaturnOutlinePage(ITextEditor editor) {
        this.editor = editor;
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        images = new OutlineImages(parent.getDisplay());
        TreeViewer viewer = getTreeViewer();
        viewer.setContentProvider(new NodeContentProvider());
        viewer.setLabelProvider(new DelegatingStyledCellLabelProvider(new NodeLabels()));
        viewer.setAutoExpandLevel(TreeViewer.ALL_LEVELS);
        IDocument document = document();
        if (document != null) {
            String text = document.get();
            show(SpecOutline.of(SaturnLanguage.parse(text, SaturnReconcilingStrategy.uriOf(document))));
        }
        SpecSnapshot.addListener(snapshots);
    }

    /** The entries the outline shows now (for tests and for whoever wants the structure). */
    public List<Node> entries() {
        return shown;
    }

    /** Public for tests and callers that drive the outline as a user would. */
    @Override
    public TreeViewer getTreeViewer() {
        return super.getTreeViewer();
    }

    private IDocument document() {
        return editor.getDocumentProvider() == null ? null
                : editor.getDocumentProvider().getDocument(editor.getEditorInput());
    }

    private void snapshotArrived(SpecSnapshot snapshot) {
        if (snapshot.document() != document()) {
            return;
        }
        Control control = getControl();
        if (control == null || control.isDisposed()) {
            return;
        }
        control.getDisplay().asyncExec(() -> {
            // a newer edit may have come in meanwhile: show only what matches the text
            IDocument document = document();
            if (document != null && snapshot.text().equals(document.get())) {
                show(snapshot.outline());
            }
        });
    }

    private void show(List<Node> outline) {
        TreeViewer viewer = getTreeViewer();
        if (viewer == null || viewer.getControl().isDisposed() || outline.equals(shown)) {
            return;
        }
        shown = outline;
        viewer.setInput(outline);
        viewer.expandAll();
    }

    @Override
    public void selectionChanged(SelectionChangedEvent event) {
        super.selectionChanged(event);
        if (event.getSelection() instanceof IStructuredSelection selection
                && selection.getFirstElement() instanceof Node node) {
            editor.selectAndReveal(node.selectionOffset(), node.selectionLength());
        }
    }

    @Override
    public void dispose() {
        SpecSnapshot.removeListener(snapshots);
        if (images != null) {
            images.dispose();
        }
        super.dispose();
    }

    private static final class NodeContentProvider implements ITreeContentProvider {

        @Override
        public Object[] getElements(Object input) {
            return input instanceof List<?> list ? list.toArray() : new Object[0];
        }

        @Override
        public Object[] getChildren(Object parent) {
            return parent instanceof Node node ? node.children().toArray() : new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            return null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof Node node && !node.children().isEmpty();
        }
    }

    private final class NodeLabels extends LabelProvider implements IStyledLabelProvider {

        @Override
        public StyledString getStyledText(Object element) {
            if (!(element instanceof Node node)) {
                return new StyledString(String.valueOf(element));
            }
            StyledString text = new StyledString(node.label());
            if (!node.detail().isEmpty()) {
                text.append("  " + node.detail(), StyledString.DECORATIONS_STYLER);
            }
            return text;
        }

        @Override
        public String getText(Object element) {
            return getStyledText(element).getString();
        }

        @Override
        public Image getImage(Object element) {
            return element instanceof Node node && images != null ? images.get(node.kind()) : null;
        }
    }
}
