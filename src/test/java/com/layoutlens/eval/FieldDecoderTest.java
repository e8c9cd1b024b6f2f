package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.layoutlens.eval.TestReceipts.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FieldDecoderTest {

    private final FieldDecoder decoder = FieldDecoder.sroie(LabelSet.sroie());

    @Test
    void spansAreMaximalRunsAcrossSegments() {
        List<LabelRow> rows = List.of(
                row(0, 0, 0, 0, "A", "COMPANY"), row(0, 1, 0, 1, "B", "COMPANY"),
                row(1, 0, 1, 0, "C", "COMPANY"), row(1, 1, 1, 1, "x", "O"),
                row(2, 0, 2, 0, "D", "COMPANY"), row(2, 1, 2, 1, "9", "TOTAL"));
        assertEquals(List.of(new Span("COMPANY", 0, 3), new Span("COMPANY", 4, 5), new Span("TOTAL", 5, 6)),
                Span.of(rows, "O"));
    }

    @Test
    void multiLineCompanyAndAddressJoinEveryWordWithSingleSpaces() {
        List<LabelRow> rows = List.of(
                row(0, 0, 0, 0, "MR", "COMPANY"), row(0, 1, 0, 1, "D.I.Y.", "COMPANY"),
                row(1, 0, 1, 0, "(JOHOR)", "COMPANY"), row(1, 1, 1, 1, "SDN", "COMPANY"),
                row(2, 0, 2, 0, "LOT", "ADDRESS"), row(2, 1, 2, 1, "1851,", "ADDRESS"),
                row(3, 0, 3, 0, "tel", "O"),
                row(4, 0, 4, 0, "SELANGOR", "ADDRESS"));
        Map<String, String> v = decoder.decode(rows);
        assertEquals("MR D.I.Y. (JOHOR) SDN", v.get("company"));
        assertEquals("LOT 1851, SELANGOR", v.get("address"));
        assertFalse(v.containsKey("total"));
        assertFalse(v.containsKey("date"));
    }

    @Test
    void totalTakesTheSpanWithTheBestMeanScore() {
        List<LabelRow> rows = List.of(
                row(0, 0, 0, 0, "10.00", "TOTAL", 0.6),
                row(1, 0, 1, 0, "x", "O", 0.9),
                row(2, 0, 2, 0, "9", "TOTAL", 0.9), row(2, 1, 2, 1, ".00", "TOTAL", 0.7),
                row(3, 0, 3, 0, "x", "O", 0.9),
                row(4, 0, 4, 0, "3.00", "TOTAL", 0.75));
        assertEquals("9 .00", decoder.decode(rows).get("total"));
    }

    @Test
    void onATieTotalTakesTheLastSpanAndDateTheFirst() {
        List<LabelRow> rows = List.of(
                row(0, 0, 0, 0, "01/02/2019", "DATE"), row(0, 1, 0, 1, "x", "O"),
                row(1, 0, 1, 0, "10.00", "TOTAL"), row(1, 1, 1, 1, "x", "O"),
                row(2, 0, 2, 0, "02/02/2019", "DATE"), row(2, 1, 2, 1, "x", "O"),
                row(3, 0, 3, 0, "12.00", "TOTAL"));
        Map<String, String> v = decoder.decode(rows);
        assertEquals("12.00", v.get("total"));
        assertEquals("01/02/2019", v.get("date"));
    }

    @Test
    void aWordWithoutScoreCountsAsCertain() {
        List<LabelRow> rows = List.of(row(0, 0, 0, 0, "1.00", "TOTAL", 0.99), row(0, 1, 0, 1, "x", "O"),
                row(1, 0, 1, 0, "2.00", "TOTAL", null));
        assertEquals("2.00", decoder.decode(rows).get("total"));
    }
}
