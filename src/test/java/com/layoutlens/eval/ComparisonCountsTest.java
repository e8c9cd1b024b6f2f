package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Problem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.layoutlens.eval.TestReceipts.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonCountsTest {

    private static final List<LabelRow> GOLD = List.of(row(0, 0, 0, 0, "a", "O"), row(0, 1, 0, 1, "b", "TOTAL"),
            row(1, 0, 1, 0, "c", "O"), row(1, 1, 1, 1, "d", "DATE"), row(2, 0, 2, 0, "e", "O"),
            row(2, 1, 2, 1, "f", "COMPANY"));

    private static ReceiptPair pred(String id, double score, String... labels) {
        List<LabelRow> p = new ArrayList<>();
        for (int i = 0; i < GOLD.size(); i++) {
            p.add(GOLD.get(i).withLabel(labels[i], score));
        }
        return new ReceiptPair(id, GOLD, p, null);
    }

    @Test
    void partsComparedApartAndSummedGiveTheComparisonOfTheWhole() {
        Evaluator ev = Evaluator.sroie(Rules.parse("total-keyword"));
        List<ReceiptPair> a = List.of(pred("1", 0.5, "TOTAL", "TOTAL", "O", "O", "DATE", "O"),
                pred("2", 0.6, "O", "TOTAL", "O", "DATE", "O", "COMPANY"),
                pred("3", 0.7, "O", "O", "DATE", "DATE", "O", "O"),
                pred("4", 0.8, "O", "TOTAL", "O", "DATE", "O", "COMPANY"));
        List<ReceiptPair> b = List.of(pred("1", 0.4, "O", "O", "O", "DATE", "TOTAL", "O"),
                pred("3", 0.3, "O", "TOTAL", "O", "DATE", "COMPANY", "COMPANY"),
                pred("4", 0.2, "DATE", "TOTAL", "O", "O", "O", "COMPANY"),
                pred("5", 0.1, "O", "TOTAL", "O", "DATE", "O", "COMPANY"));
        Problem pa = Problem.error("a/9.csv", 0, "no prediction for gold receipt 9");
        Problem pb = Problem.error("b/9.csv", 0, "no prediction for gold receipt 9");
        Problem shared = Problem.warning("gold/1.csv", 0, "read by both");
        List<Problem> given = List.of(shared, pa, pb);
        Comparison whole = Comparison.compare(ev, a, b, true, given);

        ComparisonCounts sum = ComparisonCounts.empty(ev.labelSet(), true)
                .add(ComparisonCounts.of(ev, a.subList(0, 2), b.subList(0, 1), true, List.of(shared, pa),
                        List.of(shared, pb)))
                .add(ComparisonCounts.of(ev, a.subList(2, 4), b.subList(1, 4), true, List.of(), List.of()));
        Comparison parts = sum.toComparison(ev);

        assertEquals(3, whole.a().receipts(), "receipts 1, 3 and 4 are on both sides");
        assertTrue(whole.overall().onlyA() + whole.overall().onlyB() > 0);
        assertEquals(whole.a().receipts(), parts.a().receipts());
        assertArrayEquals(whole.a().confusion().matrix(), parts.a().confusion().matrix());
        assertArrayEquals(whole.b().confusion().matrix(), parts.b().confusion().matrix());
        assertEquals(whole.b().entities(), parts.b().entities());
        assertEquals(whole.b().fields().fields(), parts.b().fields().fields());
        assertEquals(whole.a().rules().get(0).changedWords(), parts.a().rules().get(0).changedWords());
        assertEquals(whole.onlyARight(), parts.onlyARight());
        assertEquals(whole.onlyBRight(), parts.onlyBRight());
        assertEquals(whole.bothWrong(), parts.bothWrong());
        assertEquals(whole.bothWrongSame(), parts.bothWrongSame());
        assertEquals(whole.overall(), parts.overall());
        assertEquals(whole.tests(), parts.tests());
        assertEquals(whole.problems(), parts.problems());
        assertEquals(List.of(shared, pa, pb), whole.problems().subList(0, 3));
        assertEquals(5, whole.problems().size(), "receipt 2 is A's only, receipt 5 B's only");
    }
}
