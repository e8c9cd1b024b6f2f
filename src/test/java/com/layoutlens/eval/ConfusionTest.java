package com.layoutlens.eval;

import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfusionTest {

    /**
     * Ten words, by hand:
     * gold O:       O O O TOTAL DATE      (pred)
     * gold COMPANY: COMPANY O
     * gold TOTAL:   TOTAL TOTAL O
     */
    private static Confusion tenWords() {
        Confusion c = new Confusion(LabelSet.sroie());
        c.add("O", "O");
        c.add("O", "O");
        c.add("O", "O");
        c.add("O", "TOTAL");
        c.add("O", "DATE");
        c.add("COMPANY", "COMPANY");
        c.add("COMPANY", "O");
        c.add("TOTAL", "TOTAL");
        c.add("TOTAL", "TOTAL");
        c.add("TOTAL", "O");
        return c;
    }

    @Test
    void cellsCountGoldRowsAndPredictedColumnsWithOIncluded() {
        long[][] m = tenWords().matrix();
        assertArrayEquals(new long[] {3, 0, 1, 0, 1}, m[0]);
        assertArrayEquals(new long[] {1, 1, 0, 0, 0}, m[1]);
        assertArrayEquals(new long[] {0, 0, 0, 0, 0}, m[2]);
        assertArrayEquals(new long[] {0, 0, 0, 0, 0}, m[3]);
        assertArrayEquals(new long[] {1, 0, 0, 0, 2}, m[4]);
        assertEquals(10, tenWords().total());
        assertEquals(6, tenWords().correct());
    }

    @Test
    void labelScoresFollowTheFixedDefinitions() {
        Confusion c = tenWords();
        // TOTAL: tp 2, fp = column 3 - 2 = 1, fn = row 3 - 2 = 1; p = r = 2/3, F1 = 2/3
        LabelScore t = c.score("TOTAL");
        assertEquals(new LabelScore(2, 1, 1, 2.0 / 3, 2.0 / 3, 4.0 / 6), t);
        // COMPANY: tp 1, fp 0, fn 1: p 1, r 1/2, F1 2/3
        LabelScore co = c.score("COMPANY");
        assertEquals(1, co.tp());
        assertEquals(0, co.fp());
        assertEquals(1, co.fn());
        assertEquals(1.0, co.precision());
        assertEquals(0.5, co.recall());
        assertEquals(2.0 / 3, co.f1(), 1e-15);
        // DATE: tp 0, fp 1, fn 0: every ratio 0
        assertEquals(new LabelScore(0, 1, 0, 0, 0, 0), c.score("DATE"));
        // ADDRESS: nothing at all: 0 where undefined
        assertEquals(new LabelScore(0, 0, 0, 0, 0, 0), c.score("ADDRESS"));
    }

    @Test
    void microPoolsTheCountsOfTheFourLabels() {
        // tp 1+0+0+2 = 3, fp 0+1+0+1 = 2, fn 1+0+0+1 = 2
        LabelScore m = tenWords().micro();
        assertEquals(3, m.tp());
        assertEquals(2, m.fp());
        assertEquals(2, m.fn());
        assertEquals(0.6, m.precision());
        assertEquals(0.6, m.recall());
        assertEquals(0.6, m.f1());
    }

    @Test
    void scoresListTheLabelsWithoutOInSchemaOrder() {
        Map<String, LabelScore> s = tenWords().scores();
        assertEquals(java.util.List.of("COMPANY", "DATE", "ADDRESS", "TOTAL"), java.util.List.copyOf(s.keySet()));
    }

    @Test
    void differenceIsAfterMinusBefore() {
        Confusion before = tenWords();
        Confusion after = before.copy();
        after.add("O", "O");
        long[][] d = Confusion.difference(before, after);
        assertEquals(1, d[0][0]);
        assertEquals(0, d[4][4]);
    }

    @Test
    void unknownLabelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Confusion(LabelSet.sroie()).add("O", "PRICE"));
    }

    @Test
    void f1IsTwoPrOverPPlusR() {
        // tp 3, fp 1, fn 5: p 3/4, r 3/8, F1 = 2 * 3/4 * 3/8 / (9/8) = 1/2
        LabelScore s = LabelScore.of(3, 1, 5);
        assertEquals(0.75, s.precision());
        assertEquals(0.375, s.recall());
        assertEquals(0.5, s.f1());
        assertEquals(2 * s.precision() * s.recall() / (s.precision() + s.recall()), s.f1(), 1e-15);
    }
}
