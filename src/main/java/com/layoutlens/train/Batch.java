package com.layoutlens.train;

import ai.djl.ndarray.NDArray;
import com.layoutlens.data.Receipt;

import java.util.List;

/**
 * One padded batch of windows on the model's device.
 *
 * @param inputIds      (B, L) int64
 * @param bbox          (B, L, 4) int64, 0..1000
 * @param attentionMask (B, L) int64, 1 for tokens, 0 for padding
 * @param labels        (B, L) int64 class ids, -100 where the loss ignores a token; null for prediction
 * @param tokenTypes    (B, L) int64 token types, or null for zeros (a model trained without total segments)
 * @param receipts      the receipt of each row, for models that read more than words and boxes
 *                      (LayoutLMv2's page image)
 */
public record Batch(NDArray inputIds, NDArray bbox, NDArray attentionMask, NDArray labels, NDArray tokenTypes,
                    List<Receipt> receipts) {

    public int size() {
        return (int) inputIds.getShape().get(0);
    }
}
