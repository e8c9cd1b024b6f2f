package com.layoutlens.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LineIndexTest {

    @Test
    void linesComeFromYPositionsNotFromOrder() {
        List<Box> boxes = List.of(
                new Box(200, 52, 260, 70),  // line 1, right
                new Box(10, 10, 80, 28),    // line 0
                new Box(10, 50, 120, 68),   // line 1, left
                new Box(100, 12, 150, 30)); // line 0, right, slightly lower
        LineIndex li = LineIndex.of(boxes);
        assertEquals(2, li.lineCount());
        assertEquals(List.of(1, 3), li.line(0));
        assertEquals(List.of(2, 0), li.line(1));
        assertEquals(2, li.leftNeighbour(0));
        assertEquals(-1, li.leftNeighbour(1));
        assertEquals(List.of(1), li.leftOf(3));
    }

    @Test
    void aTallBoxDoesNotSwallowTheNextLine() {
        List<Box> boxes = List.of(new Box(0, 0, 50, 40), new Box(60, 5, 90, 20), new Box(0, 45, 50, 60));
        LineIndex li = LineIndex.of(boxes);
        assertEquals(li.lineOf(0), li.lineOf(1));
        assertEquals(li.lineOf(0) + 1, li.lineOf(2));
    }
}
