package org.saturn.ui.editor;

import java.util.List;
import java.util.Optional;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.action.IStatusLineManager;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRewriteTarget;
import org.eclipse.text.edits.MalformedTreeException;
import org.eclipse.text.edits.MultiTextEdit;
import org.eclipse.text.edits.ReplaceEdit;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Format (Ctrl+Shift+F) in a .saturn editor: the language's own formatter, applied as one edit
 * that one Undo takes back. A spec with syntax errors is left as it is, and the status line says
 * why.
 */
public final class FormatSpecHandler extends AbstractHandler {

    /** The command (plugin.xml). */
    public static final String COMMAND_ID = "org.saturn.ui.editor.format";

    @Override
    public Object execute(ExecutionEvent event) {
        IEditorPart part = HandlerUtil.getActiveEditor(event);
        ITextEditor editor = part == null ? null : part.getAdapter(ITextEditor.class);
        if (editor == null || !SaturnOutlineAdapterFactory.isSpec(editor.getEditorInput())) {
            return null;
        }
        IStatusLineManager status = editor.getEditorSite().getActionBars().getStatusLineManager();
        status.setErrorMessage(null);
        status.setMessage(null);
        String problem = format(editor);
        if (problem != null) {
            status.setErrorMessage(problem);
        }
        return null;
    }

    /** Formats the editor's document; returns why it did not, or null. */
    public static String format(ITextEditor editor) {
        IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
        XtextResource resource = SaturnLanguage.parse(document.get(), SaturnReconcilingStrategy.uriOf(document));
        Optional<List<SaturnLanguage.Replacement>> replacements = SaturnLanguage.format(resource);
        if (replacements.isEmpty()) {
            return "Not formatted: the spec has syntax errors" + firstSyntaxError(resource);
        }
        MultiTextEdit edit = new MultiTextEdit();
        for (SaturnLanguage.Replacement replacement : replacements.get()) {
            edit.addChild(new ReplaceEdit(replacement.offset(), replacement.length(), replacement.text()));
        }
        IRewriteTarget rewrite = editor.getAdapter(IRewriteTarget.class);
        if (rewrite != null) {
            rewrite.beginCompoundChange();
        }
        try {
            edit.apply(document);
        } catch (MalformedTreeException | BadLocationException e) {
            return "Not formatted: the formatter's changes overlap (" + e.getMessage() + ")";
        } finally {
            if (rewrite != null) {
                rewrite.endCompoundChange();
            }
        }
        return null;
    }

    private static String firstSyntaxError(XtextResource resource) {
        for (INode node : resource.getParseResult().getSyntaxErrors()) {
            if (node.getSyntaxErrorMessage() != null) {
                return " (line " + node.getStartLine() + ": " + node.getSyntaxErrorMessage().getMessage() + ")";
            }
        }
        return resource.getErrors().isEmpty() || !(resource.getErrors().get(0) instanceof Diagnostic d) ? ""
                : " (line " + d.getLine() + ": " + d.getMessage() + ")";
    }
}
