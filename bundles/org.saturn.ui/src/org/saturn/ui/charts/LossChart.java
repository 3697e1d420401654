package org.saturn.ui.charts;


import org.eclipse.swt.widgets.Composite;

/** Train and test loss over steps against the exact optimal loss (a labelled reference line). */
public class LossChart extends SaturnChart {

    public LossChart(Composite parent) {
        super(parent, "Loss against the exact optimal loss (solid: test, dashed: train)", "training step",
                "loss (nats/token)");
        setYTitles("loss (nats/token)", "loss");
        setTitles(fullTitle(), "Loss vs the optimal loss (solid: test, dashed: train)", "Loss vs optimum");
        yFormat(new TickFormat("0.000"));
    }
}
