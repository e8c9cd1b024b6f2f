package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.layoutlens.eval.TestReceipts.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RulesTest {

    @Test
    void totalAfterKeywordIsKept() {
        // "TOTAL" and "9.00" are separate segments on one visual line
        List<LabelRow> rows = List.of(row(0, 0, 5, 0, "TOTAL:", "O"), row(1, 0, 5, 3, "9.00", "TOTAL", 0.9));
        List<LabelRow> out = new TotalKeywordRule().apply(rows);
        assertEquals("TOTAL", out.get(1).label());
        assertEquals(0.9, out.get(1).score());
    }

    @Test
    void totalWithoutKeywordOnItsLineBecomesO() {
        List<LabelRow> rows = List.of(row(0, 0, 4, 0, "TOTAL", "O"),     // keyword one line above
                row(1, 0, 5, 0, "CASH", "O"), row(1, 1, 5, 1, "9.00", "TOTAL", 0.9));
        List<LabelRow> out = new TotalKeywordRule().apply(rows);
        assertEquals("O", out.get(2).label());
        assertNull(out.get(2).score());
    }

    @Test
    void keywordToTheRightDoesNotCount() {
        List<LabelRow> rows = List.of(row(0, 0, 5, 0, "9.00", "TOTAL"), row(0, 1, 5, 1, "TOTAL", "O"));
        assertEquals("O", new TotalKeywordRule().apply(rows).get(0).label());
    }

    @Test
    void keywordGluedToTheAmountCounts() {
        List<LabelRow> rows = List.of(row(0, 0, 5, 0, "RM9.00", "TOTAL"), row(1, 0, 6, 0, "$12", "TOTAL"),
                row(2, 0, 7, 0, "9.00RM", "TOTAL"), row(3, 0, 8, 0, "(RM)", "O"), row(3, 1, 8, 1, "1.50", "TOTAL"));
        assertArrayEquals(new boolean[] {true, true, false, false, true}, new TotalKeywordRule().allows(rows));
    }

    @Test
    void keywordsAreTokensNotSubstrings() {
        TotalKeywordRule r = new TotalKeywordRule();
        assertTrue(r.holdsKeyword("Total(RM):"));
        assertTrue(r.holdsKeyword("amount"));
        assertEquals(false, r.holdsKeyword("SUBTOTAL"));
        assertEquals(false, r.holdsKeyword("FARM"));
        assertEquals(List.of("TOTAL", "(", "RM", ")", ":"), TotalKeywordRule.tokens("Total(RM):", 10));
    }

    @Test
    void keywordsAreConfigurable() {
        List<LabelRow> rows = List.of(row(0, 0, 5, 0, "JUMLAH", "O"), row(1, 0, 5, 1, "9.00", "TOTAL"));
        assertEquals("O", new TotalKeywordRule().apply(rows).get(1).label());
        assertEquals("TOTAL", new TotalKeywordRule(List.of("jumlah")).apply(rows).get(1).label());
    }

    @Test
    void companyBelowTheFirstLinesBecomesO() {
        List<LabelRow> rows = List.of(row(0, 0, 0, 0, "SHOP", "COMPANY"), row(1, 0, 1, 0, "SDN", "COMPANY"),
                row(2, 0, 2, 0, "BHD", "COMPANY"), row(3, 0, 9, 0, "SHOP", "COMPANY"));
        List<LabelRow> out = new CompanyTopRule().apply(rows);
        assertEquals(List.of("COMPANY", "COMPANY", "O", "O"), out.stream().map(LabelRow::label).toList());
        assertEquals(List.of("COMPANY", "COMPANY", "COMPANY", "O"),
                new CompanyTopRule(3).apply(rows).stream().map(LabelRow::label).toList());
    }

    @Test
    void companyLinesComeFromPositionNotSegmentOrder() {
        // segment 0 is printed low on the page, segment 2 at the top
        List<LabelRow> rows = List.of(row(0, 0, 8, 0, "SHOP", "COMPANY"), row(1, 0, 4, 0, "x", "O"),
                row(2, 0, 0, 0, "SHOP", "COMPANY"));
        List<LabelRow> out = new CompanyTopRule(2).apply(rows);
        assertEquals("O", out.get(0).label());
        assertEquals("COMPANY", out.get(2).label());
    }

    @Test
    void rulesNeverTouchOtherLabels() {
        List<LabelRow> rows = List.of(row(0, 0, 9, 0, "x", "DATE"), row(1, 0, 9, 1, "y", "ADDRESS"));
        assertEquals(rows, new CompanyTopRule(1).apply(new TotalKeywordRule().apply(rows)));
    }

    @Test
    void supportCountsTheGoldWordsAndValuesARuleKeeps() {
        // receipt 1: "TOTAL 9 .00" kept whole; receipt 2: "CASH 5.00" (no keyword) and "RM3.00" kept
        List<LabelRow> r1 = List.of(row(0, 0, 5, 0, "TOTAL", "O"), row(0, 1, 5, 1, "9", "TOTAL"),
                row(0, 2, 5, 2, ".00", "TOTAL"));
        List<LabelRow> r2 = List.of(row(0, 0, 5, 0, "CASH", "O"), row(0, 1, 5, 1, "5.00", "TOTAL"),
                row(0, 2, 5, 2, "x", "O"), row(1, 0, 6, 0, "RM3.00", "TOTAL"));
        RuleSupport s = RuleSupport.of(new TotalKeywordRule(), List.of(r1, r2), "O");
        assertEquals(new RuleSupport(4, 3, 3, 2), s);
        assertEquals(0.75, s.wordShare());
        assertEquals(2.0 / 3, s.valueShare());
        assertEquals(1, s.wordsDeleted());
    }

    @Test
    void parseReadsNamesAndParameters() {
        List<Rule> rules = Rules.parse("total-keyword:keywords=TOTAL|AMOUNT|RM|$|JUMLAH,company-top:lines=3");
        assertEquals(2, rules.size());
        TotalKeywordRule t = assertInstanceOf(TotalKeywordRule.class, rules.get(0));
        assertEquals(List.of("TOTAL", "AMOUNT", "RM", "$", "JUMLAH"), t.keywords());
        assertEquals(3, assertInstanceOf(CompanyTopRule.class, rules.get(1)).lines());
        assertEquals("company-top:lines=3", rules.get(1).spec());
    }

    @Test
    void parseUsesDefaults() {
        List<Rule> rules = Rules.parse(" total-keyword , company-top ");
        assertEquals(TotalKeywordRule.DEFAULT_KEYWORDS, ((TotalKeywordRule) rules.get(0)).keywords());
        assertEquals(2, ((CompanyTopRule) rules.get(1)).lines());
        assertTrue(Rules.parse("").isEmpty());
        assertTrue(Rules.parse(null).isEmpty());
    }

    @Test
    void parseRefusesUnknownRulesAndParameters() {
        assertThrows(IllegalArgumentException.class, () -> Rules.parse("total-anchor"));
        assertThrows(IllegalArgumentException.class, () -> Rules.parse("company-top:rows=2"));
        assertThrows(IllegalArgumentException.class, () -> Rules.parse("company-top:lines=two"));
        assertThrows(IllegalArgumentException.class, () -> Rules.parse("company-top:lines=0"));
        assertThrows(IllegalArgumentException.class, () -> Rules.parse("total-keyword:keywords="));
        assertThrows(IllegalArgumentException.class, () -> Rules.parse("total-keyword:keywords"));
    }
}
