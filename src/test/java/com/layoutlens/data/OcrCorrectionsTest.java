package com.layoutlens.data;

import com.layoutlens.data.OcrCorrections.AddWord;
import com.layoutlens.data.OcrCorrections.Corrections;
import com.layoutlens.data.OcrCorrections.DeleteSegment;
import com.layoutlens.data.OcrCorrections.DeleteWord;
import com.layoutlens.data.OcrCorrections.Edit;
import com.layoutlens.data.OcrCorrections.Join;
import com.layoutlens.data.OcrCorrections.Merge;
import com.layoutlens.data.OcrCorrections.SetBox;
import com.layoutlens.data.OcrCorrections.SetText;
import com.layoutlens.data.OcrCorrections.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OcrCorrectionsTest {

    private static final String BOX = """
            10,10,130,10,130,30,10,30,D.T.Y. (M) SDN BHD
            10,40,120,40,120,60,10,60,TOTAL:25.00
            10,70,100,70,100,90,10,90,THANK YOU
            """;

    private static List<Segment> original() {
        return BoxFile.parse(BOX, "box", new ArrayList<>());
    }

    private static List<LabelRow> labels(List<Segment> segs) {
        List<LabelRow> rows = new ArrayList<>();
        for (Segment s : segs) {
            for (Word w : s.words()) {
                String l = s.index() == 0 ? "COMPANY" : s.index() == 1 ? "TOTAL" : "O";
                rows.add(LabelRow.of(w, l, null));
            }
        }
        return rows;
    }

    /** Applies edits one at a time, carrying label rows through each, as the app does. */
    private static List<LabelRow> carry(List<Edit> edits) {
        List<Segment> segs = original();
        List<LabelRow> rows = labels(segs);
        List<Edit> done = new ArrayList<>();
        for (Edit e : edits) {
            done.add(e);
            OcrCorrections.Applied a = OcrCorrections.apply(original(), done, "c");
            assertTrue(a.problems().isEmpty(), a.problems().toString());
            rows = OcrCorrections.remap(rows, a.changes().get(a.changes().size() - 1), a.segments(), "O");
        }
        return rows;
    }

    private static String texts(List<LabelRow> rows) {
        StringBuilder sb = new StringBuilder();
        for (LabelRow r : rows) {
            sb.append(r.segment()).append(',').append(r.word()).append(' ').append(r.text()).append('=')
                    .append(r.label()).append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void aTextEditKeepsEveryWordAndItsLabel() {
        List<LabelRow> rows = carry(List.of(new SetText(0, 0, "D.I.Y.")));
        assertEquals("0,0 D.I.Y.=COMPANY 0,1 (M)=COMPANY 0,2 SDN=COMPANY 0,3 BHD=COMPANY 1,0 TOTAL:25.00=TOTAL "
                + "2,0 THANK=O 2,1 YOU=O", texts(rows));
    }

    @Test
    void aSplitDividesTheBoxWhereTheCharactersDivideAndOffersTheLabelToBothHalves() {
        List<LabelRow> rows = carry(List.of(new Split(1, 0, 6)));
        assertEquals("1,0 TOTAL:=TOTAL 1,1 25.00=TOTAL", texts(rows.subList(4, 6)));
        // 110 pixels for 11 characters: the cut is at 10 + 110 * 6 / 11 = 70
        assertEquals(new Box(10, 40, 70, 60), rows.get(4).box());
        assertEquals(new Box(70, 40, 120, 60), rows.get(5).box());
    }

    @Test
    void aSplitInsideASegmentMovesTheWordsAfterIt() {
        List<LabelRow> rows = carry(List.of(new SetText(0, 2, "SDNBHD"), new Split(0, 0, 2)));
        assertEquals("0,0 D.=COMPANY 0,1 T.Y.=COMPANY 0,2 (M)=COMPANY 0,3 SDNBHD=COMPANY 0,4 BHD=COMPANY",
                texts(rows.subList(0, 5)));
    }

    @Test
    void aMergeJoinsTwoWordsAndKeepsTheLabelThatIsNotO() {
        List<Segment> segs = original();
        List<LabelRow> rows = labels(segs);
        rows.set(rows.size() - 2, rows.get(rows.size() - 2).withLabel("O", null));
        rows.set(rows.size() - 1, rows.get(rows.size() - 1).withLabel("TOTAL", null));
        OcrCorrections.Applied a = OcrCorrections.apply(segs, List.of(new Merge(2, 0)), "c");
        List<LabelRow> after = OcrCorrections.remap(rows, a.changes().get(0), a.segments(), "O");
        LabelRow last = after.get(after.size() - 1);
        assertEquals("THANKYOU", last.text());
        assertEquals("TOTAL", last.label());
        assertEquals(new Box(10, 70, 100, 90), last.box());
        assertEquals(6, after.size());
    }

    @Test
    void aMergeAcrossSegmentsPutsTheWordInTheFirstSegmentAndTheOtherShrinks() {
        // THANK joins TOTAL:25.00: segment 2 keeps YOU, now its word 0, with its own label
        List<LabelRow> rows = carry(List.of(new Join(1, 0, 2, 0)));
        assertEquals("0,0 D.T.Y.=COMPANY 0,1 (M)=COMPANY 0,2 SDN=COMPANY 0,3 BHD=COMPANY 1,0 TOTAL:25.00THANK=TOTAL "
                + "2,0 YOU=O", texts(rows));
        assertEquals(new Box(10, 40, 120, 90), rows.get(4).box());
        // and YOU too: segment 2 is left empty and goes; its index is not reused
        OcrCorrections.Applied a = OcrCorrections.apply(original(), List.of(new Join(1, 0, 2, 0), new Join(1, 0, 2, 0)), "c");
        assertTrue(a.problems().isEmpty(), a.problems().toString());
        assertEquals(List.of(0, 1), a.segments().stream().map(Segment::index).toList());
        assertEquals("TOTAL:25.00THANKYOU", a.segments().get(1).text());
    }

    @Test
    void aMergeAcrossSegmentsKeepsTheLabelThatIsNotO() {
        List<Segment> segs = original();
        List<LabelRow> rows = labels(segs);
        rows.set(3, rows.get(3).withLabel("O", null)); // BHD is O, TOTAL:25.00 TOTAL
        OcrCorrections.Applied a = OcrCorrections.apply(segs, List.of(new Join(0, 3, 1, 0)), "c");
        List<LabelRow> after = OcrCorrections.remap(rows, a.changes().get(0), a.segments(), "O");
        assertEquals("0,0 D.T.Y.=COMPANY 0,1 (M)=COMPANY 0,2 SDN=COMPANY 0,3 BHDTOTAL:25.00=TOTAL 2,0 THANK=O 2,1 YOU=O",
                texts(after));
        assertEquals(0, OcrCorrections.apply(segs, List.of(new Join(0, 3, 0, 2)), "c").applied(), "one segment twice");
        assertEquals(0, OcrCorrections.apply(segs, List.of(new Join(0, 3, 1, 1)), "c").applied(), "no such word");
    }

    @Test
    void deletesAndAddsKeepTheOtherWordsOnTheirRows() {
        List<LabelRow> rows = carry(List.of(new DeleteWord(0, 1), new DeleteSegment(2),
                new AddWord(-1, new Box(10, 100, 60, 120), "RM25.00"), new AddWord(1, new Box(125, 40, 150, 60), "X")));
        assertEquals("0,0 D.T.Y.=COMPANY 0,1 SDN=COMPANY 0,2 BHD=COMPANY 1,0 TOTAL:25.00=TOTAL 1,1 X=O 3,0 RM25.00=O",
                texts(rows));
    }

    @Test
    void aBoxEditMovesOnlyThatWord() {
        List<LabelRow> rows = carry(List.of(new SetBox(0, 3, new Box(100, 12, 131, 29))));
        assertEquals(new Box(100, 12, 131, 29), rows.get(3).box());
        assertEquals(original().get(0).words().get(0).box(), rows.get(0).box());
    }

    @Test
    void labelRowsWrittenAfterEditsAreReadBackOnTheCorrectedWords(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("box"));
        Path box = dir.resolve("box/001.csv");
        Files.writeString(box, BOX);
        byte[] before = Files.readAllBytes(box);
        List<Edit> edits = List.of(new Split(1, 0, 6), new Merge(2, 0), new DeleteWord(0, 1),
                new AddWord(-1, new Box(10, 100, 60, 120), "RM25.00"), new SetText(0, 0, "D.I.Y."));
        List<LabelRow> rows = carry(edits);
        OcrCorrections.write(OcrCorrections.file(dir, "001"), new Corrections(edits, Sha256.hexOf(box)));
        LabelFile.write(dir.resolve("labels/001.csv"), rows);

        Dataset ds = Dataset.load(dir);
        Receipt r = ds.receipt("001");
        assertEquals(rows, r.labels());
        assertEquals(r.words().size(), r.labels().size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(r.words().get(i).text(), r.labels().get(i).text());
            assertEquals(r.words().get(i).box(), r.labels().get(i).box());
        }
        assertTrue(ds.problems().stream().noneMatch(p -> p.file().contains("labels")), ds.problems().toString());
        assertArrayEquals(before, Files.readAllBytes(box));
    }

    @Test
    void anEditThatDoesNotFitStopsTheReplayThereAndSaysSo() {
        OcrCorrections.Applied a = OcrCorrections.apply(original(),
                List.of(new SetText(0, 0, "D.I.Y."), new Split(1, 0, 40), new SetText(2, 0, "THANKS")), "c.json");
        assertEquals(1, a.applied());
        assertEquals("D.I.Y. (M) SDN BHD", a.segments().get(0).text());
        assertEquals("THANK YOU", a.segments().get(2).text());
        assertTrue(a.problems().get(0).message().contains("correction 2 (split)"), a.problems().toString());
        assertTrue(a.problems().get(0).message().contains("and the 1 after it are not applied"));
    }

    @Test
    void aWordWithASpaceIsRefused() {
        OcrCorrections.Applied a = OcrCorrections.apply(original(), List.of(new SetText(1, 0, "TOTAL: 25.00")), "c");
        assertEquals(0, a.applied());
        assertTrue(a.problems().get(0).message().contains("split the word instead"));
    }

    @Test
    void theFileRoundTripsEveryEdit(@TempDir Path dir) throws IOException {
        List<Edit> edits = List.of(new SetText(0, 0, "D.I.Y."), new SetBox(0, 1, new Box(1, 2, 3, 4)),
                new Split(1, 0, 6), new Merge(2, 0), new Join(1, 1, 0, 0), new DeleteWord(0, 2), new DeleteSegment(2),
                new AddWord(-1, new Box(5, 6, 7, 8), "a,\"b\""), new AddWord(1, new Box(5, 6, 7, 8), "c"));
        Path f = dir.resolve("corrections/X.json");
        OcrCorrections.write(f, new Corrections(edits, "abc"));
        OcrCorrections.ReadResult r = OcrCorrections.read(f);
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertEquals(edits, r.corrections().edits());
        assertEquals("abc", r.corrections().boxSha256());
        assertTrue(Files.readString(f).contains("\"format\" : 1"));
        OcrCorrections.write(f, new Corrections(List.of(), null));
        assertFalse(Files.exists(f));
    }

    @Test
    void aNewerFormatOrABrokenEditIsReportedNotGuessed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\"format\": 2, \"edits\": []}");
        assertNull(OcrCorrections.read(f).corrections());
        Files.writeString(f, "{\"format\": 1, \"edits\": [{\"op\":\"text\",\"segment\":0,\"word\":0,\"text\":\"A\"},"
                + "{\"op\":\"stretch\"},{\"op\":\"delete-segment\",\"segment\":1}]}");
        OcrCorrections.ReadResult r = OcrCorrections.read(f);
        assertEquals(1, r.corrections().edits().size());
        assertTrue(r.problems().get(0).message().contains("unknown op 'stretch'"));
    }

    @Test
    void aFolderIsReadWithItsCorrectionsAndTheBoxFileStaysAsItWas(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("box"));
        Files.createDirectories(dir.resolve("key"));
        Path box = dir.resolve("box/001.csv");
        Files.writeString(box, BOX);
        Files.writeString(dir.resolve("key/001.json"),
                "{\"company\":\"D.I.Y. (M) SDN BHD\",\"date\":\"1\",\"address\":\"THANK YOU\",\"total\":\"25.00\"}");
        byte[] before = Files.readAllBytes(box);
        OcrCorrections.write(OcrCorrections.file(dir, "001"),
                new Corrections(List.of(new SetText(0, 0, "D.I.Y."), new Split(1, 0, 6)), Sha256.hexOf(box)));
        Dataset ds = Dataset.load(dir);
        Receipt r = ds.receipt("001");
        assertEquals(2, r.ocrEdits());
        assertTrue(r.ocrCorrected());
        assertEquals("D.I.Y. (M) SDN BHD", r.segments().get(0).text());
        assertEquals(List.of("TOTAL:", "25.00"), r.segments().get(1).words().stream().map(Word::text).toList());
        assertTrue(ds.ocrCorrectionsNote().contains("1 receipt read with 2 corrections"));
        assertTrue(ds.problems().stream().noneMatch(p -> p.file().contains("corrections")), ds.problems().toString());
        assertArrayEquals(before, Files.readAllBytes(box));
        // the gold alignment now finds the company exactly and the total as its own word
        List<LabelRow> gold = new GoldAligner(ds.labelSet()).align(r).rows();
        assertEquals("TOTAL", gold.stream().filter(x -> x.text().equals("25.00")).findFirst().orElseThrow().label());
        assertEquals("O", gold.stream().filter(x -> x.text().equals("TOTAL:")).findFirst().orElseThrow().label());

        Files.writeString(box, BOX.replace("THANK YOU", "THANK YOU AGAIN"));
        Dataset changed = Dataset.load(dir);
        assertTrue(changed.problems().stream().anyMatch(p -> p.message().contains("another version of 001.csv")));
        assertEquals(2, changed.receipt("001").ocrEdits());
    }

    @Test
    void aCorrectionsFileThatIsNoJsonIsNamedWithItsLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("x.json"), "{\"format\":1,\n \"edits\":[\n");
        OcrCorrections.ReadResult r = OcrCorrections.read(f);
        assertEquals(null, r.corrections());
        assertEquals(3, r.problems().get(0).line(), r.problems().toString());
        assertTrue(r.problems().get(0).message().startsWith("not JSON ("), r.problems().toString());
    }
}
