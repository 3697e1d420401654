package org.saturn.ui.charts;


import org.eclipse.swt.widgets.Composite;

/** One point per run: two metrics against each other, coloured by group, group means as large crosses. */
public class IdentifiabilityChart extends SaturnChart {

    public IdentifiabilityChart(Composite parent) {
        super(parent, "Non-identifiability: one dot per run, × = group mean", "test-loss gap (%)", "OOD R1");
        setTitles(fullTitle(), "Non-identifiability (× = group mean)", "Non-identifiability");
        xAxis().getTick().setFormat(new TickFormat("0.##"));
        yFormat(new TickFormat("0.00"));
    }
}
