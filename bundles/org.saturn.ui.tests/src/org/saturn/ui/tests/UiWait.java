package org.saturn.ui.tests;

import java.util.function.BooleanSupplier;

import org.eclipse.swt.widgets.Display;

/** Waits for the workbench while keeping the UI thread dispatching (reconcilers post back to it). */
public final class UiWait {

    private UiWait() {
    }

    /** Returns the milliseconds it took, or -1 when {@code condition} did not hold within the timeout. */
    public static long until(BooleanSupplier condition, long timeoutMillis) {
        Display display = Display.getCurrent();
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start < timeoutMillis) {
            if (condition.getAsBoolean()) {
                return System.currentTimeMillis() - start;
            }
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
        }
        return condition.getAsBoolean() ? System.currentTimeMillis() - start : -1;
    }
}
