package org.saturn.ui.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.BadPositionCategoryException;
import org.eclipse.jface.text.DefaultPositionUpdater;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextPresentationListener;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.ITextViewerExtension4;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;
import org.eclipse.jface.text.rules.EndOfLineRule;
import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.IWordDetector;
import org.eclipse.jface.text.rules.MultiLineRule;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.SingleLineRule;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.jface.text.rules.WordRule;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.saturn.dsl.ide.highlighting.SaturnSemanticHighlightingCalculator;

/**
 * Colours a .saturn file in two layers. Lexical, at once on every keystroke: keywords (taken from
 * the grammar, so new keywords colour themselves), strings, numbers, comments. Semantic, after each
 * reconcile: names by what they denote (languages, other elements, rules, symbols, variables,
 * parameters, kinds), declarations and cross-references alike, from the .ide module's highlighting
 * calculator. The semantic ranges live as document positions, so they move with the text until
 * the next reconcile replaces them.
 */
public final class SaturnPresentationReconciler extends PresentationReconciler {

    static final RGB KEYWORD_COLOUR = new RGB(127, 0, 85);
    static final RGB NUMBER_COLOUR = new RGB(190, 90, 0);
    static final RGB TYPE_COLOUR = new RGB(0, 112, 150);
    static final RGB RULE_COLOUR = new RGB(180, 20, 60);

    /** Semantic token type (of the .ide calculator) to its look. */
    private static final Map<String, TextAttribute> SEMANTIC_STYLES = Map.of(
            SaturnSemanticHighlightingCalculator.TYPE, attribute(TYPE_COLOUR, SWT.BOLD),
            SaturnSemanticHighlightingCalculator.CLASS, attribute(new RGB(110, 70, 0), SWT.BOLD),
            SaturnSemanticHighlightingCalculator.FUNCTION, attribute(RULE_COLOUR, SWT.BOLD),
            SaturnSemanticHighlightingCalculator.ENUM_MEMBER, attribute(new RGB(0, 120, 0), SWT.NORMAL),
            SaturnSemanticHighlightingCalculator.VARIABLE, attribute(new RGB(120, 60, 160), SWT.ITALIC),
            SaturnSemanticHighlightingCalculator.PROPERTY, attribute(new RGB(0, 100, 130), SWT.NORMAL),
            SaturnSemanticHighlightingCalculator.ENUM, attribute(new RGB(90, 90, 90), SWT.ITALIC));

    private static final String SEMANTIC_CATEGORY = "org.saturn.ui.semanticHighlighting";

    private ITextViewer viewer;
    private final List<StyledPosition> semanticPositions = new ArrayList<>();
    private final Consumer<SpecSnapshot> snapshots = this::snapshotArrived;
    private final ITextPresentationListener semanticLayer = this::mergeSemanticStyles;

    public SaturnPresentationReconciler() {
        IToken keyword = token(KEYWORD_COLOUR, SWT.BOLD);
        WordRule words = new WordRule(new IWordDetector() {
            @Override
            public boolean isWordStart(char c) {
                return Character.isLetter(c) || c == '_';
            }

            @Override
            public boolean isWordPart(char c) {
                return Character.isLetterOrDigit(c) || c == '_';
            }
        }, new Token(null)); // other names are taken whole (the digit of R1 is no number) and left to the semantic layer
        for (String word : SaturnLanguage.keywords()) {
            if (Character.isLetter(word.charAt(0))) {
                words.addWord(word, keyword);
            }
        }
        IToken comment = token(new RGB(63, 127, 95), SWT.NORMAL);
        IToken string = token(new RGB(42, 0, 255), SWT.NORMAL);
        RuleBasedScanner scanner = new RuleBasedScanner();
        scanner.setRules(new IRule[] {
            new EndOfLineRule("//", comment),
            new MultiLineRule("/*", "*/", comment),
            new SingleLineRule("\"", "\"", string, '\\'),
            new SingleLineRule("'", "'", string, '\\'),
            new NumberLiteralRule(token(NUMBER_COLOUR, SWT.NORMAL)),
            words,
        });
        DefaultDamagerRepairer damagerRepairer = new DefaultDamagerRepairer(scanner);
        setDamager(damagerRepairer, IDocument.DEFAULT_CONTENT_TYPE);
        setRepairer(damagerRepairer, IDocument.DEFAULT_CONTENT_TYPE);
    }

    @Override
    public void install(ITextViewer textViewer) {
        super.install(textViewer);
        viewer = textViewer;
        if (textViewer instanceof ITextViewerExtension4 extension) {
            extension.addTextPresentationListener(semanticLayer);
        }
        SpecSnapshot.addListener(snapshots);
    }

    @Override
    public void uninstall() {
        SpecSnapshot.removeListener(snapshots);
        if (viewer instanceof ITextViewerExtension4 extension) {
            extension.removeTextPresentationListener(semanticLayer);
        }
        super.uninstall();
    }

    /** On the reconciler's thread: move to the UI thread, keep the ranges if the text is still the one parsed. */
    private void snapshotArrived(SpecSnapshot snapshot) {
        ITextViewer textViewer = viewer;
        StyledText widget = textViewer == null ? null : textViewer.getTextWidget();
        if (widget == null || widget.isDisposed() || textViewer.getDocument() != snapshot.document()) {
            return;
        }
        widget.getDisplay().asyncExec(() -> {
            IDocument document = textViewer.getDocument();
            if (widget.isDisposed() || document != snapshot.document() || !snapshot.text().equals(document.get())) {
                return;
            }
            replaceSemanticPositions(document, snapshot.highlights());
            textViewer.invalidateTextPresentation();
        });
    }

    private void replaceSemanticPositions(IDocument document, List<SpecSnapshot.Highlight> highlights) {
        if (!document.containsPositionCategory(SEMANTIC_CATEGORY)) {
            document.addPositionCategory(SEMANTIC_CATEGORY);
            document.addPositionUpdater(new DefaultPositionUpdater(SEMANTIC_CATEGORY));
            semanticPositions.clear();
        }
        try {
            for (StyledPosition position : semanticPositions) {
                document.removePosition(SEMANTIC_CATEGORY, position);
            }
            semanticPositions.clear();
            for (SpecSnapshot.Highlight highlight : highlights) {
                TextAttribute style = SEMANTIC_STYLES.get(highlight.style());
                if (style != null && highlight.length() > 0) {
                    StyledPosition position = new StyledPosition(highlight.offset(), highlight.length(), style);
                    document.addPosition(SEMANTIC_CATEGORY, position);
                    semanticPositions.add(position);
                }
            }
        } catch (BadLocationException | BadPositionCategoryException e) {
            // the text changed under us: the next reconcile brings fresh ranges
            semanticPositions.clear();
        }
    }

    /** Lays the semantic ranges over whatever presentation the lexical layer just made (model coordinates). */
    private void mergeSemanticStyles(TextPresentation presentation) {
        IRegion extent = presentation.getExtent();
        int extentEnd = extent.getOffset() + extent.getLength();
        for (StyledPosition position : semanticPositions) {
            int start = Math.max(position.getOffset(), extent.getOffset());
            int end = Math.min(position.getOffset() + position.getLength(), extentEnd);
            if (position.isDeleted() || end <= start) {
                continue;
            }
            TextAttribute style = position.style;
            presentation.mergeStyleRange(new StyleRange(start, end - start, style.getForeground(), null,
                    style.getStyle()));
        }
    }

    private static IToken token(RGB rgb, int style) {
        return new Token(attribute(rgb, style));
    }

    private static TextAttribute attribute(RGB rgb, int style) {
        return new TextAttribute(new Color(rgb), null, style);
    }

    private static final class StyledPosition extends Position {
        private final TextAttribute style;

        StyledPosition(int offset, int length, TextAttribute style) {
            super(offset, length);
            this.style = style;
        }
    }
}
