package com.layoutlens.model;

import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LabelNamesTest {

    @ParameterizedTest
    @CsvSource({
            "B-TOTAL, TOTAL",
            "I-COMPANY, COMPANY",
            "S-DATE, DATE",
            "E-ADDRESS, ADDRESS",
            "L-TOTAL, TOTAL",
            "U-DATE, DATE",
            "O, O",
            "TOTAL, TOTAL",
            "b-total, total",
            "B-, B-",
    })
    void taggingPrefixesAreDropped(String name, String plain) {
        assertEquals(plain, LabelNames.collapse(name));
    }

    @Test
    void classesMapOntoTheLabelSet() throws ModelFolderException {
        assertArrayEquals(new int[] {0, 1, 1, 4, 2, 3},
                LabelNames.mapping(List.of("O", "B-COMPANY", "I-COMPANY", "S-total", "DATE", "E-ADDRESS"),
                        LabelSet.sroie(), "config.json"));
    }
}
