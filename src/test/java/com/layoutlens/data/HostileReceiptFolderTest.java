package com.layoutlens.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A receipt folder with hostile or unlucky files: each one is its receipt's problem, named, never the folder's. */
class HostileReceiptFolderTest {

    private static final String KEY = "{\"company\":\"ACME\",\"date\":\"01/02/2019\",\"address\":\"JALAN\",\"total\":\"9.90\"}";
    private static final String BOX = "1,2,60,2,60,12,1,12,ACME\n1,20,60,20,60,30,1,30,TOTAL 9.90\n";

    private static void receipt(Path dir, String id, String box, String key) throws IOException {
        Files.createDirectories(dir.resolve("box"));
        Files.createDirectories(dir.resolve("key"));
        Files.createDirectories(dir.resolve("img"));
        Files.writeString(dir.resolve("box/" + id + ".csv"), box);
        if (key != null) {
            Files.writeString(dir.resolve("key/" + id + ".json"), key);
        }
        ImageIO.write(new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("img/" + id + ".png").toFile());
    }

    private static List<String> messages(Dataset ds) {
        return ds.problems().stream().map(Problem::toString).toList();
    }

    private static boolean said(Dataset ds, String file, String words) {
        return messages(ds).stream().anyMatch(m -> m.contains(file) && m.contains(words));
    }

    @Test
    void aKeyFileThatIsMissingAFolderAFifoOrADanglingLinkLeavesItsReceiptWithoutGoldAndSaysWhy(@TempDir Path dir)
            throws IOException {
        receipt(dir, "good", BOX, KEY);
        receipt(dir, "missing", BOX, null);
        receipt(dir, "folder", BOX, null);
        Files.createDirectories(dir.resolve("key/folder.json"));
        receipt(dir, "link", BOX, null);
        HostileFiles.danglingLink(dir.resolve("key/link.json"));
        receipt(dir, "fifo", BOX, null);
        boolean fifo = HostileFiles.fifo(dir.resolve("key/fifo.json"));

        Dataset ds = Dataset.load(dir);

        assertNotNull(ds.receipt("good").keys());
        assertNull(ds.receipt("good").noGold());
        for (String id : fifo ? List.of("missing", "folder", "link", "fifo") : List.of("missing", "folder", "link")) {
            assertNull(ds.receipt(id).keys(), id);
            assertNotNull(ds.receipt(id).noGold(), id + " must say it has no gold");
        }
        assertTrue(said(ds, "missing.json", "missing"), messages(ds).toString());
        assertTrue(said(ds, "folder.json", "a folder"), messages(ds).toString());
        assertTrue(said(ds, "link.json", "does not exist"), messages(ds).toString());
        if (fifo) {
            assertTrue(said(ds, "fifo.json", "not a regular file"), messages(ds).toString());
        }
    }

    @Test
    void aKeyFileWithADuplicateFieldTrailingTextOrNoFieldGivesNoGold(@TempDir Path dir) throws IOException {
        receipt(dir, "dup", BOX, "{\"company\":\"ACME\",\"total\":\"9.90\",\"total\":\"1.00\"}");
        receipt(dir, "trail", BOX, KEY + " {\"total\":\"1.00\"}");
        receipt(dir, "empty", BOX, "{}");

        Dataset ds = Dataset.load(dir);

        for (String id : List.of("dup", "trail", "empty")) {
            assertNull(ds.receipt(id).keys(), id + ": ambiguous or empty gold is no gold");
        }
        assertTrue(said(ds, "dup.json", "'total' is given twice"), messages(ds).toString());
        assertTrue(said(ds, "trail.json", "text after the JSON object"), messages(ds).toString());
        assertTrue(said(ds, "empty.json", "no gold values"), messages(ds).toString());
    }

    @Test
    void aBoxFileOverTheWordSegmentOrByteLimitSkipsOnlyItsReceipt(@TempDir Path dir) throws IOException {
        receipt(dir, "a-words", HostileFiles.boxLineOfWords(InputLimits.MAX_WORDS + 1), KEY);
        receipt(dir, "b-segments", "1,1,2,1,2,2,1,2,x\n".repeat(InputLimits.MAX_SEGMENTS + 1), KEY);
        receipt(dir, "c-bytes", "1,1,2,1,2,2,1,2," + "x".repeat((int) InputLimits.MAX_BOX_BYTES) + "\n", KEY);
        receipt(dir, "d-good", BOX, KEY);

        Dataset ds = Dataset.load(dir);

        assertEquals(List.of("d-good"), ds.receipts().stream().map(Receipt::id).toList());
        assertEquals(List.of("a-words", "b-segments", "c-bytes"), List.copyOf(ds.skipped().keySet()));
        assertTrue(said(ds, "a-words.csv", "more than " + InputLimits.MAX_WORDS + " words"), messages(ds).toString());
        assertTrue(said(ds, "b-segments.csv", "more than " + InputLimits.MAX_SEGMENTS + " segments"), messages(ds).toString());
        assertTrue(said(ds, "c-bytes.csv", "over the limit"), messages(ds).toString());
    }

    @Test
    void gigabyteBoxKeyAndLabelFilesAreRefusedBySizeWithoutBeingRead(@TempDir Path dir) throws IOException {
        receipt(dir, "a-box", BOX, KEY);
        receipt(dir, "b-key", BOX, KEY);
        receipt(dir, "c-label", BOX, KEY);
        receipt(dir, "d-good", BOX, KEY);
        Files.createDirectories(dir.resolve("labels"));
        // sparse files: gigabytes on paper, nothing on disk; reading one whole would end the run
        sparse(dir.resolve("box/a-box.csv"), 2L << 30);
        sparse(dir.resolve("key/b-key.json"), 3L << 30);
        sparse(dir.resolve("labels/c-label.csv"), 3L << 29);

        Dataset ds = Dataset.load(dir);

        assertEquals(List.of("b-key", "c-label", "d-good"), ds.receipts().stream().map(Receipt::id).toList());
        assertTrue(said(ds, "a-box.csv", "is 2 GB, over the limit of 1 MB"), messages(ds).toString());
        assertNull(ds.receipt("b-key").keys());
        assertTrue(said(ds, "b-key.json", "is 3 GB, over the limit of 64 KB"), messages(ds).toString());
        assertNull(ds.receipt("c-label").labels());
        assertTrue(ds.receipt("c-label").noGold().contains("1.5 GB"), ds.receipt("c-label").noGold());
        assertNotNull(ds.receipt("d-good").keys());
    }

    private static void sparse(Path file, long length) throws IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    @Test
    void aBoxFileThatIsAFifoIsReportedWithoutBeingOpened(@TempDir Path dir) throws IOException {
        receipt(dir, "good", BOX, KEY);
        assumeTrue(HostileFiles.fifo(dir.resolve("box/fifo.csv")), "no mkfifo here");

        Dataset ds = Dataset.load(dir); // would block for ever if the FIFO were opened

        assertEquals(List.of("good"), ds.receipts().stream().map(Receipt::id).toList());
        assertTrue(said(ds, "fifo.csv", "not a regular file"), messages(ds).toString());
    }

    @Test
    void anImageDeclaringMorePixelsThanTheBudgetIsNotUsedAndNamed(@TempDir Path dir) throws IOException {
        receipt(dir, "huge", BOX, KEY);
        Files.delete(dir.resolve("img/huge.png"));
        HostileFiles.pngDeclaring(dir.resolve("img/huge.png"), 25_000, 25_000);
        assertTrue(Files.size(dir.resolve("img/huge.png")) < 10_000);

        Dataset ds = Dataset.load(dir);

        Receipt r = ds.receipt("huge");
        assertNull(r.image(), "an image over the budget is never handed to a decoder");
        assertEquals(2, r.segments().size(), "the receipt itself is read");
        assertTrue(said(ds, "huge.png", "25000 x 25000"), messages(ds).toString());
    }

    @Test
    void labelFilesThatAreUnusableOrForNoReceiptOrForWordsThatDoNotExistAreReported(@TempDir Path dir)
            throws IOException {
        receipt(dir, "header", BOX, KEY);
        receipt(dir, "ghost", BOX, KEY);
        Files.createDirectories(dir.resolve("labels"));
        Files.writeString(dir.resolve("labels/header.csv"), "seg,word,text\r\n0,0,ACME\r\n");
        Files.writeString(dir.resolve("labels/ghost.csv"), LabelFile.HEADER + "\r\n"
                + "0,0,1,2,60,12,ACME,COMPANY,\r\n7,0,1,2,3,4,PHANTOM,TOTAL,\r\n");
        Files.writeString(dir.resolve("labels/orphan.csv"), LabelFile.HEADER + "\r\n");

        Dataset ds = Dataset.load(dir);

        Receipt header = ds.receipt("header");
        assertNull(header.labels(), "a file with a wrong header is not a receipt without words");
        assertNotNull(header.noGold());
        assertEquals(1, ds.receipt("ghost").labels().size(), "the row for a word that does not exist is left out");
        assertTrue(said(ds, "ghost.csv", "not in the box file"), messages(ds).toString());
        assertTrue(said(ds, "orphan.csv", "for no receipt"), messages(ds).toString());
    }

    @Test
    void coordinatesThatWouldOverflowAreReportedWithFileAndLine(@TempDir Path dir) throws IOException {
        receipt(dir, "big", "1,2,60,2,60,12,1,12,ACME\n2147483647,0,2147483647,0,2147483647,9,0,9,HUGE BOX\n", KEY);

        Dataset ds = Dataset.load(dir);

        assertEquals(1, ds.receipt("big").segments().size());
        assertTrue(said(ds, "big.csv:2", "out of range"), messages(ds).toString());
        for (Word w : ds.receipt("big").words()) {
            assertTrue(w.box().x0() <= w.box().x1() && w.box().x0() >= 0, w.toString());
        }
    }

    @Test
    void problemsPrintControlCharactersEscaped() {
        Problem p = Problem.error("box/\u001b]0;owned\u0007.csv", 3, "text '\u001b[2J\u009b31m' here");
        String s = p.toString();
        assertFalse(s.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)), s);
        assertTrue(s.contains("\\e]0;owned\\u0007.csv:3") && s.contains("\\e[2J\\u009b31m"), s);
    }

    @Test
    void scoresMustBePlainDecimals() {
        List<Problem> problems = new ArrayList<>();
        String text = LabelFile.HEADER + "\r\n0,0,1,1,2,2,a,O,0x1p-1\r\n0,1,1,1,2,2,b,O,0.5d\r\n0,2,1,1,2,2,c,O,Infinity\r\n"
                + "0,3,1,1,2,2,d,O,0.25\r\n0,4,1,1,2,2,e,O,1e-05\r\n";
        List<LabelRow> rows = LabelFile.parse(text, "labels/x.csv", LabelSet.sroie(), problems);
        assertEquals(List.of("d", "e"), rows.stream().map(LabelRow::text).toList());
        List<String> m = problems.stream().map(Problem::toString).toList();
        assertTrue(m.stream().anyMatch(x -> x.startsWith("labels/x.csv:2") && x.contains("0x1p-1")), m.toString());
        assertTrue(m.stream().anyMatch(x -> x.startsWith("labels/x.csv:3") && x.contains("0.5d")), m.toString());
        assertTrue(m.stream().anyMatch(x -> x.startsWith("labels/x.csv:4") && x.contains("Infinity")), m.toString());
    }

    @Test
    void labelCoordinatesOutOfRangeAreReportedWithTheLine() {
        List<Problem> problems = new ArrayList<>();
        String text = LabelFile.HEADER + "\r\n0,0,1,1,2147483647,2,a,O,\r\n";
        List<LabelRow> rows = LabelFile.parse(text, "labels/x.csv", LabelSet.sroie(), problems);
        assertTrue(rows.isEmpty());
        assertTrue(problems.get(0).toString().startsWith("labels/x.csv:2") && problems.get(0).message().contains("x1"),
                problems.toString());
    }
}
