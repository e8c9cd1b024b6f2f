package com.layoutlens.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelFileTest {

    private static final LabelSet SROIE = LabelSet.sroie();

    private static List<LabelRow> awkwardRows() {
        return List.of(
                new LabelRow(0, 0, new Box(1, 2, 3, 4), "plain", "O", null),
                new LabelRow(0, 1, new Box(1, 2, 3, 4), "a,b", "COMPANY", 0.5),
                new LabelRow(1, 0, new Box(10, 20, 30, 40), "say \"hi\"", "DATE", 0.123456),
                new LabelRow(1, 1, new Box(10, 20, 30, 40), "two\r\nlines\nhere", "ADDRESS", 1.0),
                new LabelRow(2, 0, new Box(0, 0, 0, 0), "Kuala Lumpur \u00e9\u4e2d\u6587 \ud83e\uddfe", "TOTAL", 0.0),
                new LabelRow(2, 1, new Box(0, 0, 0, 0), "", "O", 0.999999));
    }

    @Test
    void theHeaderIsExactlyTheContract() {
        String text = LabelFile.format(List.of());
        assertEquals("segment,word,x0,y0,x1,y1,text,label,score\r\n", text);
    }

    @Test
    void rowsRoundTripWithCommasQuotesNewlinesAndNonAscii(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a.csv");
        LabelFile.write(f, awkwardRows());
        LabelFile.ReadResult r = LabelFile.read(f, SROIE);
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertEquals(awkwardRows(), r.rows());
    }

    @Test
    void filesRoundTripByteForByte(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        LabelFile.write(a, awkwardRows());
        LabelFile.write(b, LabelFile.read(a, SROIE).rows());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertTrue(new String(Files.readAllBytes(a), StandardCharsets.UTF_8).contains("\"say \"\"hi\"\"\""));
    }

    /** CORD's tags as hub models spell them (B-MENU.NM) read as the schema's (B-menu.nm); a tag of no type stays an error. */
    @Test
    void tagsInAnotherCaseReadAsTheSchemaSpellsThem(@TempDir Path dir) throws IOException {
        LabelSet cord = LabelSet.builtIn("cord");
        Path f = dir.resolve("c.csv");
        Files.writeString(f, "segment,word,x0,y0,x1,y1,text,label,score\r\n"
                + "0,0,1,2,3,4,KOPI,B-MENU.NM,\r\n"
                + "0,1,1,2,3,4,SUSU,i-menu.nm,\r\n"
                + "0,2,1,2,3,4,x,o,\r\n"
                + "0,3,1,2,3,4,y,B-NOT.A.FIELD,\r\n");
        LabelFile.ReadResult r = LabelFile.read(f, cord);
        assertEquals(List.of("B-menu.nm", "I-menu.nm", "O"), r.rows().stream().map(LabelRow::label).toList());
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertEquals(5, r.problems().get(0).line());
        assertTrue(r.problems().get(0).message().contains("B-NOT.A.FIELD"), r.problems().get(0).message());
    }

    @Test
    void scoresAreWrittenCanonically() {
        assertEquals("0.5", LabelFile.formatScore(0.5));
        assertEquals("1", LabelFile.formatScore(1.0));
        assertEquals("0", LabelFile.formatScore(0.0));
        assertEquals("0.333333", LabelFile.formatScore(1.0 / 3));
        assertEquals("", LabelFile.formatScore(null));
    }

    @Test
    void brokenLinesAreReportedAndTheRestIsRead(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, String.join("\r\n",
                LabelFile.HEADER,
                "0,0,1,2,3,4,A,O,",
                "0,1,1,2,3,4,B,NOPE,",
                "0,2,1,2,x,4,C,O,",
                "0,3,1,2,3,4,D,O,1.5",
                "0,4,1,2,3,4,E,O",
                "0,0,1,2,3,4,F,O,",
                "1,0,1,2,3,4,G,TOTAL,0.9", ""));
        LabelFile.ReadResult r = LabelFile.read(f, SROIE);
        assertEquals(List.of("A", "G"), r.rows().stream().map(LabelRow::text).toList());
        assertEquals(List.of(3, 4, 5, 6, 7), r.problems().stream().map(Problem::line).toList());
        assertTrue(r.problems().get(0).message().contains("unknown label 'NOPE'"));
        assertTrue(r.problems().get(1).message().contains("x1 'x' is not an integer"));
        assertTrue(r.problems().get(2).message().contains("outside [0,1]"));
        assertTrue(r.problems().get(3).message().contains("expected 9 fields, found 8"));
        assertTrue(r.problems().get(4).message().contains("appears twice"));
    }

    @Test
    void anUnclosedQuoteIsReportedAtTheLineWhereItsRecordStarts(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.csv");
        StringBuilder sb = new StringBuilder(LabelFile.HEADER).append("\r\n0,0,1,2,3,4,A,O,\r\n0,1,1,2,3,4,\"TAN,O,\r\n");
        for (int i = 2; i < 20; i++) {
            sb.append("0,").append(i).append(",1,2,3,4,W,O,\r\n");
        }
        sb.append("0,20,1,2,3,4,\"X\"Y,O,\r\n");
        Files.writeString(f, sb.toString());
        LabelFile.ReadResult r = LabelFile.read(f, SROIE);
        assertFalse(r.usable());
        assertEquals(3, r.problems().get(0).line(), r.problems().toString());
        assertTrue(r.problems().get(0).message().startsWith("not readable as CSV from this line on"), r.problems().toString());
        assertFalse(r.problems().get(0).message().contains("org.apache"), r.problems().toString());
        assertFalse(r.problems().get(0).message().contains("line:"), r.problems().toString());

        // a quote opened on the last row runs to the end of the file
        Files.writeString(f, LabelFile.HEADER + "\r\n0,0,1,2,3,4,A,O,\r\n0,1,1,2,3,4,\"B,O,\r\n");
        LabelFile.ReadResult end = LabelFile.read(f, SROIE);
        assertEquals(3, end.problems().get(0).line(), end.problems().toString());
        assertTrue(end.problems().get(0).message().contains("a quote opened here is never closed"), end.problems().toString());
    }

    @Test
    void negativeScoresAreOutOfRangeAndRepeatedRowsCountTowardsTheLimit(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, LabelFile.HEADER + "\r\n0,0,1,2,3,4,A,O,-0.2\r\n");
        assertTrue(LabelFile.read(f, SROIE).problems().get(0).message().contains("score -0.2 is outside [0,1]"));
        // a probability column too: a negative value is out of range, not "no decimal number"
        Files.writeString(f, LabelFile.HEADER + ",p_O,p_COMPANY,p_DATE,p_ADDRESS,p_TOTAL\r\n"
                + "0,0,1,2,3,4,A,O,0.9,-0.000001,0.1,0,0,0.000001\r\n");
        String said = LabelFile.read(f, SROIE).problems().toString();
        assertTrue(said.contains("p_O -0.000001 is outside [0,1]"), said);

        StringBuilder sb = new StringBuilder(LabelFile.HEADER).append("\r\n");
        for (int i = 0; i <= com.layoutlens.data.InputLimits.MAX_WORDS; i++) {
            sb.append("0,0,1,2,3,4,A,O,\r\n");
        }
        Files.writeString(f, sb.toString());
        LabelFile.ReadResult r = LabelFile.read(f, SROIE);
        assertFalse(r.usable());
        assertTrue(r.problems().size() <= LabelFile.MAX_ROW_PROBLEMS + 2, r.problems().size() + " problems");
        assertTrue(r.problems().get(r.problems().size() - 1).message().contains("rows, the limit for one receipt"));

        StringBuilder few = new StringBuilder(LabelFile.HEADER).append("\r\n");
        for (int i = 0; i < 200; i++) {
            few.append("0,0,1,2,3,4,A,O,\r\n");
        }
        Files.writeString(f, few.toString());
        LabelFile.ReadResult d = LabelFile.read(f, SROIE);
        assertEquals(1, d.rows().size());
        assertEquals(LabelFile.MAX_ROW_PROBLEMS + 1, d.problems().size());
        assertTrue(d.problems().get(LabelFile.MAX_ROW_PROBLEMS).message().startsWith("149 more rows with problems"),
                d.problems().get(LabelFile.MAX_ROW_PROBLEMS).message());
    }

    @Test
    void lineNumbersCountLinesInsideQuotedFields(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, LabelFile.HEADER + "\r\n0,0,1,2,3,4,\"multi\nline\",O,\r\n0,1,1,2,3,4,B,BAD,\r\n");
        LabelFile.ReadResult r = LabelFile.read(f, SROIE);
        assertEquals(1, r.rows().size());
        assertEquals(4, r.problems().get(0).line());
    }

    @Test
    void aWrongHeaderIsReported(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "seg,word,x0,y0,x1,y1,text,label,score\n0,0,1,2,3,4,A,O,\n");
        LabelFile.ReadResult r = LabelFile.read(f, SROIE);
        assertTrue(r.rows().isEmpty());
        assertEquals(1, r.problems().get(0).line());
        assertTrue(r.problems().get(0).message().contains("header"));
    }

    @Test
    void aFailedWriteLeavesThePreviousFileIntact(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.csv");
        LabelFile.write(f, awkwardRows());
        byte[] before = Files.readAllBytes(f);
        List<LabelRow> broken = new ArrayList<>(awkwardRows());
        broken.add(null);
        assertThrows(NullPointerException.class, () -> LabelFile.write(f, broken));
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void aFailedRenameLeavesNoTemporaryFileBehind(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectories(target.resolve("child"));
        assertThrows(IOException.class, () -> LabelFile.write(target, awkwardRows()));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("taken"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertTrue(Files.isDirectory(target.resolve("child")));
    }

    @Test
    void aRewrittenFileKeepsItsPermissions(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.csv");
        LabelFile.write(f, awkwardRows());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        LabelFile.write(f, awkwardRows());
        assertEquals("rw-rw-r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void labelSetsAreData(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cord.json");
        Files.writeString(f, "{\"name\":\"cord\",\"outside\":\"O\",\"labels\":[\"O\",\"MENU.NM\",\"TOTAL.PRICE\"],"
                + "\"fields\":{\"TOTAL.PRICE\":\"total_price\"}}");
        LabelSet cord = LabelSet.load(f);
        assertEquals(List.of("MENU.NM", "TOTAL.PRICE"), cord.entityLabels());
        assertEquals("total_price", cord.fieldOf("TOTAL.PRICE"));
        assertEquals(Arrays.asList("O", "COMPANY", "DATE", "ADDRESS", "TOTAL"), SROIE.labels());
        Files.writeString(f, "{\"labels\":[\"A\"],\"outside\":\"O\"}");
        IOException e = assertThrows(IOException.class, () -> LabelSet.load(f));
        assertTrue(e.getMessage().contains("outside label 'O'"));
    }
}
