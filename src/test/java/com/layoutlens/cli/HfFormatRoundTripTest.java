package com.layoutlens.cli;

import com.layoutlens.data.Box;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HfFormatRoundTripTest {

    private static final Path SAMPLES = Path.of("sample-receipts");

    private static Path sroie() {
        Path dir = Path.of(System.getProperty("layoutlens.sroie", "../shared/sroie"));
        assumeTrue(Files.isDirectory(dir.resolve("box")), "SROIE receipts not found at " + dir);
        return dir;
    }

    @Test
    void sampleReceiptsComeBackWithTheirWordsLabelsAndPixelBoxes(@TempDir Path tmp) throws Exception {
        Dataset before = Dataset.load(SAMPLES);
        Dataset after = roundTrip(SAMPLES, tmp);
        assertSame(before, labelsOf(before), after, 1);
        assertFalse(Files.exists(SAMPLES.resolve("hf")));
    }

    @Test
    void twentySroieReceiptsWithLabelsAlignedFromTheirKeysComeBack(@TempDir Path tmp) throws Exception {
        Path src = sroie();
        Path twenty = tmp.resolve("twenty");
        for (String sub : new String[] {"img", "box", "key"}) {
            Files.createDirectories(twenty.resolve(sub));
        }
        List<String> ids;
        try (var files = Files.list(src.resolve("box"))) {
            ids = files.map(p -> p.getFileName().toString().replaceAll("\\.[^.]*$", "")).sorted().limit(20).toList();
        }
        for (String id : ids) {
            link(src.resolve("box"), twenty.resolve("box"), id);
            link(src.resolve("img"), twenty.resolve("img"), id);
            link(src.resolve("key"), twenty.resolve("key"), id);
        }
        Dataset before = Dataset.load(twenty);
        assertEquals(20, before.receipts().size());
        Map<String, Map<Long, String>> gold = new HashMap<>();
        GoldAligner aligner = new GoldAligner(LabelSet.sroie());
        for (Receipt r : before.receipts()) {
            Map<Long, String> m = new HashMap<>();
            aligner.align(r).rows().forEach(x -> m.put(x.key(), x.label()));
            gold.put(r.id(), m);
        }
        Dataset after = roundTrip(twenty, tmp);
        assertSame(before, gold, after, 1);
        assertTrue(gold.values().stream().anyMatch(m -> m.containsValue("TOTAL")), "the aligned labels have entities");
    }

    /**
     * The 250 receipts of ../shared/sroie, with labels aligned from their key files, out as hf
     * and read back by format detection: the same words, labels and pixel boxes. The images are
     * left out to keep it fast (their size is written instead); the 20-receipt test above copies them.
     */
    @Test
    void everySroieReceiptGoesOutAsHfAndComesBackWithIdenticalWordsAndLabels(@TempDir Path tmp) throws Exception {
        Dataset before = Dataset.load(sroie());
        assertEquals(250, before.receipts().size());
        Map<String, Map<Long, String>> gold = new HashMap<>();
        List<Receipt> labelled = new ArrayList<>();
        GoldAligner aligner = new GoldAligner(LabelSet.sroie());
        for (Receipt r : before.receipts()) {
            List<LabelRow> rows = aligner.align(r).rows();
            Map<Long, String> m = new HashMap<>();
            rows.forEach(x -> m.put(x.key(), x.label()));
            gold.put(r.id(), m);
            labelled.add(new Receipt(r.id(), null, r.width(), r.height(), r.segments(), r.keys(), rows));
        }
        Path hf = tmp.resolve("hf");
        var problems = new com.layoutlens.data.formats.HfFormat().write(labelled, LabelSet.sroie(), hf);
        assertTrue(problems.stream().noneMatch(p -> p.isError()), problems.toString());
        Dataset after = com.layoutlens.data.formats.ReceiptFormats.load(hf, "auto",
                com.layoutlens.data.formats.ReceiptReader.Options.defaults());
        assertEquals("hf", after.format());
        assertSame(before, gold, after, 0);
        long entities = gold.values().stream().flatMap(m -> m.values().stream()).filter(l -> !l.equals("O")).count();
        assertTrue(entities > 4000, "the aligned labels name entities: " + entities);
    }

    @Test
    void withoutPixelBoxesTheBoxesComeFromTheNormalisedOnesAndTheImageSize(@TempDir Path tmp) throws Exception {
        Path hf = tmp.resolve("hf");
        assertEquals(0, CliRun.of("export", "--data", SAMPLES.toString(), "--format", "hf", "--out", hf.toString()).exit());
        Path data = hf.resolve("data.jsonl");
        // as another tool writes it: the columns of the issue only
        List<String> lines = new ArrayList<>();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : Files.readAllLines(data)) {
            var o = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(line);
            o.remove(List.of("pixel_bboxes", "width", "height"));
            lines.add(json.writeValueAsString(o));
        }
        Files.write(data, lines);
        Path back = tmp.resolve("back");
        CliRun r = CliRun.of("import", "--format", "hf", "--data", hf.toString(), "--out", back.toString());
        assertEquals(0, r.exit(), r.err());
        Dataset before = Dataset.load(SAMPLES);
        Dataset after = Dataset.load(back, LabelSet.sroie(), null, null);
        int maxWidth = before.receipts().stream().mapToInt(x -> Math.max(x.width(), x.height())).max().orElseThrow();
        assertSame(before, labelsOf(before), after, maxWidth / 2000 + 1);
    }

    @Test
    void aBrokenLineIsReportedWithFileAndLineAndTheOtherReceiptsComeThrough(@TempDir Path tmp) throws Exception {
        Path hf = tmp.resolve("hf");
        assertEquals(0, CliRun.of("export", "--data", SAMPLES.toString(), "--format", "hf", "--out", hf.toString()).exit());
        Path data = hf.resolve("data.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(data));
        int n = lines.size();
        lines.set(1, lines.get(1).substring(0, lines.get(1).length() / 2));          // cut short
        lines.set(3, lines.get(3).replaceFirst("\"ner_tags\":\\[\\d+", "\"ner_tags\":[99")); // no such tag
        Files.write(data, lines);
        Path back = tmp.resolve("back");
        CliRun r = CliRun.of("import", "--format", "hf", "--data", hf.toString(), "--out", back.toString());
        assertEquals(LayoutLensCli.FAILED, r.exit());
        assertTrue(r.err().contains(data + ":2: error: not JSON"), r.err());
        assertTrue(r.err().contains(data + ":4: error:") && r.err().contains("ner_tags[0] 99"), r.err());
        try (var files = Files.list(back.resolve("box"))) {
            assertEquals(n - 2, files.count());
        }
        assertTrue(r.out().contains("no key files"), r.out());
    }

    @Test
    void importNeverWritesIntoItsSource(@TempDir Path tmp) throws Exception {
        Path hf = tmp.resolve("hf");
        assertEquals(0, CliRun.of("export", "--data", SAMPLES.toString(), "--format", "hf", "--out", hf.toString()).exit());
        CliRun r = CliRun.of("import", "--format", "hf", "--data", hf.toString(), "--out", hf.resolve("x").toString());
        assertEquals(LayoutLensCli.USAGE, r.exit());
        assertFalse(Files.exists(hf.resolve("x")));
    }

    @Test
    void importRefusesAFolderThatAlreadyHoldsReceipts(@TempDir Path tmp) throws Exception {
        Path hf = tmp.resolve("hf");
        assertEquals(0, CliRun.of("export", "--data", SAMPLES.toString(), "--format", "hf", "--out", hf.toString()).exit());
        Path back = tmp.resolve("back");
        assertEquals(0, CliRun.of("import", "--format", "hf", "--data", hf.toString(), "--out", back.toString()).exit());
        CliRun again = CliRun.of("import", "--format", "hf", "--data", hf.toString(), "--out", back.toString());
        assertEquals(LayoutLensCli.USAGE, again.exit());
        assertTrue(again.err().contains("already holds receipts"), again.err());
    }

    private static void link(Path from, Path to, String id) throws Exception {
        try (var files = Files.list(from)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(id + ".")).toList()) {
                Files.createSymbolicLink(to.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
    }

    private static Dataset roundTrip(Path data, Path tmp) throws Exception {
        Path hf = tmp.resolve("hf");
        CliRun e = CliRun.of("export", "--data", data.toString(), "--format", "hf", "--out", hf.toString());
        assertEquals(0, e.exit(), e.err());
        assertTrue(Files.isRegularFile(hf.resolve("labels.json")));
        Path back = tmp.resolve("back");
        CliRun i = CliRun.of("import", "--format", "hf", "--data", hf.toString(), "--out", back.toString());
        assertEquals(0, i.exit(), i.err());
        assertFalse(Files.exists(back.resolve("key")), "the hf format has no key files");
        return Dataset.load(back, LabelSet.sroie(), null, null);
    }

    private static Map<String, Map<Long, String>> labelsOf(Dataset ds) {
        Map<String, Map<Long, String>> out = new HashMap<>();
        for (Receipt r : ds.receipts()) {
            Map<Long, String> m = new HashMap<>();
            assertNotNull(r.labels(), r.id());
            r.labels().forEach(x -> m.put(x.key(), x.label()));
            out.put(r.id(), m);
        }
        return out;
    }

    /** Same receipts, same words in order, same labels (O where there was none), boxes within {@code tolerance}. */
    private static void assertSame(Dataset before, Map<String, Map<Long, String>> labels, Dataset after, int tolerance) {
        assertEquals(before.receipts().size(), after.receipts().size());
        assertTrue(after.problems().stream().noneMatch(p -> p.isError()), after.problems().toString());
        for (Receipt b : before.receipts()) {
            Receipt a = after.receipt(b.id());
            assertNotNull(a, b.id());
            assertEquals(b.width(), a.width(), b.id());
            List<Word> wb = b.words();
            List<Word> wa = a.words();
            assertEquals(wb.stream().map(Word::text).toList(), wa.stream().map(Word::text).toList(), b.id());
            Map<Long, String> la = new HashMap<>();
            a.labels().forEach(x -> la.put(x.key(), x.label()));
            for (int k = 0; k < wb.size(); k++) {
                assertEquals(labels.get(b.id()).getOrDefault(wb.get(k).key(), "O"), la.get(wa.get(k).key()),
                        b.id() + " word " + k);
                Box x = wb.get(k).box();
                Box y = wa.get(k).box();
                int d = Math.max(Math.max(Math.abs(x.x0() - y.x0()), Math.abs(x.y0() - y.y0())),
                        Math.max(Math.abs(x.x1() - y.x1()), Math.abs(x.y1() - y.y1())));
                assertTrue(d <= tolerance, b.id() + " word " + k + ": " + x + " came back as " + y);
            }
        }
    }
}
