package org.saturn.dsl.compiler;

/** One problem in a spec file, positioned for a researcher (1-based line and column). */
public record SpecDiagnostic(String path, int line, int column, int offset, int length, Severity severity,
        String message) {

    public enum Severity {
        ERROR, WARNING, INFO;

        public String label() {
            return name().toLowerCase();
        }
    }

    /** {@code path:line:col: error: message}, the format compilers and editors understand. */
    @Override
    public String toString() {
        return path + ":" + line + ":" + column + ": " + severity.label() + ": " + message;
    }
}
