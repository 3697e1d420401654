package org.saturn.ui.charts;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.util.Locale;

/**
 * A decimal tick format that prints the rounding noise of tick arithmetic (−1.4e−17) as 0 rather
 * than "-0.00", which SWTChart then shows as a lone minus sign.
 */
class TickFormat extends DecimalFormat {

    private static final long serialVersionUID = 1L;

    TickFormat(String pattern) {
        super(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    @Override
    public StringBuffer format(double number, StringBuffer result, FieldPosition position) {
        return super.format(Math.abs(number) < 1e-9 ? 0.0 : number, result, position);
    }
}
