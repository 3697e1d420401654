package org.saturn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatExpTest {

    @Test
    void agreesWithMathExpToFloatPrecision() {
        double worst = 0;
        for (float x = -87f; x <= 88f; x += 0.00137f) {
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(FloatExp.exp(x) - exact) / exact);
        }
        assertTrue(worst < 5e-7, "relative error " + worst);
    }

    @Test
    void underflowsToZeroAndOverflowsToInfinity() {
        assertEquals(0f, FloatExp.exp(-1000f));
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.exp(1000f));
        assertEquals(Float.NEGATIVE_INFINITY, -FloatExp.exp(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(FloatExp.exp(Float.NaN)));
        assertEquals(1f, FloatExp.exp(0f));
    }
}
