package org.saturn.ui.charts;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.saturn.core.report.IdentifiabilityProvider.Aggregate;

/**
 * The "value:" choice of the charts that show one number per run: which value of a metric over
 * its evaluations (at the best test loss, the last, the maximum), at the best test loss first.
 */
public final class AggregateChoice {

    private final Combo combo;

    /** A label and the combo, two cells of the parent's layout; {@code changed} runs on each choice. */
    public AggregateChoice(Composite parent, Runnable changed) {
        new Label(parent, SWT.NONE).setText("value:");
        combo = new Combo(parent, SWT.READ_ONLY);
        for (Aggregate aggregate : Aggregate.values()) {
            combo.add(aggregate.label());
        }
        combo.select(0);
        combo.addListener(SWT.Selection, e -> changed.run());
    }

    public Aggregate selected() {
        return Aggregate.values()[Math.max(0, combo.getSelectionIndex())];
    }
}
