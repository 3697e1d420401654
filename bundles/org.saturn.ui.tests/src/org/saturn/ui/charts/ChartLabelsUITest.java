package org.saturn.ui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.UiWait;

/** Chart text that never collides or cuts: labels, titles; and group colours by identity. */
@ExtendWith(NoErrorsLoggedExtension.class)
class ChartLabelsUITest {

    @Test
    void labelsAtTheSamePlaceAreMovedApartLineByLine() {
        List<Rectangle> drawn = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            drawn.add(Overlay.free(new Rectangle(100, 50, 80, 12), drawn));
        }
        for (int i = 0; i < drawn.size(); i++) {
            for (int j = i + 1; j < drawn.size(); j++) {
                assertFalse(drawn.get(i).intersects(drawn.get(j)), drawn.get(i) + " and " + drawn.get(j));
            }
        }
        assertEquals(new Rectangle(100, 50, 80, 12), drawn.get(0), "the first keeps its place");
        assertEquals(new Rectangle(300, 50, 80, 12), Overlay.free(new Rectangle(300, 50, 80, 12), drawn),
                "a label clear of the others stays where it is");
    }

    @Test
    void aTitleTooLongForItsChartIsShortenedNotCut() {
        Shell shell = new Shell(Display.getCurrent());
        shell.setLayout(new FillLayout());
        try {
            LossChart chart = new LossChart(shell);
            shell.setSize(1200, 400);
            shell.open();
            UiWait.until(() -> false, 200);
            assertEquals("Loss against the exact optimal loss (solid: test, dashed: train)", chart.getTitle().getText());
            shell.setSize(260, 400);
            UiWait.until(() -> false, 200);
            String narrow = chart.getTitle().getText();
            assertNotEquals("Loss against the exact optimal loss (solid: test, dashed: train)", narrow);
            assertTrue(narrow.startsWith("Loss"), "the beginning stays: " + narrow);
            shell.setSize(1200, 400);
            UiWait.until(() -> false, 300);
            chart.redraw();
            UiWait.until(() -> false, 300);
            assertEquals("Loss against the exact optimal loss (solid: test, dashed: train)", chart.getTitle().getText(),
                    "wide again: the whole title again");
        } finally {
            shell.dispose();
        }
    }

    @Test
    void aGroupKeepsItsColourWhateverOrderItIsFirstShownIn() {
        int first = ChartColours.groupIndex("ColourStudy", "B");
        int second = ChartColours.groupIndex("ColourStudy", "A");
        assertNotEquals(first, second);
        assertEquals(second, ChartColours.groupIndex("ColourStudy", "A"));
        assertEquals(first, ChartColours.groupIndex("ColourStudy", "B"));
        assertNotEquals(first, ChartColours.groupIndex("OtherStudy", "B"), "a group is known by its study too");
    }
}
