package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Problem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.layoutlens.eval.TestReceipts.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatcherTest {

    private static final List<LabelRow> GOLD = List.of(row(0, 0, 0, 0, "SHOP", "COMPANY"),
            row(0, 1, 0, 1, "BHD", "COMPANY"), row(1, 0, 1, 0, "9.00", "TOTAL"));

    private static Matcher.Result match(Map<String, List<LabelRow>> gold, Map<String, List<LabelRow>> pred) {
        return Matcher.match(gold, pred, null, id -> "gold/" + id + ".csv", id -> "pred/" + id + ".csv");
    }

    @Test
    void rowsArePairedByPositionWhateverTheFileOrder() {
        List<LabelRow> pred = new ArrayList<>(GOLD);
        java.util.Collections.reverse(pred);
        Matcher.Result r = match(Map.of("1", GOLD), Map.of("1", pred));
        assertEquals(1, r.pairs().size());
        assertEquals(GOLD, r.pairs().get(0).predicted());
        assertTrue(r.problems().isEmpty());
    }

    @Test
    void missingPredictionIsReportedAndNotCountedAsO() {
        Map<String, List<LabelRow>> gold = new TreeMap<>(Map.of("1", GOLD, "2", GOLD));
        Matcher.Result r = match(gold, Map.of("1", GOLD));
        assertEquals(1, r.pairs().size());
        assertEquals(1, r.problems().size());
        Problem p = r.problems().get(0);
        assertEquals("pred/2.csv", p.file());
        assertTrue(p.isError());
        assertTrue(p.message().contains("no prediction"), p.message());
    }

    @Test
    void missingExtraAndChangedWordsAreEachReported() {
        List<LabelRow> pred = List.of(row(0, 0, 0, 0, "SHOP", "COMPANY"), row(1, 0, 1, 0, "9.O0", "TOTAL"),
                row(5, 0, 5, 0, "extra", "O"));
        Matcher.Result r = match(Map.of("1", GOLD), Map.of("1", pred));
        assertTrue(r.pairs().isEmpty());
        assertEquals(3, r.problems().size());
        assertTrue(r.problems().get(0).message().startsWith("1 gold word missing"), r.problems().get(0).message());
        assertTrue(r.problems().get(0).message().contains("(0,1) 'BHD'"));
        assertTrue(r.problems().get(1).message().contains("gold '9.00', predicted '9.O0'"));
        assertTrue(r.problems().get(2).message().contains("(5,0) 'extra'"));
    }

    @Test
    void predictionWithoutGoldIsAWarning() {
        Matcher.Result r = match(Map.of("1", GOLD), new TreeMap<>(Map.of("1", GOLD, "9", GOLD)));
        assertEquals(1, r.pairs().size());
        assertEquals(1, r.problems().size());
        assertEquals(Problem.Severity.WARNING, r.problems().get(0).severity());
        assertEquals("pred/9.csv", r.problems().get(0).file());
    }

    @Test
    void missingKeyFileIsReportedWhenKeysAreUsed() {
        Matcher.Result r = Matcher.match(Map.of("1", GOLD), Map.of("1", GOLD), Map.of(), id -> id, id -> id);
        assertEquals(1, r.pairs().size());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).message().contains("no key file"));
    }
}
