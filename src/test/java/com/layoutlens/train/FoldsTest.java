package com.layoutlens.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FoldsTest {

    private static final List<String> IDS = IntStream.rangeClosed(1, 23).mapToObj(i -> String.format("r%03d", i)).toList();

    @Test
    void foldsPartitionTheReceiptsInNearlyEqualSizes() {
        List<List<String>> folds = Folds.assign(IDS, 5, 42);
        assertEquals(5, folds.size());
        Set<String> seen = new HashSet<>();
        for (List<String> f : folds) {
            assertTrue(f.size() == 4 || f.size() == 5, f.toString());
            assertEquals(f.stream().sorted().toList(), f);
            f.forEach(id -> assertTrue(seen.add(id), id));
        }
        assertEquals(new HashSet<>(IDS), seen);
    }

    @Test
    void theSameSeedDealsTheSameFoldsWhateverTheInputOrder() {
        List<String> reversed = new ArrayList<>(IDS);
        java.util.Collections.reverse(reversed);
        assertEquals(Folds.assign(IDS, 4, 7), Folds.assign(reversed, 4, 7));
        assertNotEquals(Folds.assign(IDS, 4, 7), Folds.assign(IDS, 4, 8));
    }

    @Test
    void badFoldCountsAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Folds.assign(IDS, 1, 1)).getMessage()
                .contains("at least 2 folds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Folds.assign(IDS, 24, 1)).getMessage()
                .contains("needs at least 24 labelled receipts, there are 23"));
        assertEquals(23, Folds.assign(IDS, 23, 1).stream().filter(f -> f.size() == 1).count());
    }
}
