package org.saturn.engine.cli;

import org.saturn.dsl.compiler.SpecChecker;

/** The spec language inside the CLI: one checker per JVM, Xtext's logging kept off the terminal. */
final class SpecSupport {

    private static SpecChecker checker;

    private SpecSupport() {
    }

    static synchronized SpecChecker checker() {
        if (checker == null) {
            checker = new SpecChecker();
            // after Xtext's set-up, which configures log4j itself
            org.apache.log4j.Logger.getRootLogger().setLevel(org.apache.log4j.Level.OFF);
        }
        return checker;
    }
}
