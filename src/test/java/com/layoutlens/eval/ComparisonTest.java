package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.layoutlens.eval.TestReceipts.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {

    private static final List<LabelRow> GOLD = List.of(row(0, 0, 0, 0, "a", "O"), row(0, 1, 0, 1, "b", "TOTAL"),
            row(1, 0, 1, 0, "c", "O"), row(1, 1, 1, 1, "d", "DATE"), row(2, 0, 2, 0, "e", "O"),
            row(2, 1, 2, 1, "f", "COMPANY"));

    private static ReceiptPair pred(String id, String... labels) {
        List<LabelRow> p = new ArrayList<>();
        for (int i = 0; i < GOLD.size(); i++) {
            p.add(GOLD.get(i).withLabel(labels[i], 0.5));
        }
        return new ReceiptPair(id, GOLD, p, null);
    }

    @Test
    void disagreementsAreGroupedByWhoIsRight() {
        // gold:  O     TOTAL  O      DATE  O     COMPANY
        ReceiptPair a = pred("1", "TOTAL", "TOTAL", "O", "O", "DATE", "O");
        ReceiptPair b = pred("1", "O", "O", "O", "DATE", "TOTAL", "O");
        Comparison c = Comparison.compare(Evaluator.sroie(List.of()), List.of(a), List.of(b), true, List.of());
        // word 0: only B right; word 1: only A right; word 3: only B right;
        // word 4: both wrong, different; word 5: both wrong, same (O)
        assertEquals(1, c.onlyARight().size());
        assertEquals("b", c.onlyARight().get(0).text());
        assertEquals(2, c.onlyBRight().size());
        assertEquals(1, c.bothWrong().size());
        assertEquals("DATE", c.bothWrong().get(0).a());
        assertEquals("TOTAL", c.bothWrong().get(0).b());
        assertEquals(1, c.bothWrongSame());
        assertEquals(1, c.overall().onlyA());
        assertEquals(2, c.overall().onlyB());
        // TOTAL: A has a false positive on word 0 that B avoids -> fp.onlyB = 1;
        // B has one on word 4 that A avoids -> fp.onlyA = 1; A finds word 1, B does not -> fn.onlyA = 1
        Comparison.LabelTests t = c.tests().get("TOTAL");
        assertEquals(1, t.fp().onlyA());
        assertEquals(1, t.fp().onlyB());
        assertEquals(1, t.fn().onlyA());
        assertEquals(0, t.fn().onlyB());
        // correct, on words where gold, A or B is TOTAL (0, 1, 4): word 0 only B, word 1 only A
        assertEquals(1, t.correct().onlyA());
        assertEquals(1, t.correct().onlyB());
        assertEquals(2, c.a().labels().get("TOTAL").tp() + c.b().labels().get("TOTAL").fp());
    }

    @Test
    void bioTagsAreRightOrWrongByTheirType() {
        List<LabelRow> gold = List.of(row(0, 0, 0, 0, "a", "O"), row(0, 1, 0, 1, "b", "B-TOTAL"),
                row(1, 0, 1, 0, "c", "B-ADDRESS"), row(1, 1, 1, 1, "d", "I-ADDRESS"));
        List<LabelRow> pa = new ArrayList<>();
        List<LabelRow> pb = new ArrayList<>();
        String[] a = {"O", "B-TOTAL", "B-ADDRESS", "I-ADDRESS"};
        String[] b = {"O", "O", "B-ADDRESS", "B-ADDRESS"};
        for (int i = 0; i < gold.size(); i++) {
            pa.add(gold.get(i).withLabel(a[i], 0.5));
            pb.add(gold.get(i).withLabel(b[i], 0.5));
        }
        Evaluator ev = Evaluator.of(com.layoutlens.data.LabelSet.builtIn("sroie-bio"), List.of());
        Comparison c = Comparison.compare(ev, List.of(new ReceiptPair("1", gold, pa, null)),
                List.of(new ReceiptPair("1", gold, pb, null)), true, List.of());
        // word 1: only A right; word 3: B-ADDRESS where gold has I-ADDRESS is right at word level, as is A's
        assertEquals(1, c.overall().onlyA());
        assertEquals(0, c.overall().onlyB());
        assertEquals(List.of("b"), c.onlyARight().stream().map(Comparison.Disagreement::text).toList());
        assertTrue(c.onlyBRight().isEmpty() && c.bothWrong().isEmpty());
        Comparison.LabelTests t = c.tests().get("TOTAL");
        assertEquals(1, t.correct().onlyA());
        assertEquals(1, t.fn().onlyA());
        assertEquals(0, c.tests().get("ADDRESS").correct().onlyA() + c.tests().get("ADDRESS").correct().onlyB());
    }

    @Test
    void receiptsOfOnlyOneSideAreLeftOutAndReported() {
        ReceiptPair a1 = pred("1", "O", "TOTAL", "O", "DATE", "O", "COMPANY");
        ReceiptPair a2 = pred("2", "O", "TOTAL", "O", "DATE", "O", "COMPANY");
        ReceiptPair b1 = pred("1", "O", "O", "O", "DATE", "O", "COMPANY");
        Comparison c = Comparison.compare(Evaluator.sroie(List.of()), List.of(a1, a2), List.of(b1), true, List.of());
        assertEquals(1, c.a().receipts());
        assertEquals(1, c.b().receipts());
        assertEquals(1, c.problems().size());
        assertTrue(c.problems().get(0).message().contains("A only"));
    }
}
