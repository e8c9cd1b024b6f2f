package com.layoutlens.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SegmentTest {

    @Test
    void wordsAreCutInProportionToCharacterOffsets() {
        // 10 characters over 100 px: 10 px per character
        Segment s = Segment.of(3, new Box(0, 10, 100, 30), "AB  CDE FG");
        List<Word> w = s.words();
        assertEquals(List.of("AB", "CDE", "FG"), w.stream().map(Word::text).toList());
        assertEquals(new Box(0, 10, 20, 30), w.get(0).box());
        assertEquals(new Box(40, 10, 70, 30), w.get(1).box());
        assertEquals(new Box(80, 10, 100, 30), w.get(2).box());
        assertEquals(3, w.get(1).segment());
        assertEquals(1, w.get(1).index());
        assertEquals(4, w.get(1).charStart());
        assertEquals(7, w.get(1).charEnd());
    }

    @Test
    void theBoxOfASkewedQuadIsItsBoundingBox() {
        Segment s = new Segment(0, 1, new int[] {10, 12, 90, 8, 92, 30, 12, 33}, "X");
        assertEquals(new Box(10, 8, 92, 33), s.box());
    }

    @Test
    void boxesAreNormalisedToThousandths() {
        assertEquals(new Box(0, 500, 1000, 1000), new Box(0, 100, 250, 210).normalized(250, 200));
    }
}
