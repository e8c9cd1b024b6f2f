package com.layoutlens.model.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusedAttentionTest {

    @Test
    void theKernelLoadsOnThisMachine() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            assertTrue(FusedAttention.available(), "scaled_dot_product_attention did not load");
        }
    }

    @Test
    void equalsTheStepByStepAttentionUpToRounding() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(5);
            long b = 3;
            long heads = 4;
            long length = 37;
            long d = 16;
            NDArray q = m.randomNormal(new Shape(b, heads, length, d));
            NDArray k = m.randomNormal(new Shape(b, heads, length, d));
            NDArray v = m.randomNormal(new Shape(b, heads, length, d));
            // the second and third sequences padded at the end, as an additive mask (B, 1, 1, L)
            float[] pad = new float[(int) (b * length)];
            for (int i = 0; i < length; i++) {
                pad[(int) length + i] = i >= length - 5 ? -Float.MAX_VALUE : 0f;
                pad[(int) (2 * length) + i] = i >= 20 ? -Float.MAX_VALUE : 0f;
            }
            NDArray mask = m.create(pad, new Shape(b, 1, 1, length));
            NDArray bias = m.randomNormal(new Shape(b, heads, length, length)).mul(3f);
            double scale = 0.25;
            NDArray[] masks = {null, mask, bias, bias.add(mask)};
            for (NDArray added : masks) {
                NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale);
                if (added != null) {
                    scores = scores.add(added);
                }
                float[] expected = scores.softmax(-1).matMul(v).toFloatArray();
                NDArray got = FusedAttention.attend(q, k, v, added, scale);
                assertNotNull(got);
                assertEquals(new Shape(b, heads, length, d), got.getShape());
                float[] g = got.toFloatArray();
                float worst = 0;
                for (int i = 0; i < g.length; i++) {
                    worst = Math.max(worst, Math.abs(g[i] - expected[i]));
                }
                assertTrue(worst <= 1e-5f, "max |difference| " + worst);
            }
            // queries at some rows only (a token classifier's last layer): Lq < L
            NDArray rows = q.get(":, :, 3:9, :");
            NDArray rowBias = bias.get(":, :, 3:9, :").add(mask);
            NDArray scores = rows.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(rowBias);
            float[] expected = scores.softmax(-1).matMul(v).toFloatArray();
            float[] g = FusedAttention.attend(rows, k, v, rowBias, scale).toFloatArray();
            assertEquals(expected.length, g.length);
            for (int i = 0; i < g.length; i++) {
                assertEquals(expected[i], g[i], 1e-5f);
            }
        }
    }
}
