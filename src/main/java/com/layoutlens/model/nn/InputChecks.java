package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Checks of a text + layout batch before it reaches the native kernels, whose own
 * messages (an index out of range somewhere in an embedding) do not say which input is
 * wrong.
 */
public final class InputChecks {

    private InputChecks() {
    }

    /**
     * @param types         may be null
     * @param maxLength     the longest sequence the position table allows
     * @param vocab         rows of the word table
     * @param max2d         rows of the coordinate tables
     * @param typeVocab     rows of the token type table
     * @throws IllegalArgumentException naming the input and the configuration key it violates
     */
    public static void textAndLayout(NDArray ids, NDArray bbox, NDArray mask, NDArray types, int maxLength, int vocab,
                                     int max2d, int typeVocab) {
        Shape s = ids.getShape();
        if (s.dimension() != 2) {
            throw new IllegalArgumentException("input_ids must be (batch, length), got " + s);
        }
        long b = s.get(0);
        long l = s.get(1);
        if (!bbox.getShape().equals(new Shape(b, l, 4))) {
            throw new IllegalArgumentException("bbox must be " + new Shape(b, l, 4) + ", got " + bbox.getShape());
        }
        if (!mask.getShape().equals(s)) {
            throw new IllegalArgumentException("attention_mask must be " + s + ", got " + mask.getShape());
        }
        if (types != null && !types.getShape().equals(s)) {
            throw new IllegalArgumentException("token_type_ids must be " + s + ", got " + types.getShape());
        }
        if (l > maxLength) {
            throw new IllegalArgumentException("sequence length " + l + " exceeds max_position_embeddings "
                    + maxLength);
        }
        if (ids.getDataType() != DataType.INT64 || bbox.getDataType() != DataType.INT64) {
            throw new IllegalArgumentException("input_ids and bbox must be int64");
        }
        if (b == 0 || l == 0) {
            throw new IllegalArgumentException("empty batch " + s);
        }
        range(ids, vocab, "input_ids", "vocab_size");
        range(bbox, max2d, "bbox coordinates", "max_2d_position_embeddings");
        NDArray widths = bbox.get(":, :, 2").sub(bbox.get(":, :, 0"));
        NDArray heights = bbox.get(":, :, 3").sub(bbox.get(":, :, 1"));
        if (widths.min().getLong() < 0 || heights.min().getLong() < 0) {
            throw new IllegalArgumentException("bbox must be x0 <= x1 and y0 <= y1");
        }
        if (types != null) {
            range(types, typeVocab, "token_type_ids", "type_vocab_size");
        }
    }

    /** Every value of {@code a} in {@code 0..limit-1}. */
    public static void range(NDArray a, int limit, String what, String configKey) {
        long min = a.min().toType(DataType.INT64, false).getLong();
        long max = a.max().toType(DataType.INT64, false).getLong();
        if (min < 0 || max >= limit) {
            throw new IllegalArgumentException(what + " must lie in 0.." + (limit - 1) + " (" + configKey
                    + "), found " + min + ".." + max);
        }
    }
}
