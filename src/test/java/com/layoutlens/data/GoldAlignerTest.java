package com.layoutlens.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoldAlignerTest {

    private final GoldAligner aligner = new GoldAligner();

    /** A receipt whose segments are one per line, 20 px apart. */
    private static Receipt receipt(Map<String, String> keys, String... lines) {
        List<Segment> segs = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            segs.add(Segment.of(i, new Box(10, 20 * i, 10 + 10 * Math.max(1, lines[i].length()), 20 * i + 15), lines[i]));
        }
        return new Receipt("r", null, 400, 20 * lines.length + 20, segs, keys, null);
    }

    /** Segments placed explicitly (several per visual line). */
    private static Receipt placed(Map<String, String> keys, Object... boxAndText) {
        List<Segment> segs = new ArrayList<>();
        for (int i = 0; i < boxAndText.length; i += 2) {
            segs.add(Segment.of(i / 2, (Box) boxAndText[i], (String) boxAndText[i + 1]));
        }
        return new Receipt("r", null, 400, 400, segs, keys, null);
    }

    private static List<String> wordsLabelled(GoldAligner.Result r, String label) {
        List<String> out = new ArrayList<>();
        for (LabelRow row : r.rows()) {
            if (row.label().equals(label)) {
                out.add(row.text());
            }
        }
        return out;
    }

    private static GoldAligner.FieldResult field(GoldAligner.Result r, String field) {
        return r.fields().stream().filter(f -> f.field().equals(field)).findFirst().orElseThrow();
    }

    @Test
    void matchingIgnoresCaseAndWhitespace() {
        Receipt r = receipt(Map.of("company", "Mr  Diy Sdn Bhd"), "MR DIY SDNBHD", "OTHER");
        GoldAligner.Result res = aligner.align(r);
        assertEquals(List.of("MR", "DIY", "SDNBHD"), wordsLabelled(res, "COMPANY"));
        assertEquals(GoldAligner.Status.EXACT, field(res, "company").status());
    }

    @Test
    void valuesMayCrossSegments() {
        Receipt r = receipt(Map.of("address", "LOT 1851-A, JALAN KPB 6, 43300 SERI KEMBANGAN"),
                "SHOP NAME", "LOT 1851-A, JALAN KPB 6,", "43300 SERI KEMBANGAN", "TEL 03-1234");
        GoldAligner.Result res = aligner.align(r);
        assertEquals(List.of("LOT", "1851-A,", "JALAN", "KPB", "6,", "43300", "SERI", "KEMBANGAN"),
                wordsLabelled(res, "ADDRESS"));
    }

    @Test
    void aDateInsideALongerSegmentLabelsOnlyTheDateWords() {
        Receipt r = receipt(Map.of("date", "25/12/2018"), "DATE: 25/12/2018 8:13 PM");
        GoldAligner.Result res = aligner.align(r);
        assertEquals(List.of("25/12/2018"), wordsLabelled(res, "DATE"));
    }

    @Test
    void aValueGluedToAKeywordLabelsThatWord() {
        Receipt r = receipt(Map.of("date", "25/12/2018"), "DATE:25/12/2018 TIME 8:13");
        assertEquals(List.of("DATE:25/12/2018"), wordsLabelled(aligner.align(r), "DATE"));
    }

    @Test
    void ocrNoiseIsAbsorbedByEditDistance() {
        Receipt r = receipt(Map.of("company", "MR D.I.Y. (JOHOR) SDN BHD"), "TAN WOON YANN", "MR D.T.Y. (JOHOR) SDN BHD");
        GoldAligner.Result res = aligner.align(r);
        GoldAligner.FieldResult f = field(res, "company");
        assertEquals(GoldAligner.Status.FUZZY, f.status());
        assertEquals(1, f.distance());
        assertEquals(List.of("MR", "D.T.Y.", "(JOHOR)", "SDN", "BHD"), wordsLabelled(res, "COMPANY"));
    }

    @Test
    void shortValuesMustMatchExactly() {
        Receipt r = receipt(Map.of("total", "38.90"), "TOTAL 33.90");
        GoldAligner.Result res = aligner.align(r);
        GoldAligner.FieldResult f = field(res, "total");
        assertEquals(GoldAligner.Status.NOT_FOUND, f.status());
        assertTrue(f.reason().contains("exactly"), f.reason());
        assertTrue(wordsLabelled(res, "TOTAL").isEmpty());
    }

    @Test
    void thousandsSeparatorsAreIgnoredInASecondPass() {
        Receipt r = receipt(Map.of("total", "7838.80"), "TOTAL RM 7,838.80");
        GoldAligner.Result res = aligner.align(r);
        assertEquals(List.of("7,838.80"), wordsLabelled(res, "TOTAL"));
        assertEquals(GoldAligner.Status.FUZZY, field(res, "total").status());
    }

    @Test
    void aRepeatedTotalIsLabelledOnTheTotalLineNotTheSubtotalOrCash() {
        Receipt r = placed(Map.of("total", "20.00"),
                new Box(10, 10, 100, 25), "ITEM A", new Box(300, 10, 350, 25), "20.00",
                new Box(10, 40, 100, 55), "SUB TOTAL :", new Box(300, 40, 350, 55), "20.00",
                new Box(10, 70, 100, 85), "GRAND TOTAL :", new Box(300, 70, 350, 85), "20.00",
                new Box(10, 100, 100, 115), "CASH", new Box(300, 100, 350, 115), "20.00");
        GoldAligner.Result res = aligner.align(r);
        List<Word> placedWords = field(res, "total").words();
        assertEquals(1, placedWords.size());
        assertEquals(5, placedWords.get(0).segment(), "the GRAND TOTAL line");
        assertEquals(4, field(res, "total").occurrences());
    }

    @Test
    void withoutAKeywordTheFirstOccurrenceWins() {
        Receipt r = receipt(Map.of("company", "ABC TRADING"), "ABC TRADING", "THANK YOU FROM ABC TRADING");
        GoldAligner.Result res = aligner.align(r);
        assertEquals(0, field(res, "company").words().get(0).segment());
    }

    @Test
    void matchesOnWordBoundariesArePreferred() {
        // 1.00 occurs inside 11.00 first, then as a word of its own
        Receipt r = receipt(Map.of("total", "1.00"), "ITEM 11.00", "TOTAL 1.00");
        GoldAligner.Result res = aligner.align(r);
        assertEquals(List.of("1.00"), wordsLabelled(res, "TOTAL"));
    }

    @Test
    void missingAndUnmatchedFieldsAreReportedWithAReason() {
        Receipt r = receipt(Map.of("company", "NOWHERE TO BE SEEN AT ALL"), "SOMETHING ELSE");
        GoldAligner.Result res = aligner.align(r);
        GoldAligner.FieldResult company = field(res, "company");
        assertEquals(GoldAligner.Status.NOT_FOUND, company.status());
        assertFalse(company.reason().isEmpty());
        GoldAligner.FieldResult address = field(res, "address");
        assertEquals(GoldAligner.Status.EMPTY, address.status());
        assertTrue(address.reason().contains("no gold value"));
        assertTrue(res.rows().stream().allMatch(row -> row.label().equals("O")));
    }

    @Test
    void everyWordGetsExactlyOneRowInOrder() {
        Receipt r = receipt(Map.of("total", "9.00"), "A B", "", "TOTAL 9.00");
        GoldAligner.Result res = aligner.align(r);
        assertEquals(r.words().size(), res.rows().size());
        for (int i = 0; i < res.rows().size(); i++) {
            assertEquals(r.words().get(i).key(), res.rows().get(i).key());
        }
    }

    @Test
    void approximateSearchFindsTheBestSubstring() {
        List<int[]> m = GoldAligner.approximate("KEMBANGAN", "XXSERIKEMBANQANYY", 2);
        assertEquals(1, m.size());
        assertEquals(6, m.get(0)[0]);
        assertEquals(15, m.get(0)[1]);
        assertEquals(1, m.get(0)[2]);
        assertTrue(GoldAligner.approximate("KEMBANGAN", "NOTHINGLIKEIT", 1).isEmpty());
    }
}
