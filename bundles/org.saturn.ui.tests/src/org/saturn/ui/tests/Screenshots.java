package org.saturn.ui.tests;

import java.io.File;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/** Saves what a person would see into target/screenshots/, so a reviewer can look at it. */
public final class Screenshots {

    private Screenshots() {
    }

    /** Captures the shell's area of the screen as a PNG; returns the file written. */
    public static File capture(Shell shell, String name) {
        Display display = shell.getDisplay();
        while (display.readAndDispatch()) {
            // paint everything pending before the capture
        }
        Rectangle bounds = shell.getBounds();
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            File directory = new File(System.getProperty("saturn.screenshots", "target/screenshots"));
            directory.mkdirs();
            File file = new File(directory, name + ".png");
            loader.save(file.getPath(), SWT.IMAGE_PNG);
            return file;
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
