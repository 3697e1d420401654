package org.saturn.ui.charts;


import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Range;

/** Rule accuracies over steps on a fixed 0–1 axis, with their chance levels as grey bands. */
public class AccuracyChart extends SaturnChart {

    public AccuracyChart(Composite parent) {
        super(parent, "Rule accuracies over finished completions", "training step", "accuracy");
        yFormat(new TickFormat("0.0"));
        yAxis().setRange(new Range(-0.02, 1.02));
    }
}
