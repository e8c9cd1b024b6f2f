package com.layoutlens.cli;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;
import com.layoutlens.data.formats.CordFormat;
import com.layoutlens.data.formats.FunsdFormat;
import com.layoutlens.data.formats.LabelStudioFormat;
import com.layoutlens.data.formats.PpocrFormat;
import com.layoutlens.data.formats.ReceiptReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code import --format NAME} into our folder and {@code export --format NAME} back, for each format's fixture. */
class FormatsCommandsTest {

    private static List<String> words(Receipt r) {
        return r.words().stream().map(Word::text).toList();
    }

    private static List<String> types(Receipt r) {
        Map<Long, String> tags = r.labels().stream().collect(Collectors.toMap(LabelRow::key, LabelRow::label));
        return r.words().stream().map(w -> tags.get(w.key()).replaceFirst("^[BI]-", "").toLowerCase()).toList();
    }

    /** Reported lines other than the one every imported folder gets (it has no key files). */
    private static String unexpected(String err) {
        return err.lines().filter(l -> !l.contains("no key folder")).collect(Collectors.joining("\n"));
    }

    private static ReceiptReader reader(String format) {
        return switch (format) {
            case "funsd" -> new FunsdFormat();
            case "cord" -> new CordFormat();
            case "label-studio" -> new LabelStudioFormat();
            default -> new PpocrFormat();
        };
    }

    @ParameterizedTest
    @CsvSource({"funsd,funsd", "cord,cord", "label-studio,", "ppocr,"})
    void importThenExportGivesTheFixturesWordsAndLabels(String format, String builtIn, @TempDir Path tmp) throws Exception {
        Path fixture = Path.of("src/test/resources/formats", format);
        Path ours = tmp.resolve("ours");
        CliRun in = CliRun.of("import", "--format", format, "--data", fixture.toString(), "--out", ours.toString());
        assertEquals(0, in.exit(), in.err());
        ReceiptReader.Read source = reader(format).read(fixture);
        // labels named freely (no built-in schema): import keeps their schema in the folder, export needs no --schema
        Path schemaFile = ours.resolve("labels/schema.json");
        assertEquals(builtIn == null, Files.isRegularFile(schemaFile), format + ": " + schemaFile);
        if (builtIn == null) {
            assertEquals(source.schema().tags(), com.layoutlens.data.LabelSet.load(schemaFile).tags());
        }
        Path back = tmp.resolve("back");
        CliRun out = CliRun.of("export", "--data", ours.toString(), "--format", format, "--out", back.toString());
        assertEquals(0, out.exit(), out.err());
        assertEquals("", unexpected(out.err()), "export reports nothing but the missing key folder");
        if (builtIn == null) {
            assertTrue(out.out().contains("schema " + source.schema().name()), out.out());
        }
        ReceiptReader.Read after = reader(format).read(back);
        assertEquals(source.receipts().size(), after.receipts().size(), after.problems().toString());
        for (int i = 0; i < source.receipts().size(); i++) {
            Receipt a = source.receipts().get(i);
            Receipt b = after.receipts().get(i);
            assertEquals(a.id(), b.id());
            assertEquals(words(a), words(b), a.id());
            assertEquals(types(a), types(b), a.id());
        }
        assertEquals(Dataset.load(ours).receipts().size(), source.receipts().size());
    }

    @Test
    void pdfPagesAreImportedWithTheirWords(@TempDir Path tmp) throws Exception {
        Path ours = tmp.resolve("ours");
        CliRun in = CliRun.of("import", "--format", "pdf", "--data", "src/test/resources/formats/pdf", "--out", ours.toString());
        assertTrue(in.err().contains("page 2 has no text layer"), in.err());
        Dataset ds = Dataset.load(ours);
        assertEquals(List.of("invoice-p1", "order"), ds.receipts().stream().map(Receipt::id).toList());
        assertEquals(List.of("Order", "#4411", "Paid", "by", "card"), words(ds.receipts().get(1)));
        assertTrue(Files.isRegularFile(ours.resolve("img/order.png")));
    }
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Imports a fixture into our folder and exports it back in its format; the folder exported to. */
    private static Path importThenExport(String format, Path tmp, String... exportOptions) throws Exception {
        Path ours = tmp.resolve("ours");
        CliRun in = CliRun.of("import", "--format", format, "--data", "src/test/resources/formats/" + format,
                "--out", ours.toString());
        assertEquals(0, in.exit(), in.err());
        Path back = tmp.resolve("back");
        List<String> args = new java.util.ArrayList<>(List.of("export", "--data", ours.toString(), "--format", format,
                "--out", back.toString()));
        args.addAll(List.of(exportOptions));
        CliRun out = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, out.exit(), out.err());
        assertEquals("", unexpected(out.err()), "export reports nothing but the missing key folder");
        return back;
    }

    @Test
    void funsdImportedThenExportedKeepsEveryEntityItsIdAndItsLinks(@TempDir Path tmp) throws Exception {
        Path back = importThenExport("funsd", tmp);
        assertTrue(Files.isRegularFile(tmp.resolve("ours/source/form_0001.json")));
        assertEquals("funsd", JSON.readTree(tmp.resolve("ours/source/form_0001.json").toFile()).get("format").asText());
        for (String id : List.of("form_0001", "form_0002")) {
            var src = JSON.readTree(Path.of("src/test/resources/formats/funsd/annotations", id + ".json").toFile()).get("form");
            var out = JSON.readTree(back.resolve("annotations/" + id + ".json").toFile()).get("form");
            assertEquals(src.size(), out.size(), id + ": entities without words come back too");
            for (int i = 0; i < src.size(); i++) {
                for (String field : List.of("id", "linking", "label", "text")) {
                    assertEquals(src.get(i).get(field), out.get(i).get(field), id + " entity " + i + " " + field);
                }
            }
        }
    }

    @Test
    void cordImportedThenExportedKeepsGroupsKeysAndMeta(@TempDir Path tmp) throws Exception {
        Path back = importThenExport("cord", tmp);
        for (String id : List.of("receipt_00001", "receipt_00002")) {
            var src = JSON.readTree(Path.of("src/test/resources/formats/cord/json", id + ".json").toFile());
            var out = JSON.readTree(back.resolve("json/" + id + ".json").toFile());
            assertEquals(src.get("meta"), out.get("meta"), id);
            assertEquals(src.get("valid_line").size(), out.get("valid_line").size(), id);
            for (int i = 0; i < src.get("valid_line").size(); i++) {
                var a = src.get("valid_line").get(i);
                var b = out.get("valid_line").get(i);
                assertEquals(a.get("group_id"), b.get("group_id"), id + " line " + i);
                assertEquals(a.get("sub_group_id"), b.get("sub_group_id"), id + " line " + i);
                assertEquals(a.get("category"), b.get("category"), id + " line " + i);
                assertEquals(a.at("/words/0/is_key"), b.at("/words/0/is_key"), id + " line " + i);
            }
        }
    }

    @Test
    void labelStudioImportedThenExportedKeepsTheRegionIdsWithoutDuplicates(@TempDir Path tmp) throws Exception {
        Path back = importThenExport("label-studio", tmp);
        ReceiptReader.Read source = new LabelStudioFormat().read(Path.of("src/test/resources/formats/label-studio"));
        var tasks = JSON.readTree(back.resolve("tasks.json").toFile());
        assertEquals(source.receipts().size(), tasks.size());
        // the fixture's region ids, task by task
        var fixture = JSON.readTree(Files.list(Path.of("src/test/resources/formats/label-studio"))
                .filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow().toFile());
        for (int t = 0; t < tasks.size(); t++) {
            java.util.LinkedHashSet<String> written = new java.util.LinkedHashSet<>();
            tasks.get(t).at("/predictions/0/result").forEach(r -> written.add(r.get("id").asText()));
            java.util.Set<String> ids = new java.util.HashSet<>();
            fixture.get(t).findValues("result").forEach(result -> result.forEach(r -> ids.add(r.get("id").asText())));
            assertEquals(source.receipts().get(t).segments().size(), written.size(), "task " + t + ": one id a region");
            assertTrue(ids.containsAll(written), "task " + t + ": " + written + " are not the export's ids " + ids);
        }
    }
    @Test
    void funsdWithOtherLabelsIsImportedWithItsSchemaUnderItsOwnNameAndABrokenSchemaFileIsNamed(@TempDir Path tmp)
            throws Exception {
        Path src = tmp.resolve("forms");
        Files.createDirectories(src.resolve("annotations"));
        Files.createDirectories(src.resolve("images"));
        for (String id : List.of("form_0001", "form_0002")) {
            Path fixture = Path.of("src/test/resources/formats/funsd");
            Files.writeString(src.resolve("annotations/" + id + ".json"), Files.readString(fixture.resolve(
                    "annotations/" + id + ".json")).replace("\"question\"", "\"vendor\"").replace("\"answer\"", "\"amount\""));
            Files.copy(fixture.resolve("images/" + id + ".png"), src.resolve("images/" + id + ".png"));
        }
        Path ours = tmp.resolve("ours");
        CliRun in = CliRun.of("import", "--data", src.toString(), "--out", ours.toString());
        assertEquals(0, in.exit(), in.err());
        com.layoutlens.data.LabelSet kept = com.layoutlens.data.LabelSet.load(ours.resolve("labels/schema.json"));
        assertEquals("funsd-imported", kept.name(), "not to be taken for the built-in funsd");
        assertTrue(kept.entityLabels().containsAll(List.of("vendor", "amount")), kept.toString());
        Path back = tmp.resolve("back");
        CliRun out = CliRun.of("export", "--data", ours.toString(), "--format", "funsd", "--out", back.toString());
        assertEquals(0, out.exit(), out.err());
        var form = JSON.readTree(back.resolve("annotations/form_0001.json").toFile()).get("form");
        assertEquals("vendor", form.get(1).get("label").asText(), form.get(1).toString());

        Files.writeString(ours.resolve("labels/schema.json"), "{\"labels\": ");
        CliRun broken = CliRun.of("export", "--data", ours.toString(), "--format", "funsd", "--out", tmp.resolve("b2").toString());
        assertTrue(broken.err().contains(ours.resolve("labels/schema.json").toString()) && broken.err().contains("not usable"),
                broken.err());
    }
}
