package org.saturn.ui.tests;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails any test during which something wrote an error to the Eclipse log: a workbench that
 * "works" while logging exceptions is broken.
 */
public final class NoErrorsLoggedExtension implements BeforeEachCallback, AfterEachCallback {

    private final List<IStatus> errors = new CopyOnWriteArrayList<>();
    private final ILogListener listener = (status, plugin) -> {
        if (status.matches(IStatus.ERROR)) {
            errors.add(status);
        }
    };

    @Override
    public void beforeEach(ExtensionContext context) {
        errors.clear();
        Platform.addLogListener(listener);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Platform.removeLogListener(listener);
        if (!errors.isEmpty()) {
            throw new AssertionError("errors written to the Eclipse log:\n" + errors.stream()
                    .map(s -> s.getPlugin() + ": " + s.getMessage()
                            + (s.getException() != null ? " (" + s.getException() + ")" : ""))
                    .collect(Collectors.joining("\n")));
        }
    }
}
