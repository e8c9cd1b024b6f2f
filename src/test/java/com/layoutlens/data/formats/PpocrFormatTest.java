package com.layoutlens.data.formats;

import com.layoutlens.data.Box;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.layoutlens.data.formats.FormatFixtures.byId;
import static com.layoutlens.data.formats.FormatFixtures.labels;
import static com.layoutlens.data.formats.FormatFixtures.words;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PpocrFormatTest {

    private static final Path FIXTURE = Path.of("src/test/resources/formats/ppocr");

    @Test
    void readsTextLinesAsSegmentsWithTheirQuadsAndKeyClassesAsBioTags() throws Exception {
        PpocrFormat ppocr = new PpocrFormat();
        assertTrue(ppocr.recognises(FIXTURE));
        ReceiptReader.Read read = ppocr.read(FIXTURE);
        assertEquals(List.of(), read.problems());
        assertEquals(List.of("O", "B-store", "I-store", "B-date", "I-date", "B-total_key", "I-total_key", "B-total",
                "I-total"), read.schema().tags());
        Receipt r = byId(read, "shop_001");
        assertEquals(FIXTURE.resolve("shop_001.png"), r.image());
        assertEquals(360, r.width());
        assertEquals(540, r.height());
        assertEquals(List.of("GREEN", "LEAF", "GROCERY", "Tel", "555-0142", "2026-02-03", "18:41", "Milk", "1L", "2.40",
                "TOTAL", "2.40"), words(r));
        assertEquals(List.of("B-store", "I-store", "I-store", "O", "O", "B-date", "I-date", "O", "O", "O",
                "B-total_key", "B-total"), labels(r));
        assertEquals(new Box(60, 30, 127, 56), r.words().get(0).box());
        assertArrayEquals(new int[] {40, 100, 200, 97, 201, 115, 41, 118}, r.segments().get(2).points());
        assertEquals(List.of("B-total", "I-total"), labels(byId(read, "shop_002")).subList(2, 4));
    }

    @Test
    void aRoundTripGivesTheSameWordsBoxesAndLabels(@TempDir Path tmp) throws Exception {
        ReceiptReader.Read before = new PpocrFormat().read(FIXTURE);
        Path out = tmp.resolve("mine");
        assertEquals(List.of(), new PpocrFormat().write(before.receipts(), before.schema(), out));
        ReceiptReader.Read after = new PpocrFormat().read(out);
        assertEquals(List.of(), after.problems());
        FormatFixtures.assertSame(before, after, 0);
        for (int i = 0; i < before.receipts().size(); i++) {
            assertEquals(before.receipts().get(i).segments(), after.receipts().get(i).segments(), "the quads are kept");
        }
        List<String> label = Files.readAllLines(out.resolve("Label.txt"));
        assertTrue(label.get(0).startsWith("mine/shop_001.png\t[{\"transcription\":\"GREEN LEAF GROCERY\""), label.get(0));
        assertTrue(label.get(0).contains("\"key_cls\":\"None\""), label.get(0));
        assertEquals(out.toAbsolutePath().normalize().resolve("shop_002.png") + "\t1",
                Files.readAllLines(out.resolve("fileState.txt")).get(1));
    }

    @Test
    void aBrokenLineIsReportedWithItsNumberAndTheOtherImagesAreRead(@TempDir Path tmp) throws Exception {
        Path dir = FormatFixtures.copy("ppocr", tmp);
        List<String> lines = Files.readAllLines(dir.resolve("Label.txt"));
        Files.write(dir.resolve("Label.txt"), List.of(lines.get(0),
                lines.get(1).substring(0, lines.get(1).length() - 3),
                "ppocr/missing.png\t[]",
                "no tab here"));
        Files.writeString(dir.resolve("fileState.txt"), "/home/u/ppocr/shop_001.png\t0\n");
        ReceiptReader.Read read = new PpocrFormat().read(dir);
        assertEquals(List.of("shop_001"), read.receipts().stream().map(Receipt::id).toList());
        List<Problem> errors = read.problems().stream().filter(Problem::isError).toList();
        assertEquals(List.of(2, 3, 4), errors.stream().map(Problem::line).toList(), errors.toString());
        assertTrue(errors.stream().allMatch(p -> p.file().equals(dir.resolve("Label.txt").toString())));
        assertTrue(errors.get(0).message().contains("shop_002: not JSON"), errors.get(0).message());
        assertTrue(errors.get(1).message().contains("missing"), errors.get(1).message());
        assertTrue(read.problems().stream().anyMatch(p -> !p.isError() && p.line() == 1
                && p.message().contains("not checked")), read.problems().toString());
        assertFalse(new PpocrFormat().recognises(tmp));
    }
}
