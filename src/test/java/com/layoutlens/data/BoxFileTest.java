package com.layoutlens.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoxFileTest {

    @Test
    void everythingAfterTheEighthCommaIsText() {
        List<Problem> problems = new ArrayList<>();
        List<Segment> s = BoxFile.parse("49,201,391,201,391,227,49,227,LOT 1851-A & 1851-B, JALAN KPB 6,\n", "f", problems);
        assertEquals(1, s.size());
        assertEquals("LOT 1851-A & 1851-B, JALAN KPB 6,", s.get(0).text());
        assertArrayEquals(new int[] {49, 201, 391, 201, 391, 227, 49, 227}, s.get(0).points());
        assertTrue(problems.isEmpty());
    }

    @Test
    void crlfQuotesAndBlankLinesAreRead() {
        List<Problem> problems = new ArrayList<>();
        String text = "1,2,3,2,3,4,1,4,\"QUOTED\" TEXT\r\n\r\n5,6,7,6,7,8,5,8,SAY \"HI\", THERE\r\n   \n";
        List<Segment> s = BoxFile.parse(text, "f", problems);
        assertEquals(2, s.size());
        assertEquals("\"QUOTED\" TEXT", s.get(0).text());
        assertEquals("SAY \"HI\", THERE", s.get(1).text());
        assertEquals(0, s.get(0).index());
        assertEquals(1, s.get(1).index(), "blank lines do not count as segments");
        assertEquals(3, s.get(1).line(), "line numbers count every line");
        assertTrue(problems.isEmpty());
    }

    @Test
    void aLoneCarriageReturnEndsALineAsLfAndCrlfDo() {
        List<Problem> problems = new ArrayList<>();
        String text = "1,2,3,2,3,4,1,4,FIRST\r5,6,7,6,7,8,5,8,SECOND\r\n9,9,9,9,9,9,9,9,THIRD\n\r1,1,1,1,1,1,1,1,LAST\r";
        List<Segment> s = BoxFile.parse(text, "f", problems);
        assertEquals(List.of("FIRST", "SECOND", "THIRD", "LAST"), s.stream().map(Segment::text).toList());
        assertEquals(List.of(1, 2, 3, 5), s.stream().map(Segment::line).toList());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void brokenLinesAreReportedWithTheirLineAndTheRestIsRead() {
        List<Problem> problems = new ArrayList<>();
        String text = "1,2,3,2,3,4,1,4,FIRST\n1,2,3,TOO SHORT\n1,2,3.5,2,3,4,1,4,FLOAT\n1,2,3,2,3,4,1,4,LAST\n";
        List<Segment> s = BoxFile.parse(text, "box/x.csv", problems);
        assertEquals(List.of("FIRST", "LAST"), s.stream().map(Segment::text).toList());
        assertEquals(3, s.get(1).index(), "a broken line keeps its index so later indices do not shift");
        assertEquals(2, problems.size());
        assertEquals(2, problems.get(0).line());
        assertEquals("box/x.csv", problems.get(0).file());
        assertTrue(problems.get(0).message().contains("found only 4 fields"), problems.get(0).message());
        assertEquals(3, problems.get(1).line());
        assertTrue(problems.get(1).message().contains("'3.5' is not an integer"), problems.get(1).message());
        assertTrue(problems.get(1).isError());
    }

    @Test
    void aLineWithoutTextIsASegmentWithoutWords() {
        List<Problem> problems = new ArrayList<>();
        List<Segment> s = BoxFile.parse("1,2,3,2,3,4,1,4,\n", "f", problems);
        assertEquals(1, s.size());
        assertTrue(s.get(0).words().isEmpty());
        assertTrue(problems.isEmpty());
    }

    @Test
    void nonUtf8FilesAreReadWithTheFallbackAndReported(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.csv");
        Files.write(f, "1,2,3,2,3,4,1,4,CAF\u00c9 \u00a3 5.00\n".getBytes("windows-1252"));
        BoxFile.ReadResult r = BoxFile.read(f);
        assertEquals("CAF\u00c9 \u00a3 5.00", r.segments().get(0).text());
        assertEquals(1, r.problems().size());
        assertFalse(r.problems().get(0).isError());
        assertTrue(r.problems().get(0).message().contains("not valid UTF-8"));
    }

    @Test
    void utf8WithBomIsRead(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.csv");
        byte[] body = "1,2,3,2,3,4,1,4,CAF\u00c9\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[body.length + 3];
        all[0] = (byte) 0xef; all[1] = (byte) 0xbb; all[2] = (byte) 0xbf;
        System.arraycopy(body, 0, all, 3, body.length);
        Files.write(f, all);
        BoxFile.ReadResult r = BoxFile.read(f);
        assertEquals("CAF\u00c9", r.segments().get(0).text());
        assertTrue(r.problems().isEmpty());
    }

    @Test
    void formatThenParseGivesTheSameSegments() {
        List<Segment> in = List.of(Segment.of(0, new Box(1, 2, 30, 12), "A, B"), Segment.of(1, new Box(5, 20, 40, 30), "C"));
        List<Problem> problems = new ArrayList<>();
        List<Segment> out = BoxFile.parse(BoxFile.format(in), "f", problems);
        assertEquals(in.stream().map(Segment::text).toList(), out.stream().map(Segment::text).toList());
        assertEquals(in.get(1).box(), out.get(1).box());
    }
}
