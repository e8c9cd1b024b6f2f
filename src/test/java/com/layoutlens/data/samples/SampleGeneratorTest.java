package com.layoutlens.data.samples;

import com.layoutlens.data.Box;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.data.Word;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleGeneratorTest {

    private static final int COUNT = 40;

    @TempDir
    static Path shared;

    private static Dataset dataset;

    @BeforeAll
    static void generateOnce() throws IOException {
        new SampleGenerator(SampleGenerator.DEFAULT_SEED).write(shared, COUNT);
        dataset = Dataset.load(shared);
    }

    @Test
    void sameSeedGivesIdenticalFiles(@TempDir Path a, @TempDir Path b) throws IOException {
        new SampleGenerator(7).write(a, 6);
        new SampleGenerator(7).write(b, 6);
        Map<String, byte[]> first = contents(a);
        Map<String, byte[]> second = contents(b);
        assertEquals(24, first.size());
        assertEquals(first.keySet(), second.keySet());
        for (String name : first.keySet()) {
            assertArrayEquals(first.get(name), second.get(name), name + " differs between two runs");
        }
    }

    @Test
    void differentSeedsGiveDifferentReceipts() {
        SampleReceipt a = new SampleGenerator(1).generate(1, 1);
        SampleReceipt b = new SampleGenerator(2).generate(1, 1);
        assertNotEquals(a.keys(), b.keys());
    }

    @Test
    void aReceiptDoesNotDependOnTheCount() {
        SampleReceipt inTen = new SampleGenerator(42).generate(5, 10);
        SampleReceipt inForty = new SampleGenerator(42).generate(5, 40);
        assertEquals("sample-005", inTen.id());
        assertEquals(inForty.segments(), inTen.segments());
        assertEquals(inForty.keys(), inTen.keys());
    }

    @Test
    void idsAreZeroPaddedToTheCount() {
        assertEquals("sample-001", SampleGenerator.id(1, 40));
        assertEquals("sample-0042", SampleGenerator.id(42, 1500));
    }

    @Test
    void generatedFolderLoadsWithoutProblems() {
        assertEquals(List.of(), dataset.problems());
        assertEquals(COUNT, dataset.receipts().size());
        for (Receipt r : dataset.receipts()) {
            assertNotNull(r.image(), r.id());
            assertNotNull(r.keys(), r.id());
            assertNotNull(r.labels(), r.id());
            assertEquals(List.of("company", "date", "address", "total"), List.copyOf(r.keys().keySet()), r.id());
        }
    }

    @Test
    void imagesAreReceiptSizedJpegs() throws IOException {
        for (Receipt r : dataset.receipts()) {
            assertTrue(r.width() >= 400 && r.width() <= 480, r.id() + " width " + r.width());
            assertTrue(r.height() > r.width(), r.id() + " should be taller than wide");
            long size = Files.size(r.image());
            assertTrue(size > 10_000 && size < 70_000, r.id() + " is " + size + " bytes");
            assertNotNull(ImageIO.read(r.image().toFile()), r.id());
        }
    }

    @Test
    void everyKeyValueOccursInTheOcrText() {
        for (Receipt r : dataset.receipts()) {
            String text = r.segments().stream().map(Segment::text).collect(Collectors.joining(" "));
            for (Map.Entry<String, String> e : r.keys().entrySet()) {
                assertFalse(e.getValue().isBlank(), r.id() + " " + e.getKey());
                assertTrue(text.contains(e.getValue()), r.id() + ": " + e.getKey() + " '" + e.getValue()
                        + "' is not in the OCR text");
            }
        }
    }

    @Test
    void labelRowsAreTheSegmentWords() {
        for (Receipt r : dataset.receipts()) {
            List<Word> words = r.words();
            List<LabelRow> rows = r.labels();
            assertEquals(words.size(), rows.size(), r.id());
            for (int i = 0; i < words.size(); i++) {
                Word w = words.get(i);
                LabelRow row = rows.get(i);
                assertEquals(List.of(w.segment(), w.index(), w.box(), w.text()),
                        List.of(row.segment(), row.word(), row.box(), row.text()), r.id() + " row " + i);
                assertEquals(null, row.score(), r.id() + " row " + i);
            }
        }
    }

    @Test
    void labelsAgreeWithTheKeys() {
        for (Receipt r : dataset.receipts()) {
            assertEquals(r.key("company"), joined(r, "COMPANY"), r.id());
            assertEquals(r.key("date"), joined(r, "DATE"), r.id());
            assertEquals(r.key("address"), joined(r, "ADDRESS"), r.id());
            assertEquals(r.key("total"), joined(r, "TOTAL"), r.id());
            assertEquals(1, r.labels().stream().filter(l -> l.label().equals("TOTAL")).count(), r.id());
        }
    }

    @Test
    void boxesLieInsideTheImage() {
        for (Receipt r : dataset.receipts()) {
            for (Segment s : r.segments()) {
                Box b = s.box();
                assertTrue(b.x0() >= 0 && b.y0() >= 0 && b.x1() < r.width() && b.y1() < r.height(),
                        r.id() + ": " + s);
                assertTrue(b.width() > 0 && b.height() > 0, r.id() + ": " + s);
                int[] p = s.points();
                assertArrayEquals(new int[] {b.x0(), b.y0(), b.x1(), b.y0(), b.x1(), b.y1(), b.x0(), b.y1()}, p,
                        r.id() + ": quads are axis-aligned, clockwise from the top-left");
            }
        }
    }

    @Test
    void keyFilesLookLikeSroieOnes() throws IOException {
        String json = Files.readString(shared.resolve("key/sample-001.json"));
        assertTrue(json.startsWith("{\n    \"company\": \""), json);
        assertTrue(json.endsWith("\"\n}"), json);
        Pattern money = Pattern.compile("\\d+\\.\\d{2}");
        for (Receipt r : dataset.receipts()) {
            assertTrue(money.matcher(r.key("total")).matches(), r.id() + " total " + r.key("total"));
            assertFalse(r.key("address").contains("  "), r.id() + " address lines are joined by single spaces");
        }
    }

    /** The forty default receipts show the variety the extractors must cope with. */
    @Test
    void defaultSamplesCoverTheHardCases() {
        Set<String> dateShapes = new HashSet<>();
        int totalsWithoutKeyword = 0;
        int datesInsideLongerSegments = 0;
        int sdnBhd = 0;
        int multiLineAddresses = 0;
        int totalAmountRepeated = 0;
        for (Receipt r : dataset.receipts()) {
            dateShapes.add(r.key("date").replaceAll("[0-9]", "9").replaceAll("[A-Z]{3}", "MMM"));
            LabelRow total = r.labels().stream().filter(l -> l.label().equals("TOTAL")).findFirst().orElseThrow();
            String totalSegment = r.segments().get(total.segment()).text();
            List<String> lineTexts = segmentsOnLineOf(r, total.segment());
            if (lineTexts.size() == 1 && totalSegment.startsWith("RM ")) {
                totalsWithoutKeyword++;
            }
            LabelRow date = r.labels().stream().filter(l -> l.label().equals("DATE")).findFirst().orElseThrow();
            if (!r.segments().get(date.segment()).text().equals(r.key("date"))) {
                datesInsideLongerSegments++;
            }
            if (r.key("company").contains("SDN BHD")) {
                sdnBhd++;
            }
            if (r.labels().stream().filter(l -> l.label().equals("ADDRESS")).map(LabelRow::segment).distinct()
                    .count() > 1) {
                multiLineAddresses++;
            }
            long same = r.segments().stream().filter(s -> s.text().endsWith(r.key("total"))).count();
            if (same > 1) {
                totalAmountRepeated++;
            }
        }
        assertTrue(dateShapes.size() >= 6, "date formats: " + dateShapes);
        assertTrue(totalsWithoutKeyword >= 1, "no total without keyword");
        assertTrue(datesInsideLongerSegments >= 10, "dates inside longer lines: " + datesInsideLongerSegments);
        assertTrue(sdnBhd >= 8, "SDN BHD companies: " + sdnBhd);
        assertTrue(multiLineAddresses >= 20, "multi-line addresses: " + multiLineAddresses);
        assertTrue(totalAmountRepeated >= 5, "receipts repeating the total amount: " + totalAmountRepeated);
    }

    /** The composer and renderer check their own layout (no overlaps, nothing off the page); run them wide. */
    @Test
    void manySeedsRenderWithConsistentLabels() {
        for (long seed = 100; seed < 106; seed++) {
            SampleGenerator g = new SampleGenerator(seed);
            for (int i = 1; i <= 25; i++) {
                SampleReceipt s = g.generate(i, 25);
                Map<String, List<String>> byLabel = new TreeMap<>();
                for (LabelRow row : s.labels()) {
                    byLabel.computeIfAbsent(row.label(), k -> new ArrayList<>()).add(row.text());
                }
                assertEquals(s.keys().get("company"), String.join(" ", byLabel.get("COMPANY")), s.id());
                assertEquals(s.keys().get("date"), String.join(" ", byLabel.get("DATE")), s.id());
                assertEquals(s.keys().get("address"), String.join(" ", byLabel.get("ADDRESS")), s.id());
                assertEquals(List.of(s.keys().get("total")), byLabel.get("TOTAL"), s.id());
            }
        }
    }

    @Test
    void sampleFolderRecognition(@TempDir Path dir) throws IOException {
        assertTrue(SampleGenerator.isSampleFolder(dir.resolve("absent")));
        assertTrue(SampleGenerator.isSampleFolder(dir));
        new SampleGenerator(3).write(dir, 2);
        Files.writeString(dir.resolve("README.md"), "samples");
        assertTrue(SampleGenerator.isSampleFolder(dir));
        Files.writeString(dir.resolve("box/mine.csv"), "1,1,2,1,2,2,1,2,X\n");
        assertFalse(SampleGenerator.isSampleFolder(dir));
        Files.delete(dir.resolve("box/mine.csv"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertFalse(SampleGenerator.isSampleFolder(dir));
    }

    @Test
    void aSmallerCountRemovesStaleSamples(@TempDir Path dir) throws IOException {
        new SampleGenerator(3).write(dir, 4);
        SampleGenerator.Written w = new SampleGenerator(3).write(dir, 2);
        assertEquals(8, w.removed().size());
        assertEquals(8, contents(dir).size());
        assertTrue(Files.exists(dir.resolve("labels/sample-002.csv")));
        assertFalse(Files.exists(dir.resolve("img/sample-003.jpg")));
    }

    private static String joined(Receipt r, String label) {
        return r.labels().stream().filter(l -> l.label().equals(label)).map(LabelRow::text)
                .collect(Collectors.joining(" "));
    }

    /** The texts of the segments that share a printed line with the given one. */
    private static List<String> segmentsOnLineOf(Receipt r, int segment) {
        Box b = r.segments().get(segment).box();
        return r.segments().stream().filter(s -> s.box().verticalOverlap(b) > b.height() / 2)
                .map(Segment::text).toList();
    }

    static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(SampleGenerator.MANIFEST)).toList()) {
                out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return out;
    }
}
