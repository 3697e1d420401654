package org.saturn.ui.charts;

import java.text.FieldPosition;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.IAxisTick;
import org.eclipse.swtchart.Range;

/**
 * In-context learning (case study 2): query accuracy against the number of solved examples k in
 * the prompt, one line per group (mean over seeds, ±std band), chance levels dashed grey.
 */
public class InContextChart extends SaturnChart {

    private int largest = 1;

    public InContextChart(Composite parent) {
        super(parent, "ICL accuracy against in-context examples k", "in-context examples k", "ICL accuracy");
        setTitles(fullTitle(), "ICL accuracy against k", "ICL vs k");
        xAxis().getTick().setFormat(new WholeNumbers());
        yFormat(new TickFormat("0.0"));
        yAxis().setRange(new Range(-0.02, 1.02));
        getPlotArea().getControl().addListener(SWT.Resize, e -> tickPerExample());
    }

    /**
     * Whole k with half a step of margin, so the points at k = 0 and at the largest k are not cut
     * in half; a tick per k (the tick hint is a step's width in pixels), kept on resize.
     */
    public void showExamples(int largest) {
        this.largest = Math.max(1, largest);
        xAxis().setRange(new Range(-0.5, this.largest + 0.5));
        tickPerExample();
    }

    private void tickPerExample() {
        int width = getPlotArea().getControl().getSize().x;
        if (width > 0) {
            int perExample = width / (largest + 1);
            int hint = Math.max((int) IAxisTick.MIN_GRID_STEP_HINT, perExample - 2);
            if (hint != xAxis().getTick().getTickMarkStepHint()) { // a change lays the chart out again
                xAxis().getTick().setTickMarkStepHint(hint);
            }
        }
    }

    /** k is a count: ticks between two whole numbers keep their grid line but get no label. */
    private static final class WholeNumbers extends TickFormat {

        private static final long serialVersionUID = 1L;

        WholeNumbers() {
            super("0");
        }

        @Override
        public StringBuffer format(double number, StringBuffer result, FieldPosition position) {
            return Math.abs(number - Math.rint(number)) < 1e-6 ? super.format(number, result, position) : result;
        }
    }
}
