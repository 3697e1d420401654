package org.saturn.ui.charts;

import java.text.FieldPosition;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Range;

/**
 * In-context learning (case study 2): query accuracy against the number of solved examples k in
 * the prompt, one line per group (mean over seeds, ±std band), chance levels dashed grey.
 */
public class InContextChart extends SaturnChart {

    public InContextChart(Composite parent) {
        super(parent, "ICL accuracy against in-context examples k", "in-context examples k", "ICL accuracy");
        setTitles(getTitle().getText(), "ICL accuracy against k", "ICL vs k");
        xAxis().getTick().setFormat(new WholeNumbers());
        yFormat(new TickFormat("0.0"));
        yAxis().setRange(new Range(-0.02, 1.02));
    }

    /** Whole k with a margin, so the points at k = 0 and at the largest k are not cut in half. */
    public void showExamples(int largest) {
        xAxis().setRange(new Range(-0.25, Math.max(1, largest) + 0.25));
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
