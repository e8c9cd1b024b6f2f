package com.layoutlens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.nn.FusedAttention;
import com.layoutlens.model.nn.Packing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The predictor's path ({@link TokenClassifier#logitsAt}: in inference the layers over each
 * row's kept tokens, the last one at the rows read) against a reference's logits for the same
 * padded batch, at every real token of every row.
 */
public final class RowsParity {

    private RowsParity() {
    }

    /**
     * @param expected (B, L, labels) the reference's logits
     * @return the largest difference at real tokens
     */
    public static float maxDiff(TokenClassifier model, NDArray ids, NDArray bbox, NDArray mask, NDArray types,
                                NDArray image, NDArray expected) {
        long[] m = mask.toLongArray();
        int batch = (int) ids.getShape().get(0);
        int length = (int) ids.getShape().get(1);
        int[] real = new int[batch];
        int reads = 1;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                real[b] += m[b * length + t] != 0 ? 1 : 0;
            }
            reads = Math.max(reads, real[b]);
        }
        assertTrue(anyPadded(real, length), "the batch must hold a padded row");
        long[] rows = new long[batch * reads];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < real[b]; i++) {
                rows[b * reads + i] = i; // the padding comes at the end of each row of text
            }
        }
        long passes = Packing.passes();
        NDArray got = model.logitsAt(ids, bbox, mask, types, image, ids.getManager().create(rows, new Shape(batch, reads)));
        if (FusedAttention.available()) {
            assertEquals(passes + 1, Packing.passes(), "the pass did not pack its layers");
        }
        int labels = (int) expected.getShape().get(2);
        assertEquals(new Shape(batch, reads, labels), got.getShape());
        float[] g = got.toFloatArray();
        float[] e = expected.toFloatArray();
        float worst = 0;
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < real[b]; i++) {
                for (int c = 0; c < labels; c++) {
                    worst = Math.max(worst, Math.abs(g[(b * reads + i) * labels + c] - e[(b * length + i) * labels + c]));
                }
            }
        }
        return worst;
    }

    private static boolean anyPadded(int[] real, int length) {
        for (int r : real) {
            if (r < length) {
                return true;
            }
        }
        return false;
    }
}
