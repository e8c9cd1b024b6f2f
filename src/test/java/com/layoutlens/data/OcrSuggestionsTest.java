package com.layoutlens.data;

import com.layoutlens.bench.OcrCorrectionBenchmark;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OcrSuggestionsTest {

    private static Receipt receipt(String box, Map<String, String> keys) {
        List<Segment> segs = BoxFile.parse(box, "box", new ArrayList<>());
        return new Receipt("r", null, 200, 200, segs, keys, null);
    }

    private static List<OcrSuggestions.Suggestion> suggest(String box, Map<String, String> keys) {
        return OcrSuggestions.of(receipt(box, keys), LabelSet.sroie());
    }

    /** A stand-in tokenizer: a word it knows is one piece, any other one piece per character. */
    private static int pieces(String run) {
        return List.of("TOTAL", "RECEIPT", "CASH").contains(run) ? 1 : run.length();
    }

    @Test
    void aWordTheTokenizerBreaksIntoManyShortPiecesLooksMisread() {
        assertTrue(OcrSuggestions.manyPieces("TOTAI", OcrSuggestionsTest::pieces), "5 pieces of 1 character");
        assertTrue(OcrSuggestions.manyPieces("(RECEIPI)", OcrSuggestionsTest::pieces), "punctuation left out");
        assertTrue(OcrSuggestions.manyPieces("TOTAL:QZXW", OcrSuggestionsTest::pieces), "one bad run is enough");
        assertFalse(OcrSuggestions.manyPieces("TOTAL:", OcrSuggestionsTest::pieces));
        assertFalse(OcrSuggestions.manyPieces("ABC", OcrSuggestionsTest::pieces), "3 pieces are not many");
        assertFalse(OcrSuggestions.manyPieces("9557031100236", OcrSuggestionsTest::pieces), "a number alone");
        assertFalse(OcrSuggestions.manyPieces("ABCDEFGHIJKL", s -> 4), "4 pieces of 3 characters on average");
        assertTrue(OcrSuggestions.manyPieces("ABCDEFGHIJK", s -> 4), "4 pieces of under 3 characters");
        assertTrue(OcrSuggestions.manyPieces("ABCDEFGH", s -> 4), "more pieces than a third of its characters");
        assertFalse(OcrSuggestions.manyPieces("ABCDEFGHIJK", s -> 4, 5, 3), "other thresholds: 5 pieces asked");
        assertFalse(OcrSuggestions.manyPieces("ABCDEFGH", s -> 4, 4, 2), "other thresholds: under 2 characters");

        // found without key values; no correction proposed, the user types it
        List<OcrSuggestions.Suggestion> s = OcrSuggestions.of(receipt("10,10,130,10,130,30,10,30,CASH TOTAI 25.00\n",
                null), LabelSet.sroie(), OcrSuggestionsTest::pieces);
        assertEquals(1, s.size(), s.toString());
        assertEquals(OcrSuggestions.Kind.PIECES, s.get(0).kind());
        assertEquals("TOTAI", s.get(0).word().text());
        assertTrue(s.get(0).edits().isEmpty());
        assertTrue(OcrSuggestions.of(receipt("10,10,130,10,130,30,10,30,CASH TOTAI 25.00\n", null),
                LabelSet.sroie()).isEmpty(), "no tokenizer, no key values: nothing");
    }

    @Test
    void anApproximateCompanyGetsTheKeysCharacters() {
        List<OcrSuggestions.Suggestion> s = suggest("10,10,130,10,130,30,10,30,MR D.T.Y. (JOHOR) SDN BHD\n",
                Map.of("company", "MR D.I.Y. (JOHOR) SDN BHD"));
        assertEquals(1, s.size());
        assertEquals(OcrSuggestions.Kind.APPROXIMATE, s.get(0).kind());
        assertEquals("D.T.Y.", s.get(0).word().text());
        assertEquals(List.of(new OcrCorrections.SetText(0, 1, "D.I.Y.")), s.get(0).edits());
    }

    @Test
    void aMissingOrExtraCharacterJoinsTheRightWord() {
        List<OcrSuggestions.Suggestion> s = suggest("10,10,130,10,130,30,10,30,HAPPY SNACKS ENTYERPRISE\n",
                Map.of("company", "HAPPY SNACKS ENTERPRISE"));
        assertEquals(List.of(new OcrCorrections.SetText(0, 2, "ENTERPRISE")), s.get(0).edits());
        s = suggest("10,10,130,10,130,30,10,30,GERBANG ALAF RESTAURNTS SDN BHD\n",
                Map.of("company", "GERBANG ALAF RESTAURANTS SDN BHD"));
        assertEquals(List.of(new OcrCorrections.SetText(0, 2, "RESTAURANTS")), s.get(0).edits());
    }

    @Test
    void aValueInsideALongerWordIsSplitWhereItBegins() {
        List<OcrSuggestions.Suggestion> s = suggest("10,10,130,10,130,30,10,30,GRAND TOTAL:25.00\n",
                Map.of("total", "25.00"));
        assertEquals(OcrSuggestions.Kind.GLUED, s.get(0).kind());
        assertEquals(List.of(new OcrCorrections.Split(0, 1, 6)), s.get(0).edits());
        assertEquals("TOTAL: 25.00", s.get(0).text());
    }

    @Test
    void aValueInsideAWordIsCutOnBothSidesLaterCutFirst() {
        List<OcrSuggestions.Suggestion> s = suggest("10,10,130,10,130,30,10,30,DATE:25/12/2018,8:13PM\n",
                Map.of("date", "25/12/2018"));
        assertEquals(List.of(new OcrCorrections.Split(0, 0, 15), new OcrCorrections.Split(0, 0, 5)), s.get(0).edits());
        assertEquals("DATE: 25/12/2018 ,8:13PM", s.get(0).text());
    }

    @Test
    void aNumberIsNeverCutInsideItsDigits() {
        assertTrue(suggest("10,10,130,10,130,30,10,30,TOTAL 43.70\n", Map.of("total", "43.7")).isEmpty());
    }

    @Test
    void lettersThatLookLikeDigitsAreReadAsDigitsWhereTheKeyHasDigits() {
        List<OcrSuggestions.Suggestion> s = suggest("10,10,130,10,130,30,10,30,TOTAL RM7838.8O\n",
                Map.of("total", "7838.80"));
        assertEquals(OcrSuggestions.Kind.DIGITS, s.get(0).kind());
        assertEquals(List.of(new OcrCorrections.SetText(0, 1, "RM7838.80")), s.get(0).edits());
    }

    @Test
    void onTheSroieReceiptsTheSuggestionsMakeApproximateValuesExactAndRaiseTheCeiling() throws Exception {
        Path dir = Path.of(System.getProperty("layoutlens.sroie", "../shared/sroie"));
        assumeTrue(Files.isDirectory(dir.resolve("box")), "SROIE receipts not found at " + dir);
        OcrCorrectionBenchmark.Figures f = OcrCorrectionBenchmark.measure(dir);
        assertEquals(998, f.fields());
        assertTrue(f.approximateMadeExact() >= 0.9 * f.approximate(), f.toString());
        assertTrue(f.emAfterSplits() > f.emBefore(), f.toString());
        assertTrue(f.emAfterAll() > f.emAfterSplits(), f.toString());
    }

    @Test
    void onTheSroieReceiptsTheChosenThresholdsFlagMisreadWordsMoreOftenThanOthers() throws Exception {
        Path dir = Path.of(System.getProperty("layoutlens.sroie", "../shared/sroie"));
        assumeTrue(Files.isDirectory(dir.resolve("box")), "SROIE receipts not found at " + dir);
        for (String folder : List.of("models/demo-layoutlm", "models/demo-layoutlmv3")) {
            OcrCorrectionBenchmark.Sweep sw = OcrCorrectionBenchmark.sweep(dir, Path.of(folder),
                    new int[] {OcrSuggestions.MIN_PIECES}, new int[] {OcrSuggestions.MAX_CHARS_PER_PIECE});
            OcrCorrectionBenchmark.Threshold t = sw.thresholds().get(0);
            assertTrue(sw.misread() >= 50, sw.toString());
            assertTrue(t.flagged() < 0.2 * sw.words(), folder + ": " + sw);
            double misreadRate = (double) t.misreadFlagged() / sw.misread();
            double rightRate = (double) t.rightFlagged() / sw.right();
            assertTrue(misreadRate > 1.5 * rightRate, folder + ": misread words flagged at " + misreadRate
                    + ", words read right at " + rightRate);
        }
    }
}
