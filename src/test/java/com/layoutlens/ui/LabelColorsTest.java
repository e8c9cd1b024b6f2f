package com.layoutlens.ui;

import com.layoutlens.data.LabelSet;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelColorsTest {

    @Test
    void everyTypeOfTheLargestBuiltInSchemaHasItsOwnColour() throws Exception {
        LabelSet cord = LabelSet.resolve("cord");
        int outside = cord.labels().indexOf(cord.outside());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cord.labels().size(); i++) {
            Color c = LabelColors.of(i, outside);
            if (i == outside) {
                assertEquals(LabelColors.OUTSIDE, c);
            } else {
                assertTrue(seen.add(LabelColors.css(c)), cord.labels().get(i) + " shares " + LabelColors.css(c));
                assertTrue(!LabelColors.css(c).equals(LabelColors.css(LabelColors.OUTSIDE)), cord.labels().get(i));
            }
        }
        assertTrue(seen.size() > 20, "CORD has many types: " + seen.size());
    }

    @Test
    void theFirstTypesKeepThePalette() {
        assertEquals(LabelColors.css(Color.web("#0072B2")), LabelColors.css(LabelColors.of(1, 0)));
        assertEquals(LabelColors.css(Color.web("#0072B2")), LabelColors.css(LabelColors.of(0, 4)));
    }
}
