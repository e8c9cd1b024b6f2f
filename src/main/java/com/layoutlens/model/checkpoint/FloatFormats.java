package com.layoutlens.model.checkpoint;

/**
 * Conversions between float32 and the two 16-bit float formats found in checkpoints. Java 17
 * has no half-precision type, and bfloat16 arrays must never reach the PyTorch engine on the
 * CPU (it aborts the process), so 16-bit tensors are widened here, in Java.
 */
public final class FloatFormats {

    private FloatFormats() {
    }

    /** IEEE 754 binary16 to float32; exact for every input, subnormals, infinities and NaN payloads included. */
    public static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            // zero or subnormal: mant * 2^-24, exactly representable in float32
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 127 - 15) << 23) | (mant << 13));
    }

    /** float32 to binary16, rounding to nearest even; too large becomes infinity, NaN stays NaN. */
    public static short floatToHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (mant == 0 ? sign | 0x7c00 : sign | 0x7c00 | 0x200 | (mant >>> 13));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            int shift = 14 - e;
            if (shift > 24) {
                return (short) sign;
            }
            int m = mant | 0x800000;
            int r = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rem > halfway || (rem == halfway && (r & 1) == 1)) {
                r++;
            }
            return (short) (sign | r);
        }
        int r = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (r & 1) == 1)) {
            r++; // a carry into the exponent is right, up to infinity
        }
        return (short) (sign | r);
    }

    /** bfloat16 to float32: bfloat16 is the upper half of a float32, so this is exact. */
    public static float bf16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    /** float32 to bfloat16, rounding to nearest even as PyTorch does; NaN stays a (quiet) NaN. */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }
}
