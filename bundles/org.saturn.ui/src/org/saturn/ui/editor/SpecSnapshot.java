package org.saturn.ui.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.jface.text.IDocument;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * What one reconcile learnt about a document, as plain values: the outline and the semantic
 * colouring of the text it parsed. The reconciling strategy publishes one after each parse, so the
 * outline and the colouring follow typing without parsing again.
 */
public record SpecSnapshot(IDocument document, String text, List<SpecOutline.Node> outline,
        List<Highlight> highlights) {

    /** A range coloured by what it denotes; {@code style} is a semantic token type of the .ide module. */
    public record Highlight(int offset, int length, String style) {
    }

    private static final List<Consumer<SpecSnapshot>> LISTENERS = new CopyOnWriteArrayList<>();

    public static SpecSnapshot of(IDocument document, String text, XtextResource resource, CancelIndicator cancel) {
        List<Highlight> highlights = new ArrayList<>();
        SaturnLanguage.injector().getInstance(ISemanticHighlightingCalculator.class).provideHighlightingFor(resource,
                (offset, length, ids) -> {
                    if (ids.length > 0) {
                        highlights.add(new Highlight(offset, length, ids[ids.length - 1]));
                    }
                }, cancel);
        return new SpecSnapshot(document, text, SpecOutline.of(resource), List.copyOf(highlights));
    }

    /** Listeners are called on the reconciler's thread; each checks the document is its own. */
    public static void addListener(Consumer<SpecSnapshot> listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Consumer<SpecSnapshot> listener) {
        LISTENERS.remove(listener);
    }

    static void publish(SpecSnapshot snapshot) {
        for (Consumer<SpecSnapshot> listener : LISTENERS) {
            listener.accept(snapshot);
        }
    }
}
