package com.layoutlens.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class McNemarTest {

    @Test
    void exactPValuesByHand() {
        // n = 5, k = 0: 2 * 1/32
        assertEquals(0.0625, McNemar.test(0, 5).pValue(), 1e-15);
        // n = 10, k = 1: 2 * (1 + 10) / 1024
        assertEquals(22.0 / 1024, McNemar.test(9, 1).pValue(), 1e-15);
        // n = 6, k = 2: 2 * (1 + 6 + 15) / 64
        assertEquals(44.0 / 64, McNemar.test(2, 4).pValue(), 1e-15);
    }

    @Test
    void equalCountsGiveOne() {
        assertEquals(1.0, McNemar.test(7, 7).pValue());
        assertEquals(1.0, McNemar.test(0, 0).pValue());
        assertFalse(McNemar.test(0, 0).significant(0.05));
    }

    @Test
    void chiSquareHasTheContinuityCorrection() {
        // (|12 - 4| - 1)^2 / 16 = 49 / 16
        assertEquals(49.0 / 16, McNemar.test(12, 4).chiSquare(), 1e-15);
    }

    @Test
    void largeCountsNeitherOverflowNorUnderflow() {
        McNemar t = McNemar.test(50_000, 51_000);
        assertTrue(t.pValue() > 0 && t.pValue() < 0.01, "p = " + t.pValue());
        // near the chi-square approximation: (999^2 / 101000) = 9.88, p about 0.0017
        assertEquals(0.0017, t.pValue(), 0.0003);
        assertEquals(1.0, McNemar.test(60_000, 60_000).pValue(), 1e-12);
        assertTrue(McNemar.test(0, 3000).pValue() >= 0);
    }
}
