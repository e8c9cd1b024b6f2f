package com.layoutlens.data.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CordFormatTest {

    private static final Path FIXTURE = Path.of("src/test/resources/formats/cord");

    @Test
    void readsLinesAsSegmentsWithQuadBoxesAndBioTagsOfTheCordSchema() throws Exception {
        CordFormat cord = new CordFormat();
        assertTrue(cord.recognises(FIXTURE));
        ReceiptReader.Read read = cord.read(FIXTURE);
        assertEquals(List.of(), read.problems());
        assertEquals("cord", read.schema().name());
        Receipt r = byId(read, "receipt_00001");
        assertEquals(480, r.width());
        assertEquals(640, r.height());
        assertEquals(9, r.segments().size());
        assertEquals(List.of("CHICKEN", "KATSU", "1", "45,000", "ICED", "TEA", "2", "16,000", "SUBTOTAL", "61,000",
                "TAX", "6,100", "TOTAL", "67,100"), words(r));
        assertEquals(List.of("B-menu.nm", "I-menu.nm", "B-menu.cnt", "B-menu.price", "B-menu.nm", "I-menu.nm",
                "B-menu.cnt", "B-menu.price", "B-sub_total.subtotal_price", "I-sub_total.subtotal_price",
                "B-sub_total.tax_price", "I-sub_total.tax_price", "B-total.total_price", "I-total.total_price"), labels(r));
        assertEquals(new Box(126, 120, 184, 140), r.words().get(1).box());
        assertEquals(new Box(40, 298, 101, 322), r.words().get(12).box(), "a rotated quad's axis-aligned box");
        assertEquals(List.of("B-total.cashprice", "I-total.cashprice"),
                labels(byId(read, "receipt_00002")).subList(2, 4));
    }

    @Test
    void aRoundTripGivesTheSameWordsBoxesAndLabels(@TempDir Path tmp) throws Exception {
        ReceiptReader.Read before = new CordFormat().read(FIXTURE);
        Path out = tmp.resolve("out");
        assertEquals(List.of(), new CordFormat().write(before.receipts(), before.schema(), out));
        ReceiptReader.Read after = new CordFormat().read(out);
        assertEquals(List.of(), after.problems());
        FormatFixtures.assertSame(before, after, 0);
        JsonNode doc = new ObjectMapper().readTree(out.resolve("json/receipt_00001.json").toFile());
        assertEquals(480, doc.at("/meta/image_size/width").asInt());
        assertEquals("menu.nm", doc.at("/valid_line/0/category").asText());
        assertEquals(9, doc.get("valid_line").size());
    }

    @Test
    void wordsOutsideAnyEntityGoOutAsOtherAndComeBackAsO(@TempDir Path tmp) throws Exception {
        Path dir = FormatFixtures.copy("cord", tmp);
        Path file = dir.resolve("json/receipt_00002.json");
        Files.writeString(file, Files.readString(file).replace("\"total.changeprice\"", "\"store.tel\""));
        ReceiptReader.Read read = new CordFormat().read(dir);
        assertTrue(read.problems().stream().anyMatch(p -> !p.isError() && p.file().equals(file.toString())
                && p.message().contains("store.tel")), read.problems().toString());
        Receipt r = byId(read, "receipt_00002");
        assertEquals(List.of("O", "O"), labels(r).subList(4, 6));
        Path out = tmp.resolve("out");
        List<Receipt> elsewhere = read.receipts().stream().map(x -> new Receipt(x.id(), null, x.width(), x.height(),
                x.segments(), null, x.labels())).toList();
        new CordFormat().write(elsewhere, read.schema(), out);
        JsonNode doc = new ObjectMapper().readTree(out.resolve("json/receipt_00002.json").toFile());
        assertEquals("other", doc.at("/valid_line/3/category").asText());
        Path kept = tmp.resolve("kept");
        new CordFormat().write(read.receipts(), read.schema(), kept);
        assertEquals("store.tel", new ObjectMapper().readTree(kept.resolve("json/receipt_00002.json").toFile())
                .at("/valid_line/3/category").asText(), "written from its source, an unknown category stays");
        ReceiptReader.Read back = new CordFormat().read(out);
        assertEquals(List.of(), back.problems().stream().filter(p -> p.message().contains("categor")).toList());
        assertEquals(labels(r), labels(byId(back, "receipt_00002")));
    }

    @Test
    void aBrokenFileIsReportedWithItsLineAndTheOthersAreRead(@TempDir Path tmp) throws Exception {
        Path dir = FormatFixtures.copy("cord", tmp);
        Path broken = dir.resolve("json/receipt_00001.json");
        List<String> lines = Files.readAllLines(broken);
        lines.set(5, lines.get(5) + ",,");
        Files.write(broken, lines);
        Path noQuad = dir.resolve("json/receipt_00003.json");
        Files.writeString(noQuad, "{\"valid_line\": [{\"category\": \"menu.nm\", \"words\": [{\"text\": \"A\", \"quad\":"
                + " {\"x1\": 1, \"y1\": 2}}]}]}");
        ReceiptReader.Read read = new CordFormat().read(dir);
        assertEquals(List.of("receipt_00002"), read.receipts().stream().map(Receipt::id).toList());
        List<Problem> errors = read.problems().stream().filter(Problem::isError).toList();
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(broken.toString(), errors.get(0).file());
        assertEquals(6, errors.get(0).line());
        assertTrue(errors.get(1).message().contains("valid_line[0].words[0].quad.x2"), errors.get(1).message());
        assertFalse(new CordFormat().recognises(tmp));
    }

    @Test
    void writtenFromItsSourceAReceiptKeepsQuadsKeysRowsAndGroupsAndTakesTheLabelsAsTheyAreNow(@TempDir Path tmp)
            throws Exception {
        ReceiptReader.Read read = new CordFormat().read(FIXTURE);
        Path out = tmp.resolve("out");
        new CordFormat().write(read.receipts(), read.schema(), out);
        ObjectMapper json = new ObjectMapper();
        for (String id : List.of("receipt_00001", "receipt_00002")) {
            assertEquals(json.readTree(FIXTURE.resolve("json/" + id + ".json").toFile()),
                    json.readTree(out.resolve("json/" + id + ".json").toFile()), id + " comes back as it was");
        }
        Receipt r = byId(read, "receipt_00001");
        List<com.layoutlens.data.LabelRow> rows = r.labels().stream()
                .map(x -> x.segment() == 2 ? x.withLabel("B-menu.unitprice", null) : x).toList();
        Path edited = tmp.resolve("edited");
        new CordFormat().write(List.of(r.withLabels(rows)), read.schema(), edited);
        JsonNode doc = json.readTree(edited.resolve("json/receipt_00001.json").toFile());
        assertEquals("menu.unitprice", doc.at("/valid_line/2/category").asText());
        assertEquals(1, doc.at("/valid_line/2/group_id").asInt());
        assertEquals(1, doc.at("/valid_line/8/words/0/is_key").asInt());
        assertEquals(302, doc.at("/valid_line/8/words/0/quad/y1").asInt(), "the rotated quad as it was");
    }
}
