package com.layoutlens.eval;

import com.layoutlens.data.Box;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class VisualLinesTest {

    @Test
    void boxesSideBySideShareALineInLeftToRightOrder() {
        List<Box> boxes = List.of(
                new Box(300, 102, 360, 120),  // 9.00, a little lower than TOTAL
                new Box(10, 100, 80, 118),    // TOTAL
                new Box(10, 10, 200, 30));    // the header
        VisualLines v = VisualLines.of(boxes);
        assertEquals(2, v.count());
        assertEquals(0, v.lineOf(2));
        assertEquals(1, v.lineOf(0));
        assertEquals(1, v.lineOf(1));
        assertArrayEquals(new int[] {1, 0}, v.line(1));
        assertEquals(0, v.positionInLine(1));
        assertEquals(1, v.positionInLine(0));
    }

    @Test
    void linesAreNumberedByPositionNotByListOrder() {
        List<Box> boxes = List.of(new Box(0, 200, 50, 220), new Box(0, 100, 50, 120), new Box(0, 0, 50, 20));
        VisualLines v = VisualLines.of(boxes);
        assertEquals(2, v.lineOf(0));
        assertEquals(1, v.lineOf(1));
        assertEquals(0, v.lineOf(2));
    }

    @Test
    void touchingLinesStayApart() {
        // consecutive lines that touch (y1 of one = y0 of the next) are separate lines
        List<Box> boxes = List.of(new Box(0, 0, 50, 20), new Box(0, 20, 50, 40), new Box(60, 21, 90, 41));
        VisualLines v = VisualLines.of(boxes);
        assertEquals(2, v.count());
        assertEquals(v.lineOf(1), v.lineOf(2));
    }

    @Test
    void aSlantedLineDoesNotSwallowTheNextOne() {
        // a line drifting down by 4 px per word, then the next line 20 px below its start
        List<Box> boxes = List.of(new Box(0, 0, 40, 16), new Box(50, 4, 90, 20), new Box(100, 8, 140, 24),
                new Box(0, 22, 40, 38));
        VisualLines v = VisualLines.of(boxes);
        assertEquals(0, v.lineOf(0));
        assertEquals(0, v.lineOf(1));
        assertEquals(0, v.lineOf(2));
        assertEquals(1, v.lineOf(3));
    }

    @Test
    void noBoxesNoLines() {
        assertEquals(0, VisualLines.of(List.of()).count());
    }
}
