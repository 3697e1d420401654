package org.saturn.ui.editor;

import org.eclipse.jface.text.rules.ICharacterScanner;
import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.Token;

/**
 * Numbers as the grammar writes them: {@code 5}, {@code 0.1}, {@code 2e-3}, {@code 1.5e-4}, but
 * {@code 1..32} is two numbers around a range (the platform's NumberRule stops at the 'e').
 */
final class NumberLiteralRule implements IRule {

    private final IToken token;

    NumberLiteralRule(IToken token) {
        this.token = token;
    }

    @Override
    public IToken evaluate(ICharacterScanner scanner) {
        // digits inside names (R1) never get here: the word rule takes the whole name first
        if (digits(scanner) == 0) {
            return Token.UNDEFINED;
        }
        int c = scanner.read();
        if (c == '.') {
            if (digits(scanner) == 0) {
                scanner.unread(); // the '.' of a range
                return token;
            }
            c = scanner.read();
        }
        if (c == 'e' || c == 'E') {
            int read = 1;
            int sign = scanner.read();
            if (sign == '+' || sign == '-') {
                read++;
            } else {
                scanner.unread();
            }
            if (digits(scanner) == 0) {
                for (int i = 0; i < read; i++) {
                    scanner.unread();
                }
            }
            return token;
        }
        scanner.unread();
        return token;
    }

    private static int digits(ICharacterScanner scanner) {
        int count = 0;
        int c = scanner.read();
        while (c != ICharacterScanner.EOF && Character.isDigit(c)) {
            count++;
            c = scanner.read();
        }
        scanner.unread();
        return count;
    }
}
