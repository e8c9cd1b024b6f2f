package com.layoutlens.data;

import org.junit.jupiter.api.Test;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    void onARealReceiptKeywordAndAmountShareALine() throws Exception {
        Path sroie = Path.of(System.getProperty("layoutlens.sroie", "../shared/sroie"));
        assumeTrue(sroie != null && Files.isRegularFile(sroie.resolve("box/002.csv")), "no SROIE receipts");
        List<Word> words = new ArrayList<>();
        for (Segment s : BoxFile.read(sroie.resolve("box/002.csv")).segments()) {
            words.addAll(s.words());
        }
        VisualLines v = VisualLines.of(words.stream().map(Word::box).toList());
        int total = -1, amount = -1;
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).text().equals("ROUNDED")) {
                total = i;
            }
            if (words.get(i).text().equals("33.90")) {
                amount = i;
            }
        }
        assertEquals(v.lineOf(total), v.lineOf(amount));
        assertTrue(v.positionInLine(total) < v.positionInLine(amount));
        assertEquals(0, v.lineOf(0), "the first segment is the top line");
    }

    @Test
    void onRealReceiptsTheWordsOfASegmentStayOnOneLine() throws Exception {
        Path sroie = Path.of(System.getProperty("layoutlens.sroie", "../shared/sroie"));
        assumeTrue(Files.isDirectory(sroie.resolve("box")), "no SROIE receipts at " + sroie);
        int receipts = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(sroie.resolve("box"), "*.csv")) {
            for (Path box : ds) {
                List<Word> words = new ArrayList<>();
                for (Segment s : BoxFile.read(box).segments()) {
                    words.addAll(s.words());
                }
                VisualLines v = VisualLines.of(words.stream().map(Word::box).toList());
                for (int i = 1; i < words.size(); i++) {
                    if (words.get(i).segment() == words.get(i - 1).segment()) {
                        assertEquals(v.lineOf(i - 1), v.lineOf(i), box + " segment " + words.get(i).segment());
                        assertTrue(v.positionInLine(i - 1) < v.positionInLine(i));
                    }
                }
                assertTrue(v.count() <= words.size());
                receipts++;
            }
        }
        assertTrue(receipts > 0);
    }

    @Test
    void noBoxesNoLines() {
        assertEquals(0, VisualLines.of(List.of()).count());
    }
}
