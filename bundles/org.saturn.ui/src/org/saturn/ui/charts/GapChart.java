package org.saturn.ui.charts;


import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Range;

/**
 * The test-loss gap to the optimum on a log axis, where saturation shows as a curve flattening
 * near the bottom; points at or below the optimum cannot be drawn on it and are left out.
 */
public class GapChart extends SaturnChart {

    public GapChart(Composite parent) {
        super(parent, "Gap to the optimal loss (log scale)", "training step", "test-loss gap (%, log)");
        setYTitles("test-loss gap (%, log)", "gap (%, log)", "gap, log");
        setTitles(fullTitle(), "Gap to optimum (log)", "Gap (log)");
        yFormat(new TickFormat("0.##"));
        yAxis().setRange(new Range(0.1, 100)); // a log axis refuses a range that includes 0
        yAxis().enableLogScale(true);
    }
}
