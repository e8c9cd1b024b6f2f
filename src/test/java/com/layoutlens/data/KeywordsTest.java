package com.layoutlens.data;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeywordsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            TOTAL       | true
            total:      | true
            TOTAL(RM)   | true
            RM33.90     | true
            $8.20       | true
            AMOUNT      | true
            SUBTOTAL    | false
            PERMAS      | false
            TOTALLY     | false
            33.90       | false
            """)
    void totalKeywordsMatchWholeRuns(String word, boolean expected) {
        assertEquals(expected, Keywords.matches(word, Keywords.TOTAL_DEFAULT), word);
    }
}
