package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.eval.FieldDecoder;
import com.layoutlens.eval.FieldScores;
import com.layoutlens.data.formats.SroieKeysWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("sample-receipts");

    @Test
    void sroieKeysOfTheGoldLabelsAreTheKeyValuesWhereEvaluationFindsAnExactMatch(@TempDir Path out) throws Exception {
        CliRun r = CliRun.of("export", "--data", SAMPLES.toString(), "--format", "sroie-keys", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());

        // what evaluate computes for the gold labels taken as a prediction
        Dataset ds = Dataset.load(SAMPLES);
        FieldDecoder decoder = FieldDecoder.of(ds.labelSet());
        List<FieldScores.Values> values = new ArrayList<>();
        for (Receipt rec : ds.receipts()) {
            values.add(new FieldScores.Values(rec.id(), rec.keys(), decoder.decode(rec.labels())));
        }
        FieldScores scores = FieldScores.compute(SroieKeysWriter.FIELDS, values);
        int exact = 0;
        int other = 0;
        for (FieldScores.Match m : scores.matches()) {
            JsonNode written = JSON.readTree(out.resolve(m.receipt() + ".txt").toFile());
            assertEquals(SroieKeysWriter.FIELDS, iterate(written), m.receipt());
            String value = written.get(m.field()).asText();
            if (m.em()) {
                exact++;
                assertEquals(m.gold(), value, m.receipt() + " " + m.field());
            } else {
                other++;
                assertNotEquals(m.gold(), value.strip(), m.receipt() + " " + m.field());
            }
        }
        assertTrue(exact >= scores.matches().size() / 2, exact + " of " + scores.matches().size());
        try (var files = Files.list(out)) {
            assertEquals(ds.receipts().size(), files.count());
        }
        assertTrue(exact + other > 0);
    }

    @Test
    void sroieKeysDecodeAPredictedFolderAndLeaveFieldsWithoutWordsEmpty(@TempDir Path tmp) throws Exception {
        Path labels = tmp.resolve("pred");
        Files.createDirectories(labels);
        // a prediction that labels only the first word of receipt 1 COMPANY and nothing else
        Dataset ds = Dataset.load(SAMPLES);
        Receipt first = ds.receipts().get(0);
        var word = first.words().get(0);
        List<com.layoutlens.data.LabelRow> rows = new ArrayList<>();
        for (var w : first.words()) {
            rows.add(com.layoutlens.data.LabelRow.of(w, w.equals(word) ? "COMPANY" : "O", 0.9));
        }
        com.layoutlens.data.LabelFile.write(labels.resolve(first.id() + ".csv"), rows);
        Path out = tmp.resolve("keys");
        CliRun r = CliRun.of("export", "--data", SAMPLES.toString(), "--labels", labels.toString(),
                "--format", "sroie-keys", "--out", out.toString());
        assertEquals(LayoutLensCli.FAILED, r.exit(), "receipts without a label file are reported: " + r.err());
        assertTrue(r.err().contains("no labels"), r.err());
        JsonNode j = JSON.readTree(out.resolve(first.id() + ".txt").toFile());
        assertEquals(word.text(), j.get("company").asText());
        assertEquals("", j.get("total").asText());
        assertFalse(Files.exists(out.resolve(ds.receipts().get(1).id() + ".txt")));
    }

    @Test
    void neverWritesIntoTheSourceFolder() {
        CliRun r = CliRun.of("export", "--data", SAMPLES.toString(), "--format", "sroie-keys",
                "--out", SAMPLES.resolve("keys-out").toString());
        assertEquals(LayoutLensCli.USAGE, r.exit());
        assertFalse(Files.exists(SAMPLES.resolve("keys-out")));
    }

    private static List<String> iterate(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void exportNeverWritesOverAFolderThatHoldsFilesNorThroughALinkIntoItsSource(@TempDir Path tmp) throws Exception {
        Path mine = Files.createDirectories(tmp.resolve("ppocr"));
        Files.writeString(mine.resolve("Label.txt"), "my annotations");
        CliRun r = CliRun.of("export", "--data", SAMPLES.toString(), "--format", "ppocr", "--out", mine.toString());
        assertEquals(LayoutLensCli.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains(mine + " is not empty"), r.err());
        assertEquals("my annotations", Files.readString(mine.resolve("Label.txt")));

        Path link = Files.createSymbolicLink(tmp.resolve("samples-link"), SAMPLES.toAbsolutePath());
        CliRun in = CliRun.of("export", "--data", SAMPLES.toString(), "--format", "sroie", "--out",
                link.resolve("copy").toString());
        assertEquals(LayoutLensCli.USAGE, in.exit(), in.err());
        assertTrue(in.err().contains("is inside the source folder"), in.err());
        assertFalse(Files.exists(SAMPLES.resolve("copy")));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(0, CliRun.of("export", "--data", SAMPLES.toString(), "--format", "hf", "--out",
                empty.toString()).exit());
        assertTrue(Files.isRegularFile(empty.resolve("data.jsonl")));
    }

    @Test
    void importNeverWritesIntoAFolderThatHoldsLabelsOrCorrections(@TempDir Path tmp) throws Exception {
        Path hf = tmp.resolve("hf");
        assertEquals(0, CliRun.of("export", "--data", SAMPLES.toString(), "--format", "hf", "--out", hf.toString()).exit());
        Path into = Files.createDirectories(tmp.resolve("into/corrections"));
        Files.writeString(into.resolve("sample-003.json"), "{\"format\":1,\"edits\":[]}");
        CliRun r = CliRun.of("import", "--data", hf.toString(), "--out", into.getParent().toString());
        assertEquals(LayoutLensCli.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("is not empty"), r.err());
        assertFalse(Files.exists(into.getParent().resolve("box")));
    }

    @Test
    void labelsInAnotherSchemeAreWrittenInTheSchemasScheme(@TempDir Path tmp) throws Exception {
        Path bio = tmp.resolve("hf-bio");
        CliRun r = CliRun.of("export", "--data", SAMPLES.toString(), "--format", "hf", "--schema", "sroie-bio",
                "--out", bio.toString());
        assertEquals(0, r.exit(), r.err());
        java.util.Map<String, Integer> counts = tagCounts(bio);
        int entityWords = 0;
        for (Receipt rec : Dataset.load(SAMPLES).receipts()) {
            entityWords += (int) rec.labels().stream().filter(x -> !x.label().equals("O")).count();
        }
        assertTrue(entityWords > 0);
        assertEquals(entityWords, counts.entrySet().stream().filter(e -> !e.getKey().equals("O"))
                .mapToInt(java.util.Map.Entry::getValue).sum(), counts.toString());
        assertTrue(counts.getOrDefault("B-TOTAL", 0) > 0 && counts.getOrDefault("I-ADDRESS", 0) > 0, counts.toString());

        // BIO labels of an imported folder, exported with an IOBES schema: single words are S-, last words E-
        Path back = tmp.resolve("back");
        assertEquals(0, CliRun.of("import", "--data", bio.toString(), "--out", back.toString()).exit());
        Path iobes = tmp.resolve("hf-iobes");
        CliRun e = CliRun.of("export", "--data", back.toString(), "--format", "hf", "--schema", "sroie-iobes",
                "--out", iobes.toString());
        assertEquals(0, e.exit(), e.err());
        java.util.Map<String, Integer> c2 = tagCounts(iobes);
        assertTrue(c2.getOrDefault("S-TOTAL", 0) > 0 && c2.getOrDefault("E-ADDRESS", 0) > 0, c2.toString());
        assertEquals(counts.get("B-ADDRESS"), c2.get("B-ADDRESS"), c2.toString());
    }

    /** How often each tag name occurs in an hf folder's ner_tags. */
    private static java.util.Map<String, Integer> tagCounts(Path hf) throws Exception {
        JsonNode names = JSON.readTree(hf.resolve("labels.json").toFile());
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(hf.resolve("data.jsonl"))) {
            if (!line.isBlank()) {
                for (JsonNode t : JSON.readTree(line).get("ner_tags")) {
                    counts.merge(names.get(t.asInt()).asText(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    @Test
    void aSroieExportOfCorrectedReceiptsReadsAsTheSourceDoes(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("src");
        for (String sub : List.of("box", "img", "key", "labels")) {
            Files.createDirectories(src.resolve(sub));
            try (var files = Files.list(SAMPLES.resolve(sub))) {
                for (Path p : files.filter(f -> f.getFileName().toString().matches("sample-00[12]\\..*")).toList()) {
                    Files.copy(p, src.resolve(sub).resolve(p.getFileName()));
                }
            }
        }
        // segment 1 deleted, a word of segment 0 split: the label file names the corrected words
        com.layoutlens.data.OcrCorrections.write(com.layoutlens.data.OcrCorrections.file(src, "sample-002"),
                new com.layoutlens.data.OcrCorrections.Corrections(List.of(
                        new com.layoutlens.data.OcrCorrections.DeleteSegment(1),
                        new com.layoutlens.data.OcrCorrections.Split(0, 0, 2)), null));
        Dataset before = Dataset.load(src);
        Receipt corrected = before.receipt("sample-002");
        assertTrue(corrected.ocrCorrected());
        Path labels = src.resolve("labels/sample-002.csv");
        com.layoutlens.data.LabelFile.write(labels, new com.layoutlens.data.GoldAligner(LabelSet.sroie())
                .align(corrected).rows());
        before = Dataset.load(src);
        assertTrue(before.problems().stream().noneMatch(p -> p.file().contains("sample-002")), before.problems().toString());

        Path out = tmp.resolve("exp");
        CliRun r = CliRun.of("export", "--data", src.toString(), "--format", "sroie", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        Dataset after = Dataset.load(out);
        assertTrue(after.problems().stream().noneMatch(p -> p.file().contains("sample-002")), after.problems().toString());
        assertEquals(before.receipt("sample-002").labels(), after.receipt("sample-002").labels());
        assertEquals(before.receipt("sample-002").segments().toString(), after.receipt("sample-002").segments().toString());
        assertEquals(Files.readString(src.resolve("box/sample-002.csv")), Files.readString(out.resolve("box/sample-002.csv")));
    }

    @Test
    void exportAndImportPrintTheirSummaryAsJson(@TempDir Path tmp) throws Exception {
        Path hf = tmp.resolve("hf");
        CliRun e = CliRun.of("export", "--data", SAMPLES.toString(), "--format", "hf", "--out", hf.toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        JsonNode j = JSON.readTree(e.out());
        assertEquals("hf", j.get("format").asText());
        assertEquals(40, j.get("receipts").asInt());
        assertEquals(0, j.get("errors").size());
        CliRun i = CliRun.of("import", "--data", hf.toString(), "--out", tmp.resolve("back").toString(), "--json");
        assertEquals(0, i.exit(), i.err());
        JsonNode k = JSON.readTree(i.out());
        assertEquals(40, k.get("receipts").asInt());
        assertEquals(40, k.get("labelled").asInt());
    }
}
