package com.layoutlens.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The total keywords the rule, the hypotheses and the --total-segments split share. */
class TotalKeywordsTest {

    private static Word word(int segment, int index, String text, int x0, int y0) {
        return new Word(segment, index, new Box(x0, y0, x0 + 10 * text.length(), y0 + 20), text, 0, text.length());
    }

    @Test
    void aWordHoldsAKeywordWhenOneOfItsTokensIsOne() {
        TotalKeywords k = TotalKeywords.defaults();
        assertEquals(List.of("TOTAL", "AMOUNT", "RM", "$"), k.keywords());
        assertTrue(k.holds("Total(RM):"));
        assertTrue(k.holds("rm9.00"));
        assertTrue(k.holds("$"));
        assertFalse(k.holds("SUBTOTALS"), "a keyword inside a longer letter run is no token of its own");
        assertFalse(k.holds("FARM"));
        assertTrue(k.startsWith("RM9.00"));
        assertFalse(k.startsWith("9.00RM"));
        assertEquals(List.of("TOTAL", "(", "RM", ")", ":"), TotalKeywords.tokens("Total(RM):", 10));
        assertThrows(IllegalArgumentException.class, () -> new TotalKeywords(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TotalKeywords(List.of(" ")));
    }

    @Test
    void theSplitIsAtTheFirstKeywordInVisualReadingOrder() {
        // file order differs from the page: the amount line's segments come first in the file
        List<Word> words = List.of(
                word(0, 0, "9.00", 200, 300),     // line 3, right of TOTAL
                word(1, 0, "TOTAL", 10, 300),     // line 3, left: a keyword, but not the first
                word(2, 0, "SHOP", 10, 10),       // line 1
                word(3, 0, "ITEM", 10, 100),      // line 2, left of the first keyword
                word(3, 1, "AMOUNT", 100, 100),   // line 2: the first keyword on the page
                word(3, 2, "5.00", 200, 100),     // line 2, right of it
                word(4, 0, "THANKS", 10, 500));   // line 4
        assertArrayEquals(new int[] {1, 1, 0, 0, 1, 1, 1}, TotalKeywords.defaults().segments(words));
    }

    @Test
    void withoutAKeywordEveryWordIsInTheFirstSegment() {
        List<Word> words = List.of(word(0, 0, "SHOP", 10, 10), word(1, 0, "12.00", 10, 100));
        assertArrayEquals(new int[] {0, 0}, TotalKeywords.defaults().segments(words));
        assertArrayEquals(new int[0], TotalKeywords.defaults().segments(List.of()));
        assertArrayEquals(new int[] {0, 1}, new TotalKeywords(List.of("12")).segments(words),
                "another keyword list splits elsewhere");
    }
}
