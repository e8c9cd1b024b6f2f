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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import static com.layoutlens.data.formats.FormatFixtures.byId;
import static com.layoutlens.data.formats.FormatFixtures.labels;
import static com.layoutlens.data.formats.FormatFixtures.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelStudioFormatTest {

    private static final Path FIXTURE = Path.of("src/test/resources/formats/label-studio");
    private static final String EXPORT = "project-1-at-2026-01-21-10-05-3f2a9c1b.json";

    @Test
    void readsTheLastAnnotationElseThePredictionWithPixelBoxesAndTagsOfItsLabels() throws Exception {
        LabelStudioFormat ls = new LabelStudioFormat();
        assertTrue(ls.recognises(FIXTURE));
        ReceiptReader.Read read = ls.read(FIXTURE);
        assertEquals(List.of(), read.problems());
        assertEquals(List.of("O", "B-Company", "I-Company", "B-Date", "I-Date", "B-Total", "I-Total"), read.schema().tags());
        Receipt a = byId(read, "receipt_a");
        assertEquals(FIXTURE.resolve("images/receipt_a.png"), a.image(), "an upload's prefix is not part of the name");
        assertEquals(500, a.width());
        assertEquals(List.of("ACME", "MARKET", "2026-01-15", "Thank", "you", "12.50"), words(a));
        assertEquals(List.of("B-Company", "I-Company", "B-Date", "O", "O", "B-Total"), labels(a));
        assertEquals(new Box(50, 40, 250, 70), a.segments().get(0).box());
        assertEquals(new Box(379, 500, 460, 526), a.segments().get(3).box(), "the rotated rectangle's corners");
        Receipt b = byId(read, "receipt_b");
        assertEquals(List.of("Corner", "Cafe", "4.20"), words(b));
        assertEquals(new Box(280, 400, 340, 420), b.segments().get(1).box());
    }

    @Test
    void aRoundTripGivesTheSameWordsBoxesAndLabelsAndKeepsTheRegionIds(@TempDir Path tmp) throws Exception {
        ReceiptReader.Read before = new LabelStudioFormat().read(FIXTURE);
        Path out = tmp.resolve("out");
        assertEquals(List.of(), new LabelStudioFormat().write(before.receipts(), before.schema(), out));
        ReceiptReader.Read after = new LabelStudioFormat().read(out);
        assertEquals(List.of(), after.problems());
        FormatFixtures.assertSame(before, after, 1);
        JsonNode tasks = new ObjectMapper().readTree(out.resolve("tasks.json").toFile());
        assertEquals(2, tasks.size());
        JsonNode result = tasks.get(0).at("/predictions/0/result");
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        List<String> types = new ArrayList<>();
        result.forEach(r -> {
            ids.add(r.get("id").asText());
            types.add(r.get("type").asText());
        });
        assertEquals(List.of("Xk3pQ9aL1z", "b7Rt2Mn0Qe", "c0Lw8Zs4Uy", "d5Hv1Kp6Ti"), new ArrayList<>(ids),
                "every region keeps its id, shared by its rectangle, labels and textarea");
        assertEquals(List.of("rectangle", "labels", "textarea"), types.subList(0, 3));
        assertEquals("/data/local-files/?d=images/receipt_a.png", tasks.get(0).at("/data/ocr").asText());
        assertTrue(Files.isRegularFile(out.resolve("images/receipt_a.png")));
        // written again from what was written: the same ids, no new regions
        Path again = tmp.resolve("again");
        new LabelStudioFormat().write(after.receipts(), after.schema(), again);
        assertEquals(new ObjectMapper().readTree(out.resolve("tasks.json").toFile()),
                new ObjectMapper().readTree(again.resolve("tasks.json").toFile()));
    }

    @Test
    void anImageSizeThatIsNoPositiveNumberIsRefusedNotTurnedIntoFlatBoxes(@TempDir Path tmp) throws Exception {
        for (String bad : new String[] {"0", "-500", "\"wide\""}) {
            Path dir = FormatFixtures.copy("label-studio", tmp.resolve("c" + bad.hashCode()));
            Path file = dir.resolve(EXPORT);
            Files.writeString(file, Files.readString(file).replaceAll("\"original_width\": *[0-9]+",
                    "\"original_width\": " + java.util.regex.Matcher.quoteReplacement(bad)));
            ReceiptReader.Read read = new LabelStudioFormat().read(dir);
            List<Problem> errors = read.problems().stream().filter(Problem::isError).toList();
            assertFalse(errors.isEmpty(), bad);
            assertTrue(errors.get(0).message().contains("'original_width' " + bad + " is not an image size"),
                    errors.toString());
            for (Receipt r : read.receipts()) {
                r.segments().forEach(sg -> assertTrue(sg.box().x1() > sg.box().x0(), sg.toString()));
            }
        }
    }

    @Test
    void aBrokenTaskIsReportedWithItsLineAndABrokenFileKeepsTheTasksBeforeTheError(@TempDir Path tmp) throws Exception {
        Path dir = FormatFixtures.copy("label-studio", tmp);
        Path file = dir.resolve(EXPORT);
        String text = Files.readString(file);
        int task2 = text.indexOf("\"id\": 2,");
        Files.writeString(file, text.substring(0, task2) + text.substring(task2).replace("\"x\": 7.5,", "\"x\": \"left\","));
        ReceiptReader.Read read = new LabelStudioFormat().read(dir);
        assertEquals(List.of("receipt_a"), read.receipts().stream().map(Receipt::id).toList());
        List<Problem> errors = read.problems().stream().filter(Problem::isError).toList();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(file.toString(), errors.get(0).file());
        int taskLine = (int) text.substring(0, text.lastIndexOf('{', task2) + 1).lines().count(); // the task's "{"
        assertEquals(taskLine, errors.get(0).line(), errors.get(0).toString());
        assertTrue(errors.get(0).message().contains("'x'"), errors.get(0).message());

        Files.writeString(file, text.substring(0, text.indexOf("\"id\": 2,")) + "\"id\": 2, \"data\": {\n\n");
        read = new LabelStudioFormat().read(dir);
        assertEquals(List.of("receipt_a"), read.receipts().stream().map(Receipt::id).toList());
        Problem syntax = read.problems().stream().filter(Problem::isError).findFirst().orElseThrow();
        assertTrue(syntax.message().contains("not JSON"), syntax.toString());
        assertTrue(syntax.line() > taskLine, syntax.toString());
        assertFalse(new LabelStudioFormat().recognises(tmp.resolve("none")));
        Path hf = Files.createDirectories(tmp.resolve("hf"));
        Files.writeString(hf.resolve("labels.json"), "[\"O\", \"B-TOTAL\"]");
        assertFalse(new LabelStudioFormat().recognises(hf), "an hf folder's labels.json is no export");
    }

    @Test
    void aTranscriptionOfSeveralLinesIsOneSegmentOfItsWords(@TempDir Path tmp) throws Exception {
        String value = "\"x\": 10, \"y\": 10, \"width\": 50, \"height\": 10, \"rotation\": 0";
        Files.writeString(tmp.resolve("export.json"), "[{\"id\": 7, \"data\": {\"image\": \"https://example.com/scan.png\"},"
                + " \"annotations\": [{\"result\": [{\"id\": \"r1\", \"type\": \"textarea\", \"original_width\": 200,"
                + " \"original_height\": 100, \"value\": {" + value + ", \"text\": [\"Unit 4,\\n12 High St\", \"Leeds\"]}}]}]}]");
        ReceiptReader.Read read = new LabelStudioFormat().read(tmp);
        Receipt r = read.receipts().get(0);
        assertEquals("scan", r.id());
        assertNull(r.image());
        assertEquals(200, r.width());
        assertEquals("Unit 4, 12 High St Leeds", r.segments().get(0).text());
        assertEquals(new Box(20, 10, 120, 20), r.segments().get(0).box());
        assertNull(read.schema(), "no labels, no schema");
        assertTrue(read.problems().stream().anyMatch(p -> p.message().contains("not found")), read.problems().toString());
    }
}
