package com.layoutlens.data.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Box;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.data.Word;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.layoutlens.data.formats.FormatFixtures.byId;
import static com.layoutlens.data.formats.FormatFixtures.labels;
import static com.layoutlens.data.formats.FormatFixtures.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunsdFormatTest {

    private static final Path FIXTURE = Path.of("src/test/resources/formats/funsd");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsEntitiesAsSegmentsWithTheirWordsBoxesAndBioTags() throws Exception {
        FunsdFormat funsd = new FunsdFormat();
        assertTrue(funsd.recognises(FIXTURE));
        ReceiptReader.Read read = funsd.read(FIXTURE);
        assertEquals(List.of(), read.problems().stream().filter(Problem::isError).toList());
        assertEquals("funsd", read.schema().name());
        Receipt r = byId(read, "form_0001");
        assertEquals(600, r.width());
        assertEquals(400, r.height());
        assertEquals(6, r.segments().size(), "the entity without words is no segment");
        assertEquals(List.of("REGISTRATION", "FORM", "Name:", "Jane", "Doe", "Date:", "03/14/1998", "Page", "1"), words(r));
        assertEquals(List.of("B-HEADER", "I-HEADER", "B-QUESTION", "B-ANSWER", "I-ANSWER", "B-QUESTION", "B-ANSWER",
                "O", "O"), labels(r));
        assertEquals(new Box(110, 80, 152, 98), r.words().get(3).box());
        assertEquals(new Box(160, 80, 212, 98), r.words().get(4).box());
        assertEquals(new Box(110, 80, 212, 98), r.segments().get(2).box());
        assertEquals(List.of("TO:", "Research", "Department"), words(byId(read, "form_0002")));
    }

    @Test
    void aReceiptIsReadFromItsAnnotationFileAndImage(@TempDir Path tmp) throws Exception {
        // what a problem names first, and what a cached prediction is compared with
        for (String format : new String[] {"funsd", "cord"}) {
            Path dir = FormatFixtures.copy(format, tmp);
            com.layoutlens.data.Dataset ds = ReceiptFormats.load(dir, format, ReceiptReader.Options.defaults());
            Receipt r = ds.receipts().get(0);
            String json = format.equals("funsd") ? FunsdFormat.ANNOTATIONS : CordFormat.JSON_DIR;
            assertEquals(List.of(dir.resolve(json).resolve(r.id() + ".json"), r.image()), ds.sources().of(r), format);
        }
    }

    @Test
    void aRoundTripGivesTheSameWordsBoxesLabelsAndTheOriginalIdsAndLinks(@TempDir Path tmp) throws Exception {
        ReceiptReader.Read before = new FunsdFormat().read(FIXTURE);
        Path out = tmp.resolve("out");
        List<Problem> problems = new FunsdFormat().write(before.receipts(), before.schema(), out);
        assertEquals(List.of(), problems);
        ReceiptReader.Read after = new FunsdFormat().read(out);
        FormatFixtures.assertSame(before, after, 0);
        for (String id : List.of("form_0001", "form_0002")) {
            JsonNode src = JSON.readTree(FIXTURE.resolve("annotations/" + id + ".json").toFile()).get("form");
            JsonNode back = JSON.readTree(out.resolve("annotations/" + id + ".json").toFile()).get("form");
            assertEquals(src.size(), back.size(), id);
            for (int i = 0; i < src.size(); i++) {
                for (String field : List.of("id", "linking", "label", "text", "box", "words")) {
                    assertEquals(src.get(i).get(field), back.get(i).get(field), id + " entity " + i + " " + field);
                }
            }
        }
        assertTrue(Files.isRegularFile(out.resolve("images/form_0001.png")));
    }

    @Test
    void anEditedLabelIsWrittenWithTheLinksKept(@TempDir Path tmp) throws Exception {
        ReceiptReader.Read read = new FunsdFormat().read(FIXTURE);
        Receipt r = byId(read, "form_0002");
        List<LabelRow> rows = new ArrayList<>();
        for (LabelRow row : r.labels()) {
            rows.add(row.segment() == 1 ? row.withLabel(row.word() == 0 ? "B-HEADER" : "I-HEADER", null) : row);
        }
        Path out = tmp.resolve("out");
        new FunsdFormat().write(List.of(r.withLabels(rows)), read.schema(), out);
        JsonNode form = JSON.readTree(out.resolve("annotations/form_0002.json").toFile()).get("form");
        assertEquals("header", form.get(1).get("label").asText());
        assertEquals(11, form.get(1).get("id").asInt());
        assertEquals("[[10,11]]", form.get(1).get("linking").toString());
    }

    @Test
    void sroieLabelsWrittenAsFunsdReadBackInTheirOwnSchema(@TempDir Path tmp) throws Exception {
        LabelSet sroie = LabelSet.sroie();
        Segment s = Segment.of(0, new Box(10, 10, 210, 30), "SHOP SDN BHD TOTAL 12.00");
        List<String> tags = List.of("COMPANY", "COMPANY", "COMPANY", "O", "TOTAL");
        List<LabelRow> rows = new ArrayList<>();
        for (int i = 0; i < s.words().size(); i++) {
            rows.add(LabelRow.of(s.words().get(i), tags.get(i), null));
        }
        Path out = tmp.resolve("out");
        new FunsdFormat().write(List.of(new Receipt("r1", null, 300, 100, List.of(s), null, rows)), sroie, out);
        ReceiptReader.Read back = new FunsdFormat().read(out);
        assertEquals("sroie-bio", back.schema().name(), "the types met are SROIE's");
        assertEquals(List.of("B-COMPANY", "I-COMPANY", "I-COMPANY", "O", "B-TOTAL"), labels(back.receipts().get(0)));
        assertTrue(back.problems().stream().noneMatch(p -> p.message().contains("read as O")), back.problems().toString());
    }

    @Test
    void receiptsOfAnotherSourceAreWrittenOneEntityPerRunOfATypeWithoutLinks(@TempDir Path tmp) throws Exception {
        LabelSet funsd = LabelSet.builtIn("funsd");
        Segment s = Segment.of(0, new Box(10, 10, 210, 30), "Total due: 12.00 thanks");
        List<String> tags = List.of("B-QUESTION", "I-QUESTION", "B-ANSWER", "O");
        List<LabelRow> rows = new ArrayList<>();
        List<Word> ws = s.words();
        for (int i = 0; i < ws.size(); i++) {
            rows.add(LabelRow.of(ws.get(i), tags.get(i), null));
        }
        Receipt r = new Receipt("r1", null, 300, 100, List.of(s), null, rows);
        Path out = tmp.resolve("out");
        List<Problem> problems = new FunsdFormat().write(List.of(r), funsd, out);
        assertTrue(problems.stream().noneMatch(Problem::isError), problems.toString());
        JsonNode form = JSON.readTree(out.resolve("annotations/r1.json").toFile()).get("form");
        assertEquals(3, form.size());
        assertEquals(List.of("question", "answer", "other"), List.of(form.get(0).get("label").asText(),
                form.get(1).get("label").asText(), form.get(2).get("label").asText()));
        assertEquals("Total due:", form.get(0).get("text").asText());
        assertEquals(List.of(0, 1, 2), List.of(form.get(0).get("id").asInt(), form.get(1).get("id").asInt(),
                form.get(2).get("id").asInt()));
        assertEquals("[]", form.get(0).get("linking").toString());
        ReceiptReader.Read back = new FunsdFormat().read(out);
        assertEquals(tags, labels(back.receipts().get(0)));
        assertEquals(List.of("Total", "due:", "12.00", "thanks"), words(back.receipts().get(0)));
    }

    @Test
    void aBrokenFileIsReportedWithItsLineAndTheOthersAreRead(@TempDir Path tmp) throws Exception {
        Path dir = FormatFixtures.copy("funsd", tmp);
        Path broken = dir.resolve("annotations/form_0002.json");
        Files.writeString(broken, "{\n  \"form\": [\n    {\"id\": 1, \"words\": [}\n  ]\n}\n");
        Files.writeString(dir.resolve("annotations/form_0003.json"), "{\"form\": [{\"id\": 0, \"label\": \"answer\","
                + " \"words\": [{\"text\": \"x\", \"box\": [1, 2, 3]}]}]}");
        ReceiptReader.Read read = new FunsdFormat().read(dir);
        assertEquals(List.of("form_0001"), read.receipts().stream().map(Receipt::id).toList());
        List<Problem> errors = read.problems().stream().filter(Problem::isError).toList();
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(broken.toString(), errors.get(0).file());
        assertEquals(3, errors.get(0).line());
        assertTrue(errors.get(0).message().contains("not JSON"), errors.get(0).message());
        assertTrue(errors.get(1).file().endsWith("form_0003.json"));
        assertTrue(errors.get(1).message().contains("form[0].words[0].box"), errors.get(1).message());
        assertFalse(new FunsdFormat().recognises(tmp.resolve("nothing")));
    }
}
