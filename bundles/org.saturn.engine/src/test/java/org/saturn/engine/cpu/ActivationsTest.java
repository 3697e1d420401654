package org.saturn.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationsTest {

    @Test
    void tanhAndSigmoidAgreeWithTheExactFunctionsToFloatPrecision() {
        double tanhError = 0;
        double sigmoidError = 0;
        for (float x = -20f; x <= 20f; x += 0.000731f) {
            tanhError = Math.max(tanhError, Math.abs(Activations.tanh(x) - Math.tanh(x)));
            sigmoidError = Math.max(sigmoidError, Math.abs(Activations.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        assertTrue(tanhError < 5e-7, "tanh error " + tanhError);
        assertTrue(sigmoidError < 5e-7, "sigmoid error " + sigmoidError);
        // relative accuracy near 0, where tanh(x) ~ x
        assertEquals(1e-4, Activations.tanh(1e-4f), 1e-4 * 1e-6);
        // saturated ends: within float precision of the limits, never beyond them
        assertEquals(1f, Activations.tanh(1000f), 5e-7);
        assertTrue(Activations.tanh(1000f) <= 1f);
        assertEquals(-1f, Activations.tanh(Float.NEGATIVE_INFINITY), 5e-7);
        assertEquals(0f, Activations.sigmoid(-1000f), 5e-7);
        assertTrue(Activations.sigmoid(-1000f) >= 0f);
        assertTrue(Float.isNaN(Activations.tanh(Float.NaN)));
    }
}
