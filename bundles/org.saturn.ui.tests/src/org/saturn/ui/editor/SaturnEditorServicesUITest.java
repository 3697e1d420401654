package org.saturn.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.action.IStatusLineManager;
import org.eclipse.jface.action.StatusLineManager;
import org.eclipse.jface.action.SubStatusLineManager;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IInformationControl;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.ITextViewerExtension5;
import org.eclipse.jface.text.ITextViewerExtension6;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.Screenshots;
import org.saturn.ui.tests.UiWait;

/** Outline, hover, Format, semantic colouring and model-parameter completion in a real open editor. */
@ExtendWith(NoErrorsLoggedExtension.class)
class SaturnEditorServicesUITest {

    private static final String SPEC = """
            language AnBn {
              alphabet a b
              rule R1 "#a = #b" : count(a) == count(b)
              rule R2 "a's before b's" : a* b*
              rule Both : rule R1 and rule R2
              generate a^n b^n with n in 1..8
            }

            prompts AnBnPrompts for AnBn {
              all words of length 8 over a b
            }

            model Tf transformer { layers 2 dModel 32 heads 4 ff 64 }

            protocol Quick {
              optimizer adamw lr 2e-3
              batch 32
              steps 100
              evaluate every 10 steps
            }

            study Demo on AnBn with AnBnPrompts using Quick {
              models Tf
              regimes maxLikelihood
              seeds 1..2
              metric accuracy of R1 on ood summary max maximize
            }
            """;

    /** The DSL tests' messy-layout spec and its canonical layout. */
    private static final String MESSY = """
            language   L{alphabet a b maxLength 8
            rule R1:count( a )==count( b )    rule R2 : a *b*
            generate a ^ n b ^n with n in 1 .. 4}
            prompts P for L{all words of length 4 over a b}
            model M lstm{hidden 8}   protocol Pr{steps 100
            evaluate every 10 steps optimizer adamw betas 0.9 ,0.98}
            study S on L with P using Pr{models M seeds 1..2 metric testLoss summary min}
            """;

    private static final String FORMATTED = """
            language L {
              alphabet a b
              maxLength 8
              rule R1 : count(a) == count(b)
              rule R2 : a* b*
              generate a^n b^n with n in 1..4
            }

            prompts P for L {
              all words of length 4 over a b
            }

            model M lstm { hidden 8 }

            protocol Pr {
              steps 100
              evaluate every 10 steps
              optimizer adamw betas 0.9, 0.98
            }

            study S on L with P using Pr {
              models M
              seeds 1..2
              metric testLoss summary min
            }
            """;

    private IProject project;
    private ITextEditor editor;
    private final List<SpecSnapshot> snapshots = new ArrayList<>();
    private final Consumer<SpecSnapshot> recorder = snapshot -> {
        synchronized (snapshots) {
            snapshots.add(snapshot);
        }
    };

    @BeforeEach
    void createProject() throws CoreException {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("editor-services-test");
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
        SpecSnapshot.addListener(recorder);
    }

    @AfterEach
    void close() throws CoreException {
        SpecSnapshot.removeListener(recorder);
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
        project.delete(true, null);
    }

    private ITextEditor open(String name, String text) throws CoreException {
        IFile file = project.getFile(name);
        file.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
        editor = (ITextEditor) IDE.openEditor(page(), file);
        return editor;
    }

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    private IDocument document() {
        return editor.getDocumentProvider().getDocument(editor.getEditorInput());
    }

    private ITextViewer viewer() {
        return editor.getAdapter(ITextViewer.class);
    }

    /** Waits until the reconciler has published a snapshot of the document's current text. */
    private void awaitReconcile() {
        long took = UiWait.until(() -> {
            synchronized (snapshots) {
                return snapshots.stream().anyMatch(s -> s.document() == document() && s.text().equals(document().get()));
            }
        }, 3000);
        assertNotEquals(-1, took, "the reconciler published a snapshot of the current text");
        UiWait.until(() -> false, 100); // let the posted UI updates run
    }

    private ContentOutline showOutline() throws Exception {
        ContentOutline outline = (ContentOutline) page().showView(IPageLayout.ID_OUTLINE);
        page().activate(editor);
        UiWait.until(() -> outline.getCurrentPage() instanceof SaturnOutlinePage, 2000);
        return outline;
    }

    private static List<String> labels(TreeItem[] items) {
        List<String> labels = new ArrayList<>();
        for (TreeItem item : items) {
            labels.add(item.getText());
            labels.addAll(labels(item.getItems()).stream().map(child -> "  " + child).toList());
        }
        return labels;
    }

    @Test
    void theOutlineViewListsTheSpecsElementsFollowsTypingAndSelectsOnClick() throws Exception {
        open("outline.saturn", "import \"stdlib.saturn\"\n\n" + SPEC);
        ContentOutline outline = showOutline();
        assertTrue(outline.getCurrentPage() instanceof SaturnOutlinePage, "Saturn's page in the Outline view: "
                + outline.getCurrentPage());
        SaturnOutlinePage outlinePage = (SaturnOutlinePage) outline.getCurrentPage();
        var tree = outlinePage.getTreeViewer().getTree();

        assertEquals(List.of("\"stdlib.saturn\"", "AnBn  language", "  R1  \"#a = #b\"", "  R2  \"a's before b's\"",
                "  Both", "AnBnPrompts  prompts for AnBn", "Tf  model transformer", "Quick  protocol",
                "Demo  study on AnBn"), labels(tree.getItems()));
        for (TreeItem item : tree.getItems()) {
            assertNotNull(item.getImage(), "an icon for " + item.getText());
        }
        Screenshots.capture(editor.getSite().getShell(), "editor-outline");

        IDocument document = document();
        document.replace(document.get().indexOf("protocol Quick"), 0, "model Lstm lstm { hidden 16 }\n\n");
        long updated = UiWait.until(() -> labels(tree.getItems()).contains("Lstm  model lstm"), 3000);
        assertNotEquals(-1, updated, "the new model appears in the outline: " + labels(tree.getItems()));
        assertEquals(7, tree.getItemCount(), "one more top-level entry");

        TreeItem rule = tree.getItems()[1].getItems()[1];
        assertEquals("R2  \"a's before b's\"", rule.getText());
        outlinePage.getTreeViewer().setSelection(new StructuredSelection(rule.getData()), true);
        ITextSelection selection = (ITextSelection) editor.getSelectionProvider().getSelection();
        assertEquals("R2", selection.getText(), "clicking a rule selects its name in the text");
        assertEquals(document.get().indexOf("R2 \""), selection.getOffset());
    }

    @Test
    void hoverDocumentsKeywordsParametersAndWhatANameRefersTo() throws Exception {
        open("hover.saturn", SPEC);
        ITextViewer viewer = viewer();
        String text = document().get();

        String keyword = hover(viewer, text.indexOf("alphabet") + 2);
        assertTrue(keyword.startsWith("<b>alphabet</b>"), keyword);

        String parameter = hover(viewer, text.indexOf("dModel") + 1);
        assertTrue(parameter.startsWith("<b>dModel</b>") && parameter.contains("Default"), parameter);

        String rule = hover(viewer, text.indexOf("rule R1 and") + "rule R".length());
        assertTrue(rule.contains("<b>rule R1</b> \"#a = #b\"") && rule.contains("count(a) == count(b)"), rule);

        String model = hover(viewer, text.indexOf("models Tf") + "models T".length());
        assertTrue(model.contains("<b>model Tf</b> (transformer)") && model.contains("layers = 2")
                && model.contains("heads = 4"), model);

        assertEquals(null, hover(viewer, text.indexOf("\n\nprompts") + 1), "nothing to say about a blank line");

        // show it the way the editor does, for the screenshot
        SaturnTextHover hover = new SaturnTextHover();
        Shell shell = editor.getSite().getShell();
        IInformationControl control = hover.getHoverControlCreator().createInformationControl(shell);
        try {
            control.setSizeConstraints(640, 400); // pixels, about what the editor allows a hover
            control.setInformation(model);
            Point size = control.computeSizeHint();
            control.setSize(size.x, size.y);
            StyledText widget = viewer.getTextWidget();
            int at = text.indexOf("models Tf") + "models ".length();
            Point location = widget.toDisplay(widget.getLocationAtOffset(at));
            control.setLocation(new Point(location.x, location.y + widget.getLineHeight()));
            control.setVisible(true);
            Screenshots.capture(shell, "editor-hover");
        } finally {
            control.dispose();
        }
    }

    private static String hover(ITextViewer viewer, int offset) {
        SaturnTextHover hover = new SaturnTextHover();
        IRegion region = hover.getHoverRegion(viewer, offset);
        return hover.getHoverInfo(viewer, region);
    }

    @Test
    void formatLaysOutTheSpecAsOneUndoableEditAndIsStable() throws Exception {
        open("messy.saturn", MESSY);
        execute(FormatSpecHandler.COMMAND_ID);
        assertEquals(FORMATTED, document().get());
        Screenshots.capture(editor.getSite().getShell(), "editor-formatted");

        execute(FormatSpecHandler.COMMAND_ID);
        assertEquals(FORMATTED, document().get(), "formatting twice changes nothing");

        ((ITextViewerExtension6) viewer()).getUndoManager().undo();
        assertEquals(MESSY, document().get(), "one Undo takes the whole format back");
    }

    @Test
    void formatLeavesASpecWithSyntaxErrorsUntouchedAndSaysWhy() throws Exception {
        String broken = "language L {\n   alphabet a b\n      rule R1 : count( \n}\n";
        open("broken.saturn", broken);
        execute(FormatSpecHandler.COMMAND_ID);
        assertEquals(broken, document().get(), "not a character changed");
        IStatusLineManager status = editor.getEditorSite().getActionBars().getStatusLineManager();
        List<String> shown = labelsIn((Composite) rootOf(status).getControl());
        assertTrue(shown.stream().anyMatch(t -> t.startsWith("Not formatted: the spec has syntax errors (line ")),
                "status line: " + shown);
    }

    private static StatusLineManager rootOf(IStatusLineManager status) {
        IStatusLineManager manager = status;
        while (manager instanceof SubStatusLineManager sub) {
            manager = (IStatusLineManager) sub.getParent();
        }
        return (StatusLineManager) manager;
    }

    private static List<String> labelsIn(Composite composite) {
        List<String> texts = new ArrayList<>();
        for (Control child : composite.getChildren()) {
            if (child instanceof CLabel label && label.getText() != null) {
                texts.add(label.getText());
            }
            if (child instanceof Composite nested) {
                texts.addAll(labelsIn(nested));
            }
        }
        return texts;
    }

    private void execute(String command) throws Exception {
        page().activate(editor);
        editor.getSite().getService(IHandlerService.class).executeCommand(command, null);
    }

    @Test
    void namesAreColouredByWhatTheyDenoteKeywordsAndNumbersApart() throws Exception {
        open("colours.saturn", SPEC);
        awaitReconcile();
        String text = document().get();
        assertEquals(new RGB(110, 70, 0), colourAt(text.indexOf("models Tf") + "models ".length()),
                "a model reference has the colour of elements");
        assertEquals(SaturnPresentationReconciler.RULE_COLOUR, colourAt(text.indexOf("rule R1 and") + "rule ".length()),
                "a rule reference has the rule colour");
        assertEquals(SaturnPresentationReconciler.TYPE_COLOUR, colourAt(text.indexOf("on AnBn ") + "on ".length()),
                "a language reference has the language colour");
        assertEquals(SaturnPresentationReconciler.KEYWORD_COLOUR, colourAt(text.indexOf("study")));
        assertNotEquals(SaturnPresentationReconciler.NUMBER_COLOUR, colourAt(text.indexOf("R1 \"") + 1),
                "the digit of a name is no number");
        assertEquals(SaturnPresentationReconciler.NUMBER_COLOUR, colourAt(text.indexOf("layers 2") + "layers ".length()));
        int range = text.indexOf("1..8");
        assertEquals(SaturnPresentationReconciler.NUMBER_COLOUR, colourAt(range + 3), "both ends of a range");
        assertNotEquals(SaturnPresentationReconciler.NUMBER_COLOUR, colourAt(range + 1), "not its dots");

        assertEquals(SaturnPresentationReconciler.NUMBER_COLOUR, colourAt(text.indexOf("2e-3") + 3),
                "an exponent belongs to its number");

        // typing moves the coloured ranges with the text, and the next reconcile keeps them right
        document().replace(0, 0, "// moved down a line\n");
        awaitReconcile();
        String moved = document().get();
        assertEquals(SaturnPresentationReconciler.RULE_COLOUR,
                colourAt(moved.indexOf("rule R1 and") + "rule ".length()));
        Screenshots.capture(editor.getSite().getShell(), "editor-colouring");
    }

    private RGB colourAt(int modelOffset) {
        ITextViewer viewer = viewer();
        int widgetOffset = viewer instanceof ITextViewerExtension5 extension
                ? extension.modelOffset2WidgetOffset(modelOffset) : modelOffset;
        StyleRange range = viewer.getTextWidget().getStyleRangeAtOffset(widgetOffset);
        return range == null || range.foreground == null ? null : range.foreground.getRGB();
    }

    @Test
    void contentAssistInAModelProposesTheParametersOfItsKind() throws Exception {
        open("assist.saturn", SPEC);
        int inModel = document().get().indexOf("dModel 32");
        ICompletionProposal[] proposals = new SaturnContentAssistProcessor().computeCompletionProposals(viewer(),
                inModel);
        List<String> names = Arrays.stream(proposals).map(p -> p.getDisplayString().split(" — ")[0]).toList();
        assertTrue(names.containsAll(List.of("dropout", "norm", "positions")),
                "transformer parameters not yet written proposed: " + names);
        assertTrue(names.stream().noneMatch(List.of("layers", "heads", "ff")::contains),
                "parameters already written are not proposed again: " + names);
    }
}
