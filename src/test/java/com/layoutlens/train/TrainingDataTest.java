package com.layoutlens.train;

import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class TrainingDataTest {

    @TempDir
    Path tmp;

    /** A copy of three sample receipts (boxes, keys, labels; no images). */
    public static Path threeReceipts(Path dir) throws IOException {
        for (String sub : List.of("box", "key", "labels")) {
            Files.createDirectories(dir.resolve(sub));
            for (String id : List.of("sample-001", "sample-002", "sample-003")) {
                String ext = sub.equals("key") ? ".json" : ".csv";
                Files.copy(TrainingJobTest.SAMPLES.resolve(sub).resolve(id + ext), dir.resolve(sub).resolve(id + ext));
            }
        }
        return dir;
    }

    public static void replaceLine(Path file, int line, String text) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(line - 1, text);
        Files.writeString(file, String.join("\r\n", lines) + "\r\n");
    }

    private static List<String> ids(TrainingData.Read read) {
        return read.items().stream().map(i -> i.receipt().id()).toList();
    }

    @Test
    void aReceiptWhoseLabelFileHasABrokenLineIsLeftOutAndTheLineIsReported() throws Exception {
        Path data = threeReceipts(tmp.resolve("data"));
        Path labels = data.resolve("labels/sample-002.csv");
        replaceLine(labels, 3, "0,1,143,16,216,45,ROYAL,COMPANI,");
        List<String> skipped = new ArrayList<>();
        TrainingData.Read read = TrainingData.read(data, LabelSet.sroie(), skipped);
        assertEquals(List.of("sample-001", "sample-003"), ids(read));
        assertEquals(1, read.leftOut().size());
        assertTrue(read.leftOut().get(0).startsWith("sample-002"), read.leftOut().toString());
        assertTrue(read.problems().stream().anyMatch(p -> p.file().equals(labels.toString()) && p.line() == 3
                && p.message().contains("COMPANI")), read.problems().toString());
        assertTrue(read.problems().stream().anyMatch(p -> p.file().equals(labels.toString())
                && p.message().contains("left out of training and dev")), read.problems().toString());
    }

    @Test
    void aLabelFileWithABadHeaderLeavesItsReceiptOut() throws Exception {
        Path data = threeReceipts(tmp.resolve("data"));
        replaceLine(data.resolve("labels/sample-001.csv"), 1, "segment,word,label");
        TrainingData.Read read = TrainingData.read(data, LabelSet.sroie(), new ArrayList<>());
        assertEquals(List.of("sample-002", "sample-003"), ids(read));
    }

    @Test
    void aLabelFileThatLacksAWordLeavesItsReceiptOut() throws Exception {
        Path data = threeReceipts(tmp.resolve("data"));
        Path labels = data.resolve("labels/sample-003.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(labels));
        lines.remove(2); // the row of segment 0, word 1
        Files.writeString(labels, String.join("\r\n", lines) + "\r\n");
        TrainingData.Read read = TrainingData.read(data, LabelSet.sroie(), new ArrayList<>());
        assertEquals(List.of("sample-001", "sample-002"), ids(read));
        Problem p = read.problems().stream().filter(x -> x.message().startsWith("no label for"))
                .findFirst().orElseThrow();
        assertEquals(labels.toString(), p.file());
        assertTrue(p.message().contains("no label for 1 of") && p.message().contains("segment 0, word 1"),
                p.message());
    }

    @Test
    void aReceiptAlignedFromAKeyFileThatIsNotJsonIsLeftOut() throws Exception {
        Path data = threeReceipts(tmp.resolve("data"));
        Files.delete(data.resolve("labels/sample-001.csv"));
        Files.writeString(data.resolve("key/sample-001.json"), "{\"company\": \"MURNI\"");
        TrainingData.Read read = TrainingData.read(data, LabelSet.sroie(), new ArrayList<>());
        assertEquals(List.of("sample-002", "sample-003"), ids(read));
        assertTrue(read.leftOut().get(0).contains("sample-001.json"), read.leftOut().toString());
    }

    @Test
    void cleanReceiptsAreAllKeptAndNothingIsLeftOut() throws Exception {
        Path data = threeReceipts(tmp.resolve("data"));
        TrainingData.Read read = TrainingData.read(data, LabelSet.sroie(), new ArrayList<>());
        assertEquals(3, read.items().size());
        assertTrue(read.leftOut().isEmpty());
        // without img/ every receipt has an image problem, which does not touch its labels
        assertFalse(read.problems().stream().anyMatch(p -> p.file().contains("labels") || p.file().contains("key")),
                read.problems().toString());
        try (Stream<Path> s = Files.list(data.resolve("labels"))) {
            assertEquals(3, s.count());
        }
    }

    @Test
    void anHfFolderTrainsOnTheSameWordsAndLabelsAsTheFolderItWasExportedFrom() throws IOException {
        Path sroie = TrainingJobTest.SAMPLES;
        com.layoutlens.data.Dataset ds = com.layoutlens.data.Dataset.load(sroie);
        Path hf = tmp.resolve("hf");
        new com.layoutlens.data.formats.HfFormat().write(ds.receipts(), ds.labelSet(), hf);
        List<TrainingData.Item> before = TrainingData.read(sroie, LabelSet.sroie(), new ArrayList<>()).items();
        List<TrainingData.Item> after = TrainingData.read(hf, "auto", LabelSet.sroie(), new ArrayList<>()).items();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).words().stream().map(w -> w.text()).toList(),
                    after.get(i).words().stream().map(w -> w.text()).toList());
            assertEquals(java.util.Arrays.toString(before.get(i).wordLabels()),
                    java.util.Arrays.toString(after.get(i).wordLabels()));
        }
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> TrainingData.read(tmp.resolve("hf"), "sroie", LabelSet.sroie(), new ArrayList<>()));
        assertTrue(e.getMessage().contains("no 'box' folder"), e.getMessage());
    }
}
