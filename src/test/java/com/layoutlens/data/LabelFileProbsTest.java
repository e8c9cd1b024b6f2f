package com.layoutlens.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optional {@code p_TAG} columns of label files. */
class LabelFileProbsTest {

    private static final LabelSet SROIE = LabelSet.sroie();
    private static final LabelSet BIO = LabelSet.builtIn("sroie-bio");

    private static TagProbabilities probs(LabelSet set, double... v) {
        return new TagProbabilities(set.tags(), v);
    }

    private static List<LabelRow> rows() {
        return List.of(
                new LabelRow(0, 0, new Box(1, 2, 3, 4), "SDN", "COMPANY", 0.7,
                        probs(SROIE, 0.1, 0.7, 0.05, 0.05, 0.1)),
                new LabelRow(0, 1, new Box(5, 2, 9, 4), "a,b", "O", 0.333333,
                        probs(SROIE, 0.333333, 0.333333, 0.333334, 0, 0)),
                new LabelRow(1, 0, new Box(1, 8, 3, 9), "12.50", "TOTAL", null, null));
    }

    private static String csv(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    @Test
    void columnsFollowScoreOnePerTagWithSixDecimals() {
        String text = LabelFile.format(rows());
        String[] lines = text.split("\r\n");
        assertEquals("segment,word,x0,y0,x1,y1,text,label,score,p_O,p_COMPANY,p_DATE,p_ADDRESS,p_TOTAL", lines[0]);
        assertEquals("0,0,1,2,3,4,SDN,COMPANY,0.7,0.100000,0.700000,0.050000,0.050000,0.100000", lines[1]);
        assertEquals("1,0,1,8,3,9,12.50,TOTAL,,,,,,", lines[3]);
    }

    @Test
    void bioColumnsAreTheSchemasTags() {
        double[] v = new double[BIO.tags().size()];
        v[3] = 1;
        String header = LabelFile.format(List.of(new LabelRow(0, 0, new Box(0, 0, 1, 1), "x", "I-COMPANY", 1.0,
                new TagProbabilities(BIO.tags(), v)))).split("\r\n")[0];
        assertTrue(header.endsWith(",score,p_O,p_B-COMPANY,p_I-COMPANY,p_B-DATE,p_I-DATE,p_B-ADDRESS,p_I-ADDRESS,"
                + "p_B-TOTAL,p_I-TOTAL"), header);
    }

    @Test
    void roundTripKeepsThemByteForByte(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        LabelFile.write(a, rows());
        LabelFile.ReadResult r = LabelFile.read(a, SROIE);
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertEquals(rows(), r.rows());
        LabelFile.write(b, r.rows());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void anEditedRowKeepsItsProbabilities(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a.csv");
        LabelFile.write(f, rows());
        LabelDocument doc = LabelDocument.open(f, SROIE, null);
        doc.setAutosave(false);
        assertTrue(doc.setLabel(new int[] {0}, "DATE"));
        doc.save();
        List<LabelRow> back = LabelFile.readStrict(f, SROIE);
        assertEquals("DATE", back.get(0).label());
        assertNull(back.get(0).score());
        assertEquals(rows().get(0).probs(), back.get(0).probs());
        assertEquals(rows().get(1), back.get(1));
    }

    @Test
    void filesWithoutThemReadAsBeforeAndAreWrittenAsBefore(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("old.csv");
        String old = csv("segment,word,x0,y0,x1,y1,text,label,score", "0,0,1,2,3,4,SDN,COMPANY,0.5");
        Files.writeString(f, old, StandardCharsets.UTF_8);
        LabelFile.ReadResult r = LabelFile.read(f, SROIE);
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertNull(r.rows().get(0).probs());
        assertEquals(old, LabelFile.format(r.rows()));
    }

    @Test
    void anUnknownProbabilityColumnIsReportedWithFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, csv("segment,word,x0,y0,x1,y1,text,label,score,p_O,p_COMPANY,p_PRICE",
                "0,0,1,2,3,4,SDN,COMPANY,0.5,0.5,0.5,0"), StandardCharsets.UTF_8);
        LabelFile.ReadResult r = LabelFile.read(f, SROIE);
        assertFalse(r.usable());
        assertEquals(1, r.problems().size());
        Problem p = r.problems().get(0);
        assertEquals(f.toString(), p.file());
        assertEquals(1, p.line());
        assertTrue(p.message().contains("p_PRICE") && p.message().contains("sroie"), p.message());
    }

    @Test
    void anotherColumnAfterScoreOrATwiceNamedOneIsReported() {
        List<Problem> problems = new ArrayList<>();
        assertNull(LabelFile.parse(csv("segment,word,x0,y0,x1,y1,text,label,score,comment"), "f.csv", SROIE,
                problems));
        assertTrue(problems.get(0).message().contains("'comment'"), problems.toString());
        problems.clear();
        assertNull(LabelFile.parse(csv("segment,word,x0,y0,x1,y1,text,label,score,p_O,p_O"), "f.csv", SROIE,
                problems));
        assertTrue(problems.get(0).message().contains("twice"), problems.toString());
    }

    @Test
    void malformedProbabilitiesAreReportedWithTheirLine() {
        List<Problem> problems = new ArrayList<>();
        List<LabelRow> rows = LabelFile.parse(csv("segment,word,x0,y0,x1,y1,text,label,score,p_O,p_TOTAL",
                "0,0,1,2,3,4,a,O,0.9,0.9,0.1",
                "0,1,1,2,3,4,b,O,0.9,abc,0.1",
                "0,2,1,2,3,4,c,O,0.9,1.5,0",
                "0,3,1,2,3,4,d,O,0.9,0.9,",
                "0,4,1,2,3,4,e,O,0.9,0.9,0.3",
                "0,5,1,2,3,4,f,O,0.9,0.9",
                "0,6,1,2,3,4,g,O,,,"), "f.csv", SROIE, problems);
        assertEquals(List.of("a", "g"), rows.stream().map(LabelRow::text).toList(), problems.toString());
        assertNull(rows.get(1).probs());
        assertEquals(List.of(3, 4, 5, 6, 7), problems.stream().map(Problem::line).toList(), problems.toString());
        assertTrue(problems.get(0).message().contains("p_O 'abc'"), problems.get(0).message());
        assertTrue(problems.get(1).message().contains("p_O 1.5 is outside"), problems.get(1).message());
        assertTrue(problems.get(2).message().contains("1 of the 2 probability columns are empty"),
                problems.get(2).message());
        assertTrue(problems.get(3).message().contains("sum to 1.2"), problems.get(3).message());
        assertTrue(problems.get(4).message().contains("expected 11 fields, found 10"), problems.get(4).message());
    }

    @Test
    void withoutASchemaAnyTagIsAccepted() {
        List<Problem> problems = new ArrayList<>();
        List<LabelRow> rows = LabelFile.parse(csv("segment,word,x0,y0,x1,y1,text,label,score,p_O,p_PRICE",
                "0,0,1,2,3,4,a,PRICE,0.6,0.4,0.6"), "f.csv", null, problems);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(0.6, rows.get(0).probs().of("PRICE"));
        assertEquals("PRICE", rows.get(0).probs().argmax());
    }
}
