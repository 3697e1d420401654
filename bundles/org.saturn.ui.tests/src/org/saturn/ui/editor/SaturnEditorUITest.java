package org.saturn.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.Screenshots;
import org.saturn.ui.tests.UiWait;

@ExtendWith(NoErrorsLoggedExtension.class)
class SaturnEditorUITest {

    private static final String SPEC = """
            // aⁿbⁿ
            language AnBn {
              alphabet a b
              rule R1 "#a = #b" : count(a) == count(b)
              rule R2 "a's before b's" : a* b*
            }
            """;

    private IProject project;
    private IFile file;
    private ITextEditor editor;

    @BeforeEach
    void openSpecInEditor() throws CoreException {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("editor-test");
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
        file = project.getFile("anbn.saturn");
        if (file.exists()) {
            file.delete(true, null);
        }
        file.create(new ByteArrayInputStream(SPEC.getBytes(StandardCharsets.UTF_8)), true, null);
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        IEditorPart part = IDE.openEditor(page, file);
        assertTrue(part instanceof ITextEditor, "a text editor opened: " + part);
        editor = (ITextEditor) part;
    }

    @AfterEach
    void close() throws CoreException {
        editor.getSite().getPage().closeAllEditors(false);
        project.delete(true, null);
    }

    private IDocument document() {
        return editor.getDocumentProvider().getDocument(editor.getEditorInput());
    }

    private List<IMarker> errors() {
        try {
            return Arrays.stream(file.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_ZERO))
                    .filter(m -> m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR).toList();
        } catch (CoreException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void typingAnErrorMarksItWithinTwoSecondsAndFixingItClearsTheMarker() throws Exception {
        UiWait.until(() -> false, 500); // let the initial reconcile finish
        assertEquals(List.of(), errors(), "the valid spec has no errors");

        IDocument document = document();
        int at = document.get().indexOf("count(b)") + "count(".length();
        document.replace(at, 1, "c"); // count(c): c is not in the alphabet

        long marked = UiWait.until(() -> !errors().isEmpty(), 2000);
        assertNotEquals(-1, marked, "an error marker within 2 s");
        IMarker marker = errors().get(0);
        assertTrue(marker.getAttribute(IMarker.MESSAGE, "").contains("'c'"), marker.getAttribute(IMarker.MESSAGE, ""));
        assertEquals(4, marker.getAttribute(IMarker.LINE_NUMBER, -1), "on the line of the rule");
        assertEquals(at, marker.getAttribute(IMarker.CHAR_START, -1), "starting at the unknown symbol");
        Screenshots.capture(editor.getSite().getShell(), "editor-error-marker");

        document.replace(at, 1, "b");
        assertNotEquals(-1, UiWait.until(() -> errors().isEmpty(), 2000), "the marker goes away within 2 s");
    }

    @Test
    void contentAssistProposesKeywordsAndSymbolsInScope() {
        IDocument document = document();
        ITextViewer viewer = editor.getAdapter(ITextViewer.class);
        int insideCount = document.get().indexOf("count(a)") + "count(".length();

        List<String> symbols = proposals(viewer, insideCount);
        assertTrue(symbols.containsAll(List.of("a", "b")), "symbols of the alphabet in count(...): " + symbols);

        int beforeSecondRule = document.get().indexOf("  rule R2");
        List<String> keywords = proposals(viewer, beforeSecondRule);
        assertTrue(keywords.contains("rule"), "the 'rule' keyword where a rule may start: " + keywords);
    }

    private static List<String> proposals(ITextViewer viewer, int offset) {
        ICompletionProposal[] proposals = new SaturnContentAssistProcessor().computeCompletionProposals(viewer, offset);
        return Arrays.stream(proposals).map(p -> p.getDisplayString().split(" — ")[0]).toList();
    }
}
