package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.layoutlens.eval.TestReceipts.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {

    /**
     * One receipt, by hand (line: words):
     * 0: SHOP(COMPANY) SDN(COMPANY)            predicted COMPANY COMPANY
     * 1: 01/02/19(DATE)                         predicted DATE
     * 2: NO 1(ADDRESS ADDRESS)                  predicted ADDRESS O
     * 3: SHOP(O)                                predicted COMPANY   (fp, removed by company-top)
     * 4: SUB 9.00 (O O)                         predicted O TOTAL   (fp, removed by total-keyword)
     * 5: TOTAL 9.00 (O TOTAL)                   predicted O TOTAL
     */
    static ReceiptPair receipt() {
        List<LabelRow> gold = List.of(
                row(0, 0, 0, 0, "SHOP", "COMPANY"), row(0, 1, 0, 1, "SDN", "COMPANY"),
                row(1, 0, 1, 0, "01/02/19", "DATE"),
                row(2, 0, 2, 0, "NO", "ADDRESS"), row(2, 1, 2, 1, "1", "ADDRESS"),
                row(3, 0, 3, 0, "SHOP", "O"),
                row(4, 0, 4, 0, "SUB", "O"), row(4, 1, 4, 1, "9.00", "O"),
                row(5, 0, 5, 0, "TOTAL", "O"), row(6, 0, 5, 1, "9.00", "TOTAL"));
        List<String> pred = List.of("COMPANY", "COMPANY", "DATE", "ADDRESS", "O", "COMPANY", "O", "TOTAL", "O", "TOTAL");
        List<LabelRow> p = new ArrayList<>();
        for (int i = 0; i < gold.size(); i++) {
            p.add(gold.get(i).withLabel(pred.get(i), 0.8));
        }
        return new ReceiptPair("r1", gold, p,
                Map.of("company", "SHOP SDN", "date", "01/02/19", "address", "NO 1", "total", "9.00"));
    }

    @Test
    void wordScoresWithoutRules() {
        Evaluation e = Evaluator.sroie(List.of()).evaluate(List.of(receipt()), false, List.of());
        assertEquals(1, e.receipts());
        assertEquals(10, e.words());
        assertArrayEquals(new long[] {2, 1, 0, 0, 1}, e.confusion().matrix()[0]);
        assertArrayEquals(new long[] {1, 0, 0, 1, 0}, e.confusion().matrix()[3]);
        assertEquals(LabelScore.of(2, 1, 0), e.labels().get("COMPANY"));
        assertEquals(LabelScore.of(1, 0, 0), e.labels().get("DATE"));
        assertEquals(LabelScore.of(1, 0, 1), e.labels().get("ADDRESS"));
        assertEquals(LabelScore.of(1, 1, 0), e.labels().get("TOTAL"));
        assertEquals(LabelScore.of(5, 2, 1), e.micro());
        // spans: COMPANY gold {0-2}, pred {0-2},{5}; ADDRESS gold {3-5} pred {3}; TOTAL gold {9}, pred {7},{9}
        assertEquals(LabelScore.of(1, 1, 0), e.entities().get("COMPANY"));
        assertEquals(LabelScore.of(0, 1, 1), e.entities().get("ADDRESS"));
        assertEquals(LabelScore.of(1, 1, 0), e.entities().get("TOTAL"));
        assertEquals(LabelScore.of(3, 3, 1), e.entityMicro());
        // fields: company "SHOP SDN SHOP" wrong, date right, address "NO" wrong, total "9.00" right
        assertEquals(new FieldScores.Count(4, 2, 2), e.fields().fields().get(FieldScores.ALL));
        assertEquals(LabelScore.of(2, 2, 2), e.fields().sroie());
        assertTrue(e.rules().isEmpty());
    }

    @Test
    void rulesRemoveTheFalsePositivesAndReportTheirEffect() {
        Evaluation e = Evaluator.sroie(List.of(new TotalKeywordRule(), new CompanyTopRule(2)))
                .evaluate(List.of(receipt()), false, List.of());
        assertEquals(LabelScore.of(2, 0, 0), e.labels().get("COMPANY"));
        assertEquals(LabelScore.of(1, 0, 0), e.labels().get("TOTAL"));
        assertEquals(new FieldScores.Count(4, 3, 3), e.fields().fields().get(FieldScores.ALL));

        RuleEffect total = e.rules().get(0);
        assertEquals("total-keyword:keywords=TOTAL|AMOUNT|RM|$", total.rule());
        assertEquals(1, total.changedWords());
        assertEquals(0, total.removedTp());
        assertEquals(1, total.removedFp());
        assertEquals(1, total.before().count("O", "TOTAL"));
        assertEquals(0, total.after().count("O", "TOTAL"));
        assertEquals(-1, total.difference()[0][4]);
        assertEquals(1, total.difference()[0][0]);
        // gold: the one TOTAL word has TOTAL to its left
        assertEquals(1, total.goldWords());
        assertEquals(1, total.goldWordsKept());
        assertEquals(1, total.goldSpans());
        assertEquals(1, total.goldSpansKept());

        RuleEffect company = e.rules().get(1);
        assertEquals(total.after(), company.before());
        assertEquals(1, company.removedFp());
        assertEquals(2, company.goldWords());
        assertEquals(2, company.goldWordsKept());
        assertEquals(0, company.goldWordsDeleted());
    }

    @Test
    void ruleThatWouldDeleteTruePositivesSaysHowMany() {
        // with one line allowed, gold COMPANY "SDN" on line 0 is kept but line-1 words are not:
        ReceiptPair p = receipt();
        List<LabelRow> gold = new ArrayList<>(p.gold());
        gold.set(2, gold.get(2).withLabel("COMPANY", null)); // the date line now holds company words
        List<LabelRow> pred = new ArrayList<>(p.predicted());
        pred.set(2, pred.get(2).withLabel("COMPANY", 0.9));
        ReceiptPair q = new ReceiptPair("r1", gold, pred, null);
        Evaluation e = Evaluator.sroie(List.of(new CompanyTopRule(1))).evaluate(List.of(q), true, List.of());
        RuleEffect r = e.rules().get(0);
        assertEquals(3, r.goldWords());
        assertEquals(2, r.goldWordsKept());
        assertEquals(1, r.goldWordsDeleted());
        assertEquals(1, r.goldSpans());
        assertEquals(0, r.goldSpansKept());
        assertEquals(1, r.removedTp());
        assertEquals(1, r.removedFp());
        assertTrue(e.keysFromLabels());
        assertFalse(e.fields().matches().isEmpty());
    }
}
