package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Problem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalCountsTest {

    /** Three receipts: the hand-made one, the same with other predictions, and one without key values. */
    private static List<ReceiptPair> receipts() {
        ReceiptPair a = EvaluatorTest.receipt();
        List<LabelRow> other = new ArrayList<>();
        for (LabelRow r : a.gold()) {
            other.add(r.withLabel(r.label().equals("ADDRESS") ? "O" : r.label(), 0.6));
        }
        ReceiptPair b = new ReceiptPair("r2", a.gold(), other, a.keys());
        ReceiptPair c = new ReceiptPair("r3", a.gold(), a.predicted(), null);
        return List.of(a, b, c);
    }

    @Test
    void partsSummedGiveTheFiguresOfTheWhole() {
        Evaluator ev = Evaluator.sroie(List.of());
        List<ReceiptPair> all = receipts();
        Evaluation whole = ev.evaluate(all, true, List.of(Problem.warning("x", 0, "one")));
        EvalCounts sum = EvalCounts.of(ev.evaluate(all.subList(0, 1), true, List.of(Problem.warning("x", 0, "one"))))
                .add(EvalCounts.of(ev.evaluate(all.subList(1, 3), true, List.of())));
        Evaluation e = sum.toEvaluation(ev);
        assertEquals(whole.receipts(), e.receipts());
        assertEquals(whole.words(), e.words());
        assertArrayEquals(whole.confusion().matrix(), e.confusion().matrix());
        assertEquals(whole.labels(), e.labels());
        assertEquals(whole.micro(), e.micro());
        assertEquals(whole.entities(), e.entities());
        assertEquals(whole.entityMicro(), e.entityMicro());
        assertEquals(whole.fields().fields(), e.fields().fields());
        assertEquals(whole.fields().sroie(), e.fields().sroie());
        assertEquals(whole.fields().receipts(), e.fields().receipts());
        assertEquals(whole.fields().receiptsEm(), e.fields().receiptsEm());
        assertEquals(whole.accuracy(), e.accuracy());
        assertEquals(whole.problems(), e.problems());
    }

    @Test
    void rulesEffectsSummedFromPartsAreThoseOfTheWhole() {
        Evaluator ev = Evaluator.sroie(Rules.parse("company-top,total-keyword"));
        List<ReceiptPair> all = receipts();
        Evaluation whole = ev.evaluate(all, true, List.of());
        EvalCounts sum = EvalCounts.empty(ev.labelSet(), true)
                .add(EvalCounts.of(ev.evaluate(all.subList(0, 2), true, List.of())))
                .add(EvalCounts.of(ev.evaluate(all.subList(2, 3), true, List.of())));
        Evaluation e = sum.toEvaluation(ev);
        assertEquals(2, e.rules().size());
        assertTrue(whole.rules().stream().anyMatch(r -> r.changedWords() > 0), "a rule changes some words here");
        for (int k = 0; k < 2; k++) {
            RuleEffect w = whole.rules().get(k);
            RuleEffect p = e.rules().get(k);
            assertEquals(List.of(w.rule(), w.label(), w.description(), w.changedWords(), w.removedTp(), w.removedFp(),
                            w.goldWords(), w.goldWordsKept(), w.goldSpans(), w.goldSpansKept()),
                    List.of(p.rule(), p.label(), p.description(), p.changedWords(), p.removedTp(), p.removedFp(),
                            p.goldWords(), p.goldWordsKept(), p.goldSpans(), p.goldSpansKept()));
            assertArrayEquals(w.before().matrix(), p.before().matrix());
            assertArrayEquals(w.after().matrix(), p.after().matrix());
        }
        assertArrayEquals(whole.confusion().matrix(), e.confusion().matrix());
        assertEquals(whole.fields().fields(), e.fields().fields());
    }

    @Test
    void partsEvaluatedWithOtherRulesAreNotSummed() {
        Evaluation with = Evaluator.sroie(Rules.parse("company-top")).evaluate(receipts(), true, List.of());
        Evaluation other = Evaluator.sroie(Rules.parse("total-keyword")).evaluate(receipts(), true, List.of());
        assertThrows(IllegalArgumentException.class, () -> EvalCounts.of(with).add(EvalCounts.of(other)));
        assertThrows(IllegalArgumentException.class,
                () -> EvalCounts.of(with).toEvaluation(Evaluator.sroie(List.of())));
    }
}
