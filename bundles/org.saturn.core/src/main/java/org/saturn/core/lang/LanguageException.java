package org.saturn.core.lang;

/** A language, rule, generator or prompt set that cannot be used, with a message a researcher understands. */
public class LanguageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LanguageException(String message) {
        super(message);
    }
}
