package com.layoutlens.model.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Half and bfloat16 conversions, checked on their edge cases and on every 16-bit pattern. */
class FloatFormatsTest {

    @ParameterizedTest
    @CsvSource({
        "0x0000, 0.0",
        "0x8000, -0.0",
        "0x3c00, 1.0",
        "0xc000, -2.0",
        "0x3555, 0.333251953125",
        "0x7bff, 65504.0",
        "0x0400, 6.103515625E-5",          // smallest normal, 2^-14
        "0x0001, 5.9604644775390625E-8",   // smallest subnormal, 2^-24
        "0x03ff, 6.097555160522461E-5",    // largest subnormal, 1023 * 2^-24
        "0x8001, -5.9604644775390625E-8",
        "0x7c00, Infinity",
        "0xfc00, -Infinity",
    })
    void halfWidensExactly(String bits, double expected) {
        float f = FloatFormats.halfToFloat((short) Integer.parseInt(bits.substring(2), 16));
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(f), bits);
    }

    @Test
    void halfNanStaysNanWithItsPayload() {
        float f = FloatFormats.halfToFloat((short) 0x7e01);
        assertTrue(Float.isNaN(f));
        assertEquals(0x7fc02000, Float.floatToRawIntBits(f));
    }

    @Test
    void everyHalfSurvivesARoundTrip() {
        for (int h = 0; h < 0x10000; h++) {
            float f = FloatFormats.halfToFloat((short) h);
            short back = FloatFormats.floatToHalf(f);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(FloatFormats.halfToFloat(back)), Integer.toHexString(h));
            } else {
                assertEquals((short) h, back, Integer.toHexString(h));
            }
        }
    }

    @Test
    void everyHalfWidensToTheValueItsBitsDefine() {
        for (int h = 0; h < 0x10000; h++) {
            int exp = (h >>> 10) & 0x1f;
            int mant = h & 0x3ff;
            if (exp == 0x1f) {
                continue;
            }
            double v = exp == 0 ? mant * Math.pow(2, -24) : (1024 + mant) * Math.pow(2, exp - 25);
            if ((h & 0x8000) != 0) {
                v = -v;
            }
            assertEquals(v, FloatFormats.halfToFloat((short) h), 0.0, Integer.toHexString(h));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "1.00048828125, 0x3c00",          // 1 + 2^-11: halfway, to even (down)
        "1.00146484375, 0x3c02",          // 1 + 3 * 2^-11: halfway, to even (up)
        "65519.0, 0x7bff",
        "65520.0, 0x7c00",                // halfway to 65536: rounds to infinity
        "1.0E10, 0x7c00",
        "2.98023223876953125E-8, 0x0000", // 2^-25: halfway between 0 and 2^-24, to even
        "2.9802326E-8, 0x0001",           // one float ulp above 2^-25
        "8.94069671630859375E-8, 0x0002", // 3 * 2^-25: halfway, to even
        "-1.0E-10, 0x8000",
        "6.1035156E-5, 0x0400",
    })
    void floatsNarrowToHalfRoundingToNearestEven(float value, String bits) {
        assertEquals((short) Integer.parseInt(bits.substring(2), 16), FloatFormats.floatToHalf(value), bits);
    }

    @ParameterizedTest
    @CsvSource({
        "0x3f80, 1.0",
        "0xc049, -3.140625",
        "0x0001, 9.183549615799121E-41",
        "0x7f7f, 3.3895313892515355E38",
        "0x7f80, Infinity",
        "0xff80, -Infinity",
        "0x8000, -0.0",
    })
    void bf16WidensExactly(String bits, double expected) {
        float f = FloatFormats.bf16ToFloat((short) Integer.parseInt(bits.substring(2), 16));
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(f), bits);
    }

    @ParameterizedTest
    @CsvSource({
        "1.00390625, 0x3f80",  // 1 + 2^-8: halfway, to even (down)
        "1.01171875, 0x3f82",  // 1 + 3 * 2^-8: halfway, to even (up)
        "1.0039064, 0x3f81",   // one float ulp above halfway
        "3.4028235E38, 0x7f80", // float max rounds to infinity
        "-0.0, 0x8000",
    })
    void floatsNarrowToBf16RoundingToNearestEven(float value, String bits) {
        assertEquals((short) Integer.parseInt(bits.substring(2), 16), FloatFormats.floatToBf16(value), bits);
    }

    @Test
    void everyBf16SurvivesARoundTripAndNanStaysNan() {
        for (int h = 0; h < 0x10000; h++) {
            float f = FloatFormats.bf16ToFloat((short) h);
            short back = FloatFormats.floatToBf16(f);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(FloatFormats.bf16ToFloat(back)), Integer.toHexString(h));
            } else {
                assertEquals((short) h, back, Integer.toHexString(h));
            }
        }
        assertTrue(Float.isNaN(FloatFormats.bf16ToFloat(FloatFormats.floatToBf16(Float.intBitsToFloat(0x7f800001)))));
    }
}
