package com.layoutlens.eval;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FieldScoresTest {

    private static final List<String> FIELDS = List.of("company", "date", "address", "total");

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * Receipt 1: company exact after trimming, date wrong, address equal without spaces,
     * total missing from the prediction. Receipt 2: every gold field exact, no gold address
     * (the address prediction is extracted but has no gold value).
     */
    private static FieldScores twoReceipts() {
        FieldScores.Values r1 = new FieldScores.Values("1",
                map("company", "SHOP SDN BHD", "date", "01/02/2019", "address", "NO 1, JALAN 2", "total", "9.00"),
                map("company", " SHOP SDN BHD ", "date", "02/02/2019", "address", "NO 1,JALAN 2"));
        FieldScores.Values r2 = new FieldScores.Values("2",
                map("company", "A", "date", "D", "total", "1.00"),
                map("company", "A", "date", "D", "total", "1.00", "address", "X"));
        return FieldScores.compute(FIELDS, List.of(r1, r2));
    }

    @Test
    void exactMatchTrimsAndNoSpaceDropsEveryBlank() {
        FieldScores s = twoReceipts();
        assertEquals(new FieldScores.Count(2, 2, 2), s.fields().get("company"));
        assertEquals(new FieldScores.Count(2, 1, 1), s.fields().get("date"));
        assertEquals(new FieldScores.Count(1, 0, 1), s.fields().get("address"));
        assertEquals(new FieldScores.Count(2, 1, 1), s.fields().get("total"));
        // all: 7 pairs, em 4, em_no_space 5
        FieldScores.Count all = s.fields().get(FieldScores.ALL);
        assertEquals(new FieldScores.Count(7, 4, 5), all);
        assertEquals(4.0 / 7, all.emRate());
        assertEquals(5.0 / 7, all.emNoSpaceRate());
        assertEquals(1, s.receiptsEm());
        assertEquals(2, s.receipts());
    }

    @Test
    void sroieCountsCorrectAgainstExtractedAndGoldValues() {
        // extracted: r1 company, date, address (3); r2 company, date, total, address (4) = 7
        // gold values: 4 + 3 = 7; correct: r1 company, r2 company, date, total = 4
        LabelScore s = twoReceipts().sroie();
        assertEquals(4, s.tp());
        assertEquals(3, s.fp());
        assertEquals(3, s.fn());
        assertEquals(4.0 / 7, s.precision());
        assertEquals(4.0 / 7, s.recall());
        assertEquals(4.0 / 7, s.f1(), 1e-15);
    }

    @Test
    void receiptWithoutGoldValuesIsLeftOut() {
        FieldScores s = FieldScores.compute(FIELDS, List.of(new FieldScores.Values("1", null, map("total", "1"))));
        assertEquals(0, s.receipts());
        assertEquals(0, s.fields().get(FieldScores.ALL).n());
        assertEquals(0, s.sroie().fp());
    }

    @Test
    void noSpaceRemovesUnicodeSpacesToo() {
        assertEquals("AB1", FieldScores.noSpace(" A\u00a0B\t1\n"));
    }
}
