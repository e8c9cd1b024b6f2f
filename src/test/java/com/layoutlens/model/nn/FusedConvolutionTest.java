package com.layoutlens.model.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusedConvolutionTest {

    /** in, out, kernel, stride, padding, dilation, groups, height, width: shapes the ResNeXt backbone runs. */
    private static final int[][] CASES = {
        {3, 8, 7, 2, 3, 1, 1, 17, 23},   // the stem
        {16, 32, 1, 1, 0, 1, 1, 9, 9},   // a bottleneck's 1x1
        {32, 32, 3, 2, 1, 1, 8, 11, 10}, // a grouped 3x3 with stride
        {32, 32, 3, 1, 2, 2, 8, 9, 9},   // dilated (res5 with RES5_DILATION 2)
        {16, 64, 1, 2, 0, 1, 1, 9, 8},   // a strided shortcut
    };

    private static boolean x86() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    @Test
    void theFusedKernelLoadsOnThisMachine() {
        if (x86()) {
            // PyTorch's x86 builds carry oneDNN: a silent fallback here would only cost speed, so say it
            assertTrue(FusedConvolution.available(), "oneDNN's fused convolution did not load");
        }
    }

    @Test
    void equalsConv2dWithBiasAndReluUpToRounding() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            for (int[] c : CASES) {
                NDArray x = m.randomNormal(new Shape(2, c[0], c[7], c[8]));
                NDArray w = m.randomNormal(new Shape(c[1], c[0] / c[6], c[2], c[2]));
                NDArray b = m.randomNormal(new Shape(c[1]));
                NDArray plain = HfConv2d.conv(x, w, b, c[3], c[4], c[5], c[6]);
                for (boolean relu : new boolean[] {false, true}) {
                    NDArray expected = relu ? Activation.relu(plain) : plain;
                    NDArray got = FusedConvolution.apply(x, w, b, c[3], c[4], c[5], c[6], relu);
                    String what = java.util.Arrays.toString(c) + (relu ? " relu" : "");
                    assertEquals(expected.getShape(), got.getShape(), what);
                    // values read in logical order whatever the layout (channels-last on the CPU)
                    float[] e = expected.toFloatArray();
                    float[] g = got.toFloatArray();
                    float scale = 0;
                    float worst = 0;
                    for (int i = 0; i < e.length; i++) {
                        scale = Math.max(scale, Math.abs(e[i]));
                        worst = Math.max(worst, Math.abs(e[i] - g[i]));
                        if (relu) {
                            assertTrue(g[i] >= 0, what);
                        }
                    }
                    assertTrue(worst <= 1e-5f * scale, what + ": max |difference| " + worst + " at scale " + scale);
                    if (x86()) {
                        // the comparison above holds for the plain path too: the fused kernel must have run
                        assertTrue(FusedConvolution.available(), what + ": the fused kernel failed");
                    }
                    // and the next convolution reads the (channels-last) output as the backbone's next layer would
                    NDArray w2 = m.randomNormal(new Shape(4, c[1], 1, 1));
                    float[] next = FusedConvolution.apply(got, w2, m.zeros(new Shape(4)), 1, 0, 1, 1, false)
                            .toFloatArray();
                    float[] nextExpected = HfConv2d.conv(expected, w2, null, 1, 0, 1, 1).toFloatArray();
                    float nextScale = 0;
                    float nextWorst = 0;
                    for (int i = 0; i < next.length; i++) {
                        nextScale = Math.max(nextScale, Math.abs(nextExpected[i]));
                        nextWorst = Math.max(nextWorst, Math.abs(next[i] - nextExpected[i]));
                    }
                    assertTrue(nextWorst <= 1e-5f * nextScale, what + ": the next layer moved by " + nextWorst);
                }
            }
        }
    }

    @Test
    void theResidualSumIsWrittenIntoTheConvolutionsOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = m.randomNormal(new Shape(2, 8, 5, 5));
            NDArray skip = m.randomNormal(new Shape(2, 8, 5, 5));
            float[] expected = Activation.relu(y.add(skip)).toFloatArray();
            // a fused convolution first: the in-place sum is used once the kernels have worked
            FusedConvolution.apply(skip, m.randomNormal(new Shape(8, 8, 1, 1)), m.zeros(new Shape(8)), 1, 0, 1, 1,
                    false);
            NDArray out = FusedConvolution.addRelu(y, skip);
            assertArrayEquals(expected, out.toFloatArray(), 0f);
            if (x86()) {
                assertSame(y, out, "the sum goes into the convolution's output");
            }
        }
    }

    @Test
    void anInputThatRecordsAGradientTakesTheDifferentiablePath() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(1, 4, 6, 6));
            NDArray w = m.randomNormal(new Shape(4, 4, 3, 3));
            NDArray b = m.zeros(new Shape(4));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray y = FusedConvolution.apply(x, w, b, 1, 1, 1, 1, true);
                gc.backward(y.sum());
            }
            assertNotNull(x.getGradient());
            assertEquals(x.getShape(), x.getGradient().getShape());
        }
    }
}
