package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.model.layoutlm.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A receipt that cannot be read at all (a box file that is a folder, an {@code hf} line left out)
 * is a receipt skipped: {@code align} and {@code predict} exit 1 and list it under
 * {@code receipts_skipped}; {@code predict} says which receipts it read with OCR corrections.
 */
class ReceiptsSkippedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path sroie() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("box"));
        Files.createDirectories(data.resolve("key"));
        Files.writeString(data.resolve("box/001.csv"),
                "10,10,200,10,200,30,10,30,SDN BHD\n10,40,300,40,300,60,10,60,TOTAL RM 12.50\n",
                StandardCharsets.UTF_8);
        Files.writeString(data.resolve("key/001.json"), "{\"company\": \"SDN BHD\", \"total\": \"12.50\"}");
        Files.createDirectories(data.resolve("box/002.csv")); // no regular file
        Files.writeString(data.resolve("key/002.json"), "{\"company\": \"ACME\"}");
        return data;
    }

    @Test
    void aBoxFileThatIsAFolderSkipsItsReceipt() throws Exception {
        Path data = sroie();
        CliRun a = CliRun.of("align", "--data", data.toString(), "--out", tmp.resolve("gold").toString(), "--json");
        assertEquals(1, a.exit(), a.err());
        JsonNode j = JSON.readTree(a.out());
        assertTrue(j.get("receipts_skipped").has("002"), j.toString());
        assertFalse(j.get("errors").toString().contains("key file for no receipt"), j.toString());

        CliRun p = CliRun.of("predict", "--model", Fixtures.folder("tiny-b").toString(), "--data", data.toString(),
                "--out", tmp.resolve("pred").toString(), "--device", "cpu", "--no-cache", "--json");
        assertEquals(1, p.exit(), p.err());
        JsonNode k = JSON.readTree(p.out());
        assertTrue(k.get("receipts_skipped").has("002"), k.toString());
        assertEquals(1, k.get("written").asInt());

        CliRun text = CliRun.of("predict", "--model", Fixtures.folder("tiny-b").toString(), "--data", data.toString(),
                "--out", tmp.resolve("pred").toString(), "--device", "cpu", "--no-cache");
        assertEquals(1, text.exit(), text.err());
        assertTrue(text.out().contains("1 of 2 receipts labelled"), text.out());
    }

    @Test
    void predictSaysWhichReceiptsItReadWithOcrCorrections() throws Exception {
        Path data = sroie();
        Files.delete(data.resolve("box/002.csv"));
        Files.createDirectories(data.resolve("corrections"));
        Files.writeString(data.resolve("corrections/001.json"),
                "{\"format\":1,\"edits\":[{\"op\":\"text\",\"segment\":0,\"word\":1,\"text\":\"BHD.\"}]}");
        String model = Fixtures.folder("tiny-b").toString();
        CliRun p = CliRun.of("predict", "--model", model, "--data", data.toString(), "--out",
                tmp.resolve("pred").toString(), "--device", "cpu", "--no-cache");
        assertEquals(0, p.exit(), p.err());
        assertTrue(p.out().contains("OCR corrections: 1 receipt"), p.out());
        CliRun j = CliRun.of("predict", "--model", model, "--data", data.toString(), "--out",
                tmp.resolve("pred").toString(), "--device", "cpu", "--no-cache", "--json");
        assertEquals("001", JSON.readTree(j.out()).get("ocr_corrected").get(0).asText(), j.out());
        assertTrue(Files.readString(tmp.resolve("pred/001.csv")).contains("BHD."));
    }

    @Test
    void anHfLineLeftOutIsAReceiptSkippedAndPredictDoesNotReadTags() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("hf"));
        Files.writeString(data.resolve("labels.json"), "[\"O\", \"B-TOTAL\", \"I-TOTAL\"]");
        Files.writeString(data.resolve("data.jsonl"), String.join("\n",
                "{\"id\": \"a\", \"tokens\": [\"TOTAL\", \"9.00\"], \"bboxes\": [[1,1,20,10],[30,1,60,10]],"
                        + " \"ner_tags\": [0, 1], \"width\": 100, \"height\": 50}",
                "{\"id\": \"b\", \"tokens\": [\"X\"], \"bboxes\": [[1,1,20,10]], \"ner_tags\": [\"nine\"],"
                        + " \"width\": 100, \"height\": 50}",
                "{not json",
                "{\"id\": \"c\", \"tokens\": [\"X\", \"Y\"], \"bboxes\": [[1,1,20,10]], \"width\": 100, \"height\": 50}",
                ""));
        CliRun p = CliRun.of("predict", "--model", Fixtures.folder("tiny-b").toString(), "--data", data.toString(),
                "--out", tmp.resolve("pred").toString(), "--device", "cpu", "--no-cache", "--json");
        assertEquals(1, p.exit(), p.err());
        JsonNode j = JSON.readTree(p.out());
        assertEquals(2, j.get("written").asInt(), "b's bad tag is no reason to leave it out of predict: " + j);
        assertTrue(j.get("receipts_skipped").has("c"), j.toString());
        assertTrue(j.get("receipts_skipped").has("data.jsonl line 3"), j.toString());
        assertEquals(2, j.get("receipts_skipped").size(), j.toString());
    }
}
