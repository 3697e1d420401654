package org.saturn.core.store;

/** A run store problem worded for the researcher (missing store, locked run, unreadable record). */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
