package com.layoutlens.data.formats;

import com.layoutlens.data.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfFormatTest {

    private static String line(String id, String image) {
        return "{\"id\":\"" + id + "\",\"tokens\":[\"TOTAL\",\"9.90\"],\"bboxes\":[[100,500,300,520],[700,500,900,520]],"
                + "\"ner_tags\":[0,1],\"image\":" + (image == null ? "null" : "\"" + image + "\"")
                + ",\"width\":1000,\"height\":2000}";
    }

    @Test
    void readsTheIssuesColumnsTurningBoxesIntoPixelsOfTheGivenSize(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("labels.json"), "[\"O\", \"TOTAL\"]");
        Files.writeString(dir.resolve("data.jsonl"), line("r1", null) + "\n");
        HfFormat hf = new HfFormat();
        assertTrue(hf.recognises(dir));
        ReceiptReader.Read read = hf.read(dir);
        assertEquals(1, read.receipts().size(), read.problems().toString());
        var r = read.receipts().get(0);
        assertEquals(List.of("TOTAL", "9.90"), r.words().stream().map(w -> w.text()).toList());
        assertEquals(new com.layoutlens.data.Box(700, 1000, 900, 1040), r.words().get(1).box());
        assertEquals(List.of("O", "TOTAL"), r.labels().stream().map(x -> x.label()).toList());
        assertEquals(List.of("O", "TOTAL"), read.schema().tags());
    }

    @Test
    void aTokenWithASpaceStaysOneEntityOverItsWords(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("labels.json"),
                "[\"O\", \"B-COMPANY\", \"I-COMPANY\", \"E-COMPANY\", \"S-COMPANY\"]");
        Files.writeString(dir.resolve("data.jsonl"), "{\"id\": \"a\", \"tokens\": [\"CHUAN STAR\", \"ONE TWO THREE\","
                + " \"X\"], \"bboxes\": [[0,0,100,10],[0,20,300,30],[0,40,10,50]], \"ner_tags\": [1, 4, 0],"
                + " \"width\": 1000, \"height\": 1000}\n");
        ReceiptReader.Read read = new HfFormat().read(dir);
        var r = read.receipts().get(0);
        assertEquals(List.of("B-COMPANY", "I-COMPANY", "B-COMPANY", "I-COMPANY", "E-COMPANY", "O"),
                r.labels().stream().map(x -> x.label()).toList());
        assertEquals(2, read.problems().stream().filter(p -> p.message().contains("holds a space")).count(),
                read.problems().toString());
        assertEquals(List.of("B-X", "I-X"), HfFormat.spread("B-X", 2, List.of("B-X", "I-X")));
        assertEquals(List.of("I-X", "I-X", "L-X"), HfFormat.spread("L-X", 3, List.of("I-X", "L-X")));
        assertEquals(List.of("S-X", "S-X"), HfFormat.spread("S-X", 2, List.of("S-X")), "no tags to spread with");
        assertEquals(List.of("TOTAL", "TOTAL"), HfFormat.spread("TOTAL", 2, List.of("TOTAL")));
    }

    @Test
    void anImageOutsideTheFolderAndARepeatedIdAreLeftOutWithTheirLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("labels.json"), "[\"O\", \"TOTAL\"]");
        Files.writeString(dir.resolve("data.jsonl"),
                line("r1", null) + "\n" + line("r2", "../elsewhere.png") + "\n" + line("r1", null) + "\n");
        ReceiptReader.Read read = new HfFormat().read(dir);
        assertEquals(List.of("r1"), read.receipts().stream().map(x -> x.id()).toList());
        List<Problem> errors = read.problems().stream().filter(Problem::isError).toList();
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(2, errors.get(0).line());
        assertTrue(errors.get(0).message().contains("outside the folder"));
        assertEquals(3, errors.get(1).line());
        assertTrue(errors.get(1).message().contains("twice"));
    }

    @Test
    void withoutLabelsJsonTheReceiptsComeWithoutLabels(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("data.jsonl"), line("r1", null) + "\n");
        ReceiptReader.Read read = new HfFormat().read(dir);
        assertNull(read.schema());
        assertNull(read.receipts().get(0).labels());
        assertTrue(read.problems().stream().anyMatch(p -> p.message().contains("without labels")));
        assertFalse(new HfFormat().recognises(dir.resolve("nothing")));
    }

    @Test
    void normalisedAndBackIsWithinHalfAThousandthOfThePage() {
        for (int extent : new int[] {463, 1000, 1700, 4000}) {
            for (int v = 0; v < extent; v += 7) {
                int back = HfFormat.pixels(HfFormat.normalise(v, extent), extent);
                assertTrue(Math.abs(back - v) <= extent / 2000.0 + 0.5, v + " of " + extent + " came back as " + back);
            }
        }
    }
}
