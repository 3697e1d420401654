package org.saturn.ui.tests;

import java.io.File;

import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;

/** Screenshots of one view maximized, so its columns are readable, then restored. */
public final class ViewShots {

    private ViewShots() {
    }

    public static File captureMaximized(IViewPart view, String name) {
        return captureMaximized(view, name, 300);
    }

    /** Waits {@code settleMillis} for views that fill themselves asynchronously (Debug, Progress). */
    public static File captureMaximized(IViewPart view, String name, long settleMillis) {
        IWorkbenchPage page = view.getSite().getPage();
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        try {
            page.activate(view); // in front of a console that pops up on output
            UiWait.until(() -> false, settleMillis); // let the layout settle and paint
            return Screenshots.capture(page.getWorkbenchWindow().getShell(), name);
        } finally {
            page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
        }
    }
}
