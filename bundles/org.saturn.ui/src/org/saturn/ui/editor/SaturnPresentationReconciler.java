package org.saturn.ui.editor;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;
import org.eclipse.jface.text.rules.EndOfLineRule;
import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.IWordDetector;
import org.eclipse.jface.text.rules.MultiLineRule;
import org.eclipse.jface.text.rules.NumberRule;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.SingleLineRule;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.jface.text.rules.WordRule;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Color;

/** Colours keywords (taken from the grammar, so new keywords colour themselves), strings, numbers, comments. */
public final class SaturnPresentationReconciler extends PresentationReconciler {

    public SaturnPresentationReconciler() {
        IToken keyword = token(new RGB(127, 0, 85), SWT.BOLD);
        WordRule words = new WordRule(new IWordDetector() {
            @Override
            public boolean isWordStart(char c) {
                return Character.isLetter(c) || c == '_';
            }

            @Override
            public boolean isWordPart(char c) {
                return Character.isLetterOrDigit(c) || c == '_';
            }
        }, Token.UNDEFINED);
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
            new NumberRule(token(new RGB(0, 0, 192), SWT.NORMAL)),
            words,
        });
        DefaultDamagerRepairer damagerRepairer = new DefaultDamagerRepairer(scanner);
        setDamager(damagerRepairer, IDocument.DEFAULT_CONTENT_TYPE);
        setRepairer(damagerRepairer, IDocument.DEFAULT_CONTENT_TYPE);
    }

    private static IToken token(RGB rgb, int style) {
        return new Token(new TextAttribute(new Color(rgb), null, style));
    }
}
