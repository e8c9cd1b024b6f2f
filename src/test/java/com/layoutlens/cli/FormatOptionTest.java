package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --format auto|NAME} on the commands that read receipts, and their figures on an hf folder. */
class FormatOptionTest {

    private static final Path SAMPLES = Path.of("sample-receipts");
    private static final Path MODEL = Path.of("models/demo-layoutlm");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path hf(Path tmp) {
        Path hf = tmp.resolve("hf");
        CliRun r = CliRun.of("export", "--data", SAMPLES.toString(), "--format", "hf", "--out", hf.toString());
        assertEquals(0, r.exit(), r.err());
        return hf;
    }

    @Test
    void anUnknownFormatOrAFolderNoFormatRecognisesIsAUsageErrorListingTheFormats(@TempDir Path tmp) {
        CliRun r = CliRun.of("stats", "--data", SAMPLES.toString(), "--format", "xml");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--format: no reader for format 'xml'") && r.err().contains("auto, hf"), r.err());
        r = CliRun.of("stats", "--data", tmp.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no receipt format recognises this folder") && r.err().contains("sroie"), r.err());
        r = CliRun.of("suspects", "--pred", SAMPLES.resolve("labels").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--gold LABEL_DIR or --data DIR"), r.err());
        r = CliRun.of("stats", "--help");
        assertTrue(r.out().contains("--format") && r.out().contains("hf, funsd, cord") && r.out().contains("pdf, sroie"), r.out());
    }

    @Test
    void onePdfFileIsAReceiptFolderOfItsOwn(@TempDir Path tmp) throws Exception {
        Path pdf = Path.of("src/test/resources/formats/pdf/invoice.pdf");
        CliRun p = CliRun.of("predict", "--model", com.layoutlens.model.layoutlm.Fixtures.folder("tiny-b").toString(),
                "--data", pdf.toString(), "--out", tmp.resolve("pred").toString(), "--device", "cpu", "--no-cache",
                "--json");
        // its second page is a scan: reported, the first page labelled
        assertEquals(1, p.exit(), p.err());
        assertTrue(p.out().contains("page 2 has no text layer") && p.out().contains("invoice-p2"), p.out());
        assertFalse(p.err().contains("WARN org.apache.pdfbox"), p.err());
        try (var files = Files.list(tmp.resolve("pred"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("invoice")));
        }
        CliRun i = CliRun.of("import", "--data", pdf.toString(), "--out", tmp.resolve("imp").toString());
        assertEquals(1, i.exit(), i.err()); // the scanned page
        assertTrue(Files.isDirectory(tmp.resolve("imp/box")));
        CliRun other = CliRun.of("stats", "--data", SAMPLES.resolve("box/sample-001.csv").toString());
        assertEquals(2, other.exit(), other.err());
        assertTrue(other.err().contains("not a folder"), other.err());
    }

    @Test
    void trainChecksTheFormatsOfItsFoldersBeforeTraining(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun r = CliRun.of("train", "--data", empty.toString(), "--config", "tiny", "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no receipt format recognises this folder"), r.err());
        r = CliRun.of("train", "--data", SAMPLES.toString(), "--dev", SAMPLES.toString(), "--dev-format", "xml",
                "--config", "tiny", "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--dev-format: no reader for format 'xml'"), r.err());
        assertFalse(Files.exists(out.resolve("checkpoint")));
    }

    @Test
    void aFormatNamedIsReadAsThatFormat(@TempDir Path tmp) throws Exception {
        Path hf = hf(tmp);
        CliRun r = CliRun.of("stats", "--data", hf.toString(), "--format", "sroie", "--json");
        assertEquals(2, r.exit(), "an hf folder has no box/ folder");
        assertTrue(r.err().contains("no 'box' folder"), r.err());
        r = CliRun.of("stats", "--data", hf.toString(), "--format", "hf", "--json");
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void anHfFolderExportsTheKeyFilesItsOriginalExports(@TempDir Path tmp) throws Exception {
        Path hf = hf(tmp);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(0, CliRun.of("export", "--data", SAMPLES.toString(), "--format", "sroie-keys", "--out",
                a.toString()).exit());
        CliRun r = CliRun.of("export", "--data", hf.toString(), "--format", "sroie-keys", "--out", b.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("the hf folder's own labels"), r.out());
        List<Path> files;
        try (var list = Files.list(a)) {
            files = list.sorted().toList();
        }
        assertEquals(40, files.size());
        for (Path f : files) {
            assertEquals(Files.readString(f), Files.readString(b.resolve(f.getFileName())), f.getFileName().toString());
        }
        r = CliRun.of("export", "--data", hf.toString(), "--data-format", "sroie", "--format", "hf", "--out",
                tmp.resolve("c").toString());
        assertEquals(2, r.exit(), "an hf folder read as sroie");
    }

    @Test
    void statsOnAnHfExportGiveTheWordFiguresOfTheOriginal(@TempDir Path tmp) throws Exception {
        Path hf = hf(tmp);
        JsonNode before = JSON.readTree(CliRun.of("stats", "--data", SAMPLES.toString(), "--json").out());
        CliRun r = CliRun.of("stats", "--data", hf.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode after = JSON.readTree(r.out());
        for (String k : List.of("receipts", "words", "labels", "receipts_with_label", "total_preceded_by", "company_lines", "rules")) {
            assertEquals(before.get(k), after.get(k), k);
        }
        assertEquals(before.get("hypotheses"), after.get("hypotheses"));
        assertTrue(before.get("words").asInt() > 0);
        assertTrue(after.get("labels_source").asText().contains("hf"), after.get("labels_source").asText());
    }

    @Test
    void predictAndEvaluateOnAnHfExportGiveTheFiguresOfTheOriginal(@TempDir Path tmp) throws Exception {
        Path hf = hf(tmp);
        Path p1 = tmp.resolve("p1");
        Path p2 = tmp.resolve("p2");
        CliRun r = CliRun.of("predict", "--model", MODEL.toString(), "--data", SAMPLES.toString(), "--out",
                p1.toString(), "--no-cache", "--device", "cpu", "--json");
        assertEquals(0, r.exit(), r.err());
        r = CliRun.of("predict", "--model", MODEL.toString(), "--data", hf.toString(), "--out", p2.toString(),
                "--no-cache", "--device", "cpu", "--json");
        assertEquals(0, r.exit(), r.err());
        assertFalse(Files.exists(hf.resolve("labels")), "nothing written into the source folder");
        // the same words get the same tags (hf keeps one segment per word, so the keys differ)
        assertEquals(tagsByText(p1), tagsByText(p2));

        JsonNode a = JSON.readTree(CliRun.of("evaluate", "--gold", SAMPLES.resolve("labels").toString(), "--pred",
                p1.toString(), "--json").out());
        r = CliRun.of("evaluate", "--data", hf.toString(), "--pred", p2.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode b = JSON.readTree(r.out());
        for (String k : List.of("receipts", "words", "accuracy", "micro", "labels", "entities", "entities_strict", "fields", "sroie", "confusion")) {
            assertEquals(a.get(k), b.get(k), k);
        }
        // key files from elsewhere: a receipt without one is named with the file its gold came from
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        List<Path> keyFiles;
        try (var files = Files.list(SAMPLES.resolve("key"))) {
            keyFiles = files.sorted().toList();
        }
        for (Path k : keyFiles.subList(1, keyFiles.size())) {
            Files.copy(k, keys.resolve(k.getFileName()));
        }
        r = CliRun.of("evaluate", "--data", hf.toString(), "--keys", keys.toString(), "--pred", p2.toString());
        assertEquals(0, r.exit(), r.err());
        String id = keyFiles.get(0).getFileName().toString().replace(".json", "");
        assertTrue(r.err().contains(hf.resolve("data.jsonl") + " (" + id + "): warning: no key file"), r.err());
        r = CliRun.of("evaluate", "--gold", SAMPLES.resolve("labels").toString(), "--data", hf.toString(),
                "--pred", p2.toString());
        assertEquals(2, r.exit(), "--gold and --data together");
    }

    @Test
    void aSroieFolderAsDataGivesTheGoldOfItsLabelAndKeyFolders() throws Exception {
        JsonNode a = JSON.readTree(CliRun.of("evaluate", "--gold", SAMPLES.resolve("labels").toString(), "--keys",
                SAMPLES.resolve("key").toString(), "--pred", SAMPLES.resolve("labels").toString(), "--json").out());
        CliRun r = CliRun.of("evaluate", "--data", SAMPLES.toString(), "--pred", SAMPLES.resolve("labels").toString(),
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode b = JSON.readTree(r.out());
        assertEquals("key files", b.get("field_gold").asText());
        for (String k : List.of("receipts", "words", "micro", "fields", "sroie")) {
            assertEquals(a.get(k), b.get(k), k);
        }
        assertEquals(40, b.get("receipts").asInt());
    }

    /** Each receipt's words in reading order with their tags, as "text/TAG". */
    private static Map<String, List<String>> tagsByText(Path dir) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                List<LabelRow> rows = LabelFile.read(f, LabelSet.sroie()).rows();
                out.put(f.getFileName().toString(), rows.stream().map(x -> x.text() + "/" + x.label()).toList());
            }
        }
        return out;
    }
}
