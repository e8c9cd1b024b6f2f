package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;

import java.util.List;
import java.util.Map;

/**
 * One receipt's gold and predicted rows, matched word for word: {@code gold.get(i)} and
 * {@code predicted.get(i)} are the same (segment, word), and the rows are in word order.
 *
 * @param id        the receipt id (the label files' stem)
 * @param gold      the gold rows
 * @param predicted the predicted rows, same words in the same order
 * @param keys      the gold field values from the key file, or null when not given
 */
public record ReceiptPair(String id, List<LabelRow> gold, List<LabelRow> predicted, Map<String, String> keys) {

    public ReceiptPair {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException(id + ": " + gold.size() + " gold words but "
                    + predicted.size() + " predicted");
        }
        gold = List.copyOf(gold);
        predicted = List.copyOf(predicted);
    }

    public ReceiptPair withPredicted(List<LabelRow> rows) {
        return new ReceiptPair(id, gold, rows, keys);
    }

    public int size() {
        return gold.size();
    }
}
