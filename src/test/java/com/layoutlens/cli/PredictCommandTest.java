package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.layoutlm.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictCommandTest {

    @TempDir
    Path tmp;

    private Path receipts() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("box"));
        Files.writeString(data.resolve("box/001.csv"),
                "10,10,200,10,200,30,10,30,SDN BHD\n10,40,300,40,300,60,10,60,TOTAL RM 12.50\n",
                StandardCharsets.UTF_8);
        Files.writeString(data.resolve("box/002.csv"), "5,5,100,5,100,20,5,20,Jalan Taman\n", StandardCharsets.UTF_8);
        // a broken line: reported, the rest of the receipt is labelled
        Files.writeString(data.resolve("box/003.csv"), "not,a,box\n5,5,100,5,100,20,5,20,cash\n",
                StandardCharsets.UTF_8);
        return data;
    }

    @Test
    void predictWritesALabelFilePerReceipt() throws Exception {
        Path data = receipts();
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("predict", "--model", Fixtures.folder("tiny-b").toString(), "--data", data.toString(),
                "--out", out.toString(), "--batch", "2", "--device", "cpu", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(3, j.get("written").asInt());
        assertEquals(0, j.get("failed").asInt());
        assertEquals(2 + 3 + 2 + 1, j.get("words").asInt());
        assertTrue(j.get("errors").toString().contains("003.csv"), j.toString());
        List<LabelRow> rows = LabelFile.readStrict(out.resolve("001.csv"), LabelSet.sroie());
        assertEquals(List.of("SDN", "BHD", "TOTAL", "RM", "12.50"), rows.stream().map(LabelRow::text).toList());
        for (LabelRow row : rows) {
            assertTrue(row.score() != null && row.score() > 0 && row.score() <= 1);
        }
        assertEquals(1, LabelFile.readStrict(out.resolve("003.csv"), LabelSet.sroie()).size());
    }

    @Test
    void progressGoesToStandardError() throws Exception {
        Path data = receipts();
        CliRun r = CliRun.of("predict", "--model", Fixtures.folder("tiny-a").toString(), "--data", data.toString(),
                "--out", tmp.resolve("out").toString(), "--device", "cpu");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("predicting 3/3") && r.err().contains("items/s") && r.err().contains("ETA"),
                r.err());
        assertTrue(r.out().contains("3 of 3 receipts labelled"), r.out());
    }

    @Test
    void corruptModelFolderFailsBeforeAnyWork() throws Exception {
        Path data = receipts();
        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        Files.copy(Fixtures.folder("tiny-a").resolve("vocab.txt"), model.resolve("vocab.txt"));
        Files.copy(Fixtures.folder("tiny-a").resolve("config.json"), model.resolve("config.json"));
        Files.write(model.resolve("model.safetensors"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--data", data.toString(),
                "--out", out.toString(), "--device", "cpu");
        assertEquals(LayoutLensCli.USAGE, r.exit());
        assertTrue(r.err().contains("model.safetensors"), r.err());
        assertFalse(r.err().contains("at com."), "no stack trace: " + r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownDeviceIsAUsageError() throws Exception {
        CliRun r = CliRun.of("predict", "--model", Fixtures.folder("tiny-a").toString(), "--data",
                receipts().toString(), "--out", tmp.resolve("o").toString(), "--device", "tpu");
        assertEquals(LayoutLensCli.USAGE, r.exit());
        assertTrue(r.err().contains("unknown device 'tpu'"), r.err());
    }
}
