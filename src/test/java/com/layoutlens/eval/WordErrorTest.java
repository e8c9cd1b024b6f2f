package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.layoutlens.eval.TestReceipts.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WordErrorTest {

    private static Evaluation evaluation() {
        List<LabelRow> gold = List.of(row(0, 0, 0, 0, "x", "O"), row(0, 1, 0, 1, "Y", "O"),
                row(1, 0, 1, 0, "9.00", "TOTAL"), row(1, 1, 1, 1, "z", "O"));
        List<LabelRow> pred = new ArrayList<>(List.of(gold.get(0).withLabel("TOTAL", 0.4),
                gold.get(1).withLabel("TOTAL", 0.9), gold.get(2).withLabel("O", 0.7), gold.get(3).withLabel("TOTAL", null)));
        return Evaluator.sroie(List.of()).evaluate(List.of(new ReceiptPair("r", gold, pred, null)), true, List.of());
    }

    @Test
    void falsePositivesMostConfidentFirst() {
        List<WordError> fp = WordError.list(evaluation(), "TOTAL", WordError.Kind.FP, WordError.Sort.SCORE);
        assertEquals(List.of("Y", "x", "z"), fp.stream().map(WordError::text).toList());
        assertEquals(0.9, fp.get(0).score());
        assertEquals(0.65, fp.get(0).entityScore(), 1e-12, "x and Y are one TOTAL entity: the mean of its tags' scores");
        assertEquals(0.65, fp.get(1).entityScore(), 1e-12);
        assertEquals(null, fp.get(2).entityScore(), "a word without a score");
        assertEquals("O", fp.get(0).gold());
    }

    @Test
    void falseNegativesCarryThePredictedLabel() {
        List<WordError> fn = WordError.list(evaluation(), "TOTAL", WordError.Kind.FN, WordError.Sort.RECEIPT);
        assertEquals(1, fn.size());
        assertEquals(new WordError("r", 1, 0, "9.00", "TOTAL", "O", 0.7), fn.get(0));
    }

    @Test
    void otherOrders() {
        assertEquals(List.of("x", "Y", "z"), WordError.list(evaluation(), "TOTAL", WordError.Kind.FP,
                WordError.Sort.TEXT).stream().map(WordError::text).toList());
        assertEquals(List.of("x", "Y", "z"), WordError.list(evaluation(), "TOTAL", WordError.Kind.FP,
                WordError.Sort.RECEIPT).stream().map(WordError::text).toList());
        assertThrows(IllegalArgumentException.class,
                () -> WordError.list(evaluation(), "O", WordError.Kind.FP, WordError.Sort.SCORE));
    }
}
