package com.layoutlens.data.formats;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReceiptFormatsTest {

    private static final Path SAMPLES = Path.of("sample-receipts");

    /** The sample receipts written as hf (with their gold labels) into {@code dir}. */
    static Path hfOfSamples(Path dir) throws IOException {
        Dataset ds = Dataset.load(SAMPLES);
        List<?> problems = new HfFormat().write(ds.receipts(), ds.labelSet(), dir);
        assertTrue(problems.isEmpty(), problems.toString());
        return dir;
    }

    @Test
    void sroieIsTriedLastAndEveryReaderIsListed() {
        List<String> names = ReceiptFormats.readers();
        assertEquals(SroieFormat.NAME, names.get(names.size() - 1));
        assertTrue(names.contains(HfFormat.NAME));
        assertTrue(ReceiptFormats.writers().containsAll(List.of("sroie", "sroie-keys", "hf")));
    }

    @Test
    void eachKnownFolderShapeIsDetected(@TempDir Path tmp) throws IOException {
        assertInstanceOf(SroieFormat.class, ReceiptFormats.detect(SAMPLES));
        assertInstanceOf(HfFormat.class, ReceiptFormats.detect(hfOfSamples(tmp.resolve("hf"))));
        // a folder with both: the other format wins, sroie is the fallback
        Path both = Files.createDirectories(tmp.resolve("both/box"));
        Files.writeString(both.getParent().resolve(HfFormat.DATA), "");
        assertInstanceOf(HfFormat.class, ReceiptFormats.detect(both.getParent()));
    }

    @Test
    void anEmptyOrUnknownFolderIsNamedWithTheFormats(@TempDir Path tmp) throws IOException {
        IOException e = assertThrows(IOException.class, () -> ReceiptFormats.detect(tmp));
        assertTrue(e.getMessage().startsWith(tmp.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("hf") && e.getMessage().contains("sroie"), e.getMessage());
        Files.writeString(tmp.resolve("notes.txt"), "nothing to read");
        assertThrows(IOException.class, () -> ReceiptFormats.detect(tmp));
        assertThrows(IOException.class, () -> ReceiptFormats.detect(tmp.resolve("missing")));
    }

    @Test
    void anUnknownNameListsTheFormats() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReceiptFormats.reader("xml"));
        assertTrue(e.getMessage().contains("'xml'") && e.getMessage().contains("auto, hf"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReceiptFormats.writer("xml", rows -> java.util.Map.of()));
        assertTrue(e.getMessage().contains("sroie-keys"), e.getMessage());
    }

    @Test
    void aNamedFormatIsReadEvenWhereDetectionWouldPickAnother(@TempDir Path tmp) throws IOException {
        Path hf = hfOfSamples(tmp.resolve("hf"));
        // a box/ folder beside data.jsonl: auto reads hf, --format sroie the box files
        Path box = Files.createDirectories(hf.resolve(Dataset.BOX));
        Files.copy(SAMPLES.resolve("box").resolve(firstId() + ".csv"), box.resolve(firstId() + ".csv"));
        assertEquals(HfFormat.NAME, ReceiptFormats.load(hf, ReceiptFormats.AUTO, ReceiptReader.Options.defaults()).format());
        Dataset forced = ReceiptFormats.load(hf, SroieFormat.NAME, ReceiptReader.Options.defaults());
        assertEquals(SroieFormat.NAME, forced.format());
        assertEquals(1, forced.receipts().size());
    }

    @Test
    void hfLabelsComeWithTheirSchemaAndCanBeLeftOutOrReplaced(@TempDir Path tmp) throws IOException {
        Path hf = hfOfSamples(tmp.resolve("hf"));
        Dataset own = ReceiptFormats.load(hf, ReceiptFormats.AUTO, ReceiptReader.Options.defaults());
        assertEquals(LabelSet.sroie().name(), own.labelSet().name());
        assertTrue(own.receipts().stream().allMatch(r -> r.labels() != null));

        Dataset none = ReceiptFormats.load(hf, ReceiptFormats.AUTO, new ReceiptReader.Options(null, null, true, null));
        assertTrue(none.receipts().stream().allMatch(r -> r.labels() == null));

        // label files of the same words replace the format's labels: here every word DATE in one receipt
        Receipt first = own.receipts().get(0);
        Path labels = Files.createDirectories(tmp.resolve("labels"));
        com.layoutlens.data.LabelFile.write(labels.resolve(first.id() + ".csv"),
                first.labels().stream().map(r -> r.withLabel("DATE", null)).toList());
        Dataset replaced = ReceiptFormats.load(hf, HfFormat.NAME,
                new ReceiptReader.Options(LabelSet.sroie(), labels, false, null));
        assertTrue(replaced.receipt(first.id()).labels().stream().allMatch(r -> r.label().equals("DATE")));
        Receipt second = own.receipts().get(1);
        assertEquals(second.labels(), replaced.receipt(second.id()).labels(), "a receipt without a label file keeps its own");
    }

    @Test
    void aSroieFolderWithoutLabelsLooksAtNoLabelFolder() throws IOException {
        Dataset with = ReceiptFormats.load(SAMPLES, ReceiptFormats.AUTO, ReceiptReader.Options.defaults());
        assertNotNull(with.receipts().get(0).labels());
        Dataset without = ReceiptFormats.load(SAMPLES, ReceiptFormats.AUTO,
                new ReceiptReader.Options(null, null, true, null));
        assertTrue(without.receipts().stream().allMatch(r -> r.labels() == null && r.labelIssue() == null));
        assertEquals(with.receipts().size(), without.receipts().size());
    }

    @Test
    void aReceiptNamesTheFilesItWasReadFrom(@TempDir Path tmp) throws IOException {
        Dataset sroie = ReceiptFormats.load(SAMPLES, ReceiptFormats.AUTO, ReceiptReader.Options.defaults());
        Receipt r = sroie.receipts().get(0);
        List<Path> s = sroie.sources().of(r);
        assertTrue(s.contains(SAMPLES.resolve("box").resolve(r.id() + ".csv")), s.toString());
        assertTrue(s.contains(SAMPLES.resolve("box").resolve(r.id() + ".txt")), "the competition's box files: " + s);
        assertTrue(s.contains(r.image()), s.toString());

        Path hf = hfOfSamples(tmp.resolve("hf"));
        Dataset h = ReceiptFormats.load(hf, ReceiptFormats.AUTO, ReceiptReader.Options.defaults());
        Receipt x = h.receipts().get(0);
        assertEquals(List.of(hf.resolve(HfFormat.DATA), x.image()), h.sources().of(x));
    }

    private static String firstId() throws IOException {
        try (var files = Files.list(SAMPLES.resolve("box"))) {
            return files.map(p -> p.getFileName().toString().replace(".csv", "")).sorted().findFirst().orElseThrow();
        }
    }
}
