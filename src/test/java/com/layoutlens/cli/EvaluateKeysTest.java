package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate --pred-keys}: a sroie-keys folder (a SROIE task-3 submission) scored against the gold key files. */
class EvaluateKeysTest {

    private static final Path SAMPLES = Path.of("sample-receipts");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keyFilesExportedFromLabelsScoreAsTheLabelsThemselves(@TempDir Path tmp) throws Exception {
        Path keys = tmp.resolve("submission");
        CliRun export = CliRun.of("export", "--data", SAMPLES.toString(), "--format", "sroie-keys", "--out", keys.toString());
        assertEquals(0, export.exit(), export.err());
        CliRun byKeys = CliRun.of("evaluate", "--pred-keys", keys.toString(), "--data", SAMPLES.toString(), "--json");
        assertEquals(0, byKeys.exit(), byKeys.err());
        CliRun byLabels = CliRun.of("evaluate", "--pred", SAMPLES.resolve("labels").toString(), "--gold",
                SAMPLES.resolve("labels").toString(), "--keys", SAMPLES.resolve("key").toString(), "--json");
        assertEquals(0, byLabels.exit(), byLabels.err());
        JsonNode k = JSON.readTree(byKeys.out());
        JsonNode l = JSON.readTree(byLabels.out());
        assertEquals(40, k.get("receipts").asInt());
        assertEquals(l.get("fields"), k.get("fields"));
        assertEquals(l.get("sroie"), k.get("sroie"));
        assertEquals(l.get("receipts_all_fields_em"), k.get("receipts_all_fields_em"));
    }

    @Test
    void exactMatchIgnoringSpacesAndWhatCannotBeScoredIsReportedByFile(@TempDir Path tmp) throws Exception {
        Path gold = Files.createDirectories(tmp.resolve("gold"));
        Path pred = Files.createDirectories(tmp.resolve("pred"));
        Files.writeString(gold.resolve("a.json"), "{\"company\": \"ACME SDN BHD\", \"date\": \"01/02/2019\","
                + " \"address\": \"1 JALAN X\", \"total\": \"9.00\"}");
        Files.writeString(gold.resolve("b.json"), "{\"company\": \"B\", \"date\": \"\", \"address\": \"\", \"total\": \"1.00\"}");
        Files.writeString(gold.resolve("c.json"), "{\"company\": \"C\", \"date\": \"\", \"address\": \"\", \"total\": \"2.00\"}");
        Files.writeString(pred.resolve("a.txt"), "{\"company\": \"ACME SDNBHD\", \"date\": \"01/02/2019\","
                + " \"address\": \"\", \"total\": \"9.00\"}");
        Files.writeString(pred.resolve("b.txt"), "{\"company\": \"B\",\n \"total\": 1.00,,}");
        CliRun r = CliRun.of("evaluate", "--pred-keys", pred.toString(), "--keys", gold.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("1 receipts"), r.out());
        assertTrue(r.out().matches("(?s).*company\\s+1\\s+0\\.0+%?\\s+100\\.0+%?.*"), r.out());
        assertTrue(r.out().contains("SROIE task 3"), r.out());
        assertTrue(r.out().contains("(2 correct of 3 extracted, 4 gold values)"), r.out());
        assertTrue(r.err().contains(pred.resolve("b.txt") + ":2") && r.err().contains("not valid JSON"), r.err());
        assertTrue(r.err().contains(pred.resolve("c.txt").toString()) && r.err().contains("gold receipt c"), r.err());

        CliRun both = CliRun.of("evaluate", "--pred-keys", pred.toString(), "--pred", pred.toString(), "--keys", gold.toString());
        assertEquals(LayoutLensCli.USAGE, both.exit());
        assertTrue(both.err().contains("one of them"), both.err());
    }
}
