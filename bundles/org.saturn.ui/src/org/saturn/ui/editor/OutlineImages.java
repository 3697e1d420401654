package org.saturn.ui.editor;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Display;
import org.saturn.ui.editor.SpecOutline.Kind;

/**
 * Outline icons drawn at run time: a coloured badge with the kind's initial, in the colours the
 * editor gives those names, so the outline and the text read alike. Owned by one outline page.
 */
final class OutlineImages {

    private final Map<Kind, Image> images = new EnumMap<>(Kind.class);

    OutlineImages(Display display) {
        for (Kind kind : Kind.values()) {
            images.put(kind, draw(display, kind));
        }
    }

    Image get(Kind kind) {
        return images.get(kind);
    }

    void dispose() {
        images.values().forEach(Image::dispose);
        images.clear();
    }

    private static Image draw(Display display, Kind kind) {
        RGB colour = switch (kind) {
            case IMPORT -> new RGB(120, 120, 120);
            case LANGUAGE, MIXTURE -> SaturnPresentationReconciler.TYPE_COLOUR;
            case RULE -> SaturnPresentationReconciler.RULE_COLOUR;
            case TASK -> new RGB(70, 130, 180);
            case PROMPTS -> new RGB(176, 96, 0);
            case MODEL -> new RGB(0, 110, 0);
            case PROTOCOL -> new RGB(128, 0, 128);
            case FINETUNING -> new RGB(160, 60, 100);
            case STUDY -> new RGB(180, 30, 30);
        };
        String letter = switch (kind) {
            case IMPORT -> "I";
            case LANGUAGE -> "L";
            case MIXTURE -> "X";
            case RULE -> "R";
            case TASK -> "T";
            case PROMPTS -> "P";
            case MODEL -> "M";
            case PROTOCOL -> "C";
            case FINETUNING -> "F";
            case STUDY -> "S";
        };
        Image image = new Image(display, 16, 16);
        GC gc = new GC(image);
        Font font = null;
        try {
            gc.setAntialias(SWT.ON);
            gc.setTextAntialias(SWT.ON);
            gc.setBackground(display.getSystemColor(SWT.COLOR_LIST_BACKGROUND));
            gc.fillRectangle(0, 0, 16, 16);
            gc.setBackground(new Color(colour));
            gc.fillRoundRectangle(0, 0, 16, 16, 6, 6);
            FontData data = display.getSystemFont().getFontData()[0];
            font = new Font(display, data.getName(), 8, SWT.BOLD);
            gc.setFont(font);
            gc.setForeground(display.getSystemColor(SWT.COLOR_WHITE));
            Point extent = gc.textExtent(letter);
            gc.drawText(letter, (16 - extent.x) / 2, (16 - extent.y) / 2, true);
        } finally {
            gc.dispose();
            if (font != null) {
                font.dispose();
            }
        }
        return image;
    }
}
