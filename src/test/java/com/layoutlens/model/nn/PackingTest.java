package com.layoutlens.model.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Packing}: layers run over the sequences' kept positions only, one sequence after the
 * other, give the padded layers' outputs at the rows asked for, with and without a score bias,
 * with separate and with fused q/k/v projections; and padding in the middle of a sequence (as
 * LayoutLMv2 and LayoutLMv3 place their text padding before the visual tokens) is left out as
 * well as padding at the end.
 */
class PackingTest {

    private static final int HIDDEN = 32;
    private static final int HEADS = 4;
    private static final int LENGTH = 19;
    /** Kept positions per sequence: the third has padding between its text and its last 4 tokens. */
    private static final int[][] KEPT = {range(0, 19), range(0, 11), concat(range(0, 7), range(15, 19))};
    private static final long[][] ROWS = {{0, 3, 18, 7}, {10, 2, 0, 0}, {6, 15, 18, 1}};

    @Test
    void packedLayersGiveThePaddedOutputsAtTheRows() {
        for (boolean fastQkv : new boolean[] {false, true}) {
            // no bias, one per sequence, one shared by all (LayoutLMv3's 1D bias alone)
            for (int biasBatch : new int[] {0, KEPT.length, 1}) {
                for (boolean padding : new boolean[] {true, false}) {
                    check(fastQkv, biasBatch, padding, 2);
                }
            }
            check(fastQkv, KEPT.length, true, 1); // one layer: no bias blocks but the last layer's
        }
    }

    private static void check(boolean fastQkv, int biasBatch, boolean padding, int depth) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(7);
            List<TransformerLayer> layers = layers(m, fastQkv, HEADS).subList(0, depth);
            NDArray hidden = m.randomNormal(new Shape(KEPT.length, LENGTH, HIDDEN));
            NDArray maskAdd = padding ? mask(m) : null;
            NDArray bias = biasBatch == 0 ? null
                    : m.randomNormal(new Shape(biasBatch, HEADS, LENGTH, LENGTH)).mul(2f);
            long[][] asked = padding ? ROWS : new long[][] {{0, 3, 18, 7}, {10, 2, 0, 16}, {6, 15, 18, 12}};
            NDArray rows = m.create(flatten(asked), new Shape(asked.length, asked[0].length));
            ParameterStore ps = new ParameterStore(m, false);

            float[] expected = padded(layers, ps, hidden, maskAdd, bias, rows).toFloatArray();
            NDArray packed = Packing.encode(layers, ps, hidden, maskAdd, bias, rows);
            String what = (fastQkv ? "fused q/k/v" : "separate q/k/v") + ", bias batch " + biasBatch
                    + (padding ? ", padded" : ", no padding") + ", " + depth + " layers";
            assertNotNull(packed, what);
            assertEquals(new Shape(KEPT.length, asked[0].length, HIDDEN), packed.getShape(), what);
            assertClose(expected, packed.toFloatArray(), what);
            // and through encode, as the models call it: packed there too
            long before = Packing.passes();
            assertClose(expected, TransformerLayer.encode(layers, ps, hidden, maskAdd,
                    bias == null ? null : bias.duplicate(), false, null, rows).toFloatArray(), what);
            assertEquals(before + 1, Packing.passes(), what + ": encode did not pack");
        }
    }

    @Test
    void theStepByStepFallbackAgreesWithTheKernel() {
        // head sizes of 8 (scaled scores) and of 16 (a power of four: the queries are scaled instead)
        for (int heads : new int[] {HEADS, HEADS / 2}) {
            stepByStep(heads);
        }
    }

    private static void stepByStep(int heads) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(9);
            TransformerLayer layer = layers(m, false, heads).get(0);
            long[] qLens = {5, 3, 7};
            long[] kvLens = {9, 3, 12};
            long q = 15;
            long kv = 24;
            NDArray qs = m.randomNormal(new Shape(q, HIDDEN));
            NDArray ks = m.randomNormal(new Shape(kv, HIDDEN));
            NDArray vs = m.randomNormal(new Shape(kv, HIDDEN));
            NDArray bias = m.randomNormal(new Shape(heads * (5 * 9 + 3 * 3 + 7 * 12)));
            double scale = Math.pow(HIDDEN / heads, -0.5);
            for (NDArray b : new NDArray[] {null, bias}) {
                NDArray fused = FusedAttention.attendPacked(qs, ks, vs, b, qLens, kvLens, heads, scale);
                assertNotNull(fused);
                float[] stepwise = layer.packedStepByStep(qs.duplicate(), ks, vs, b, qLens, kvLens).toFloatArray();
                assertClose(stepwise, fused.toFloatArray(), heads + " heads, " + (b == null ? "unbiased" : "biased"));
            }
        }
    }

    @Test
    void aRowAtAPaddedPositionLeavesItToThePaddedLayers() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<TransformerLayer> layers = layers(m, false, HEADS);
            NDArray hidden = m.randomNormal(new Shape(KEPT.length, LENGTH, HIDDEN));
            // past the end of the second sequence (0 .. 10), and in the third one's middle padding
            assertNotNull(Packing.encode(layers, new ParameterStore(m, false), hidden, mask(m), null,
                    m.create(flatten(ROWS), new Shape(ROWS.length, ROWS[0].length))), "the rows as they are");
            for (int[] at : new int[][] {{5, 12}, {9, 10}}) {
                long[] rows = flatten(ROWS);
                rows[at[0]] = at[1];
                assertNull(Packing.encode(layers, new ParameterStore(m, false), hidden, mask(m), null,
                        m.create(rows, new Shape(ROWS.length, ROWS[0].length))), "row " + at[1]);
            }
        }
    }

    /** Two layers with every parameter drawn at random (biases and norms included). */
    private static List<TransformerLayer> layers(NDManager m, boolean fastQkv, int heads) {
        List<TransformerLayer> layers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            TransformerLayer layer = new TransformerLayer(new TransformerLayer.Settings(HIDDEN, heads, 48, "gelu",
                    1e-12f, 0f, 0f, 0.02f, fastQkv, fastQkv));
            layer.initialize(m, DataType.FLOAT32, new Shape(1, LENGTH, HIDDEN), new Shape(1, 1, 1, LENGTH));
            for (Pair<String, Parameter> p : layer.getParameters()) {
                NDArray a = p.getValue().getArray();
                a.set(m.randomNormal(a.getShape()).mul(0.3f).toFloatArray());
            }
            layers.add(layer);
        }
        return layers;
    }

    /** The layers over the padded batch, the last one at the rows only. */
    private static NDArray padded(List<TransformerLayer> layers, ParameterStore ps, NDArray hidden, NDArray maskAdd,
                                  NDArray bias, NDArray rows) {
        NDArray mask = bias == null ? maskAdd : null;
        NDArray biasAndMask = bias == null ? null : maskAdd == null ? bias : bias.add(maskAdd);
        NDArray h = hidden;
        for (int i = 0; i < layers.size() - 1; i++) {
            h = layers.get(i).apply(ps, h, mask, biasAndMask, false);
        }
        return layers.get(layers.size() - 1).applyAt(ps, h, mask, biasAndMask, rows);
    }

    private static NDArray mask(NDManager m) {
        float[] add = new float[KEPT.length * LENGTH];
        java.util.Arrays.fill(add, -Float.MAX_VALUE);
        for (int b = 0; b < KEPT.length; b++) {
            for (int t : KEPT[b]) {
                add[b * LENGTH + t] = 0f;
            }
        }
        return m.create(add, new Shape(KEPT.length, 1, 1, LENGTH));
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= 2e-5f, what + ": max |difference| " + worst);
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static long[] flatten(long[][] rows) {
        long[] r = new long[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, r, i * rows[0].length, rows[i].length);
        }
        return r;
    }
}
