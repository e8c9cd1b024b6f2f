package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.TagProbabilities;
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
    void windowOptionsOutOfRangeAreUsageErrorsNamingTheOption() throws Exception {
        Path data = receipts();
        for (String[] bad : new String[][] {{"--stride", "-5"}, {"--max-length", "2"}}) {
            CliRun r = CliRun.of("predict", "--model", Fixtures.folder("tiny-b").toString(), "--data", data.toString(),
                    "--out", tmp.resolve("o").toString(), "--device", "cpu", "--no-cache", bad[0], bad[1]);
            assertEquals(LayoutLensCli.USAGE, r.exit(), r.err());
            assertTrue(r.err().contains(bad[0] + " must be"), r.err());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"tiny-a,sroie", "tiny-b,sroie-bio"})
    void probsWritesOneColumnPerTagThatSumToOneWithTheLabelAsArgmax(String model, String schema) throws Exception {
        LabelSet set = LabelSet.builtIn(schema);
        Path data = receipts();
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("predict", "--model", Fixtures.folder(model).toString(), "--data", data.toString(),
                "--out", out.toString(), "--device", "cpu", "--probs", "--no-cache");
        assertEquals(0, r.exit(), r.err());
        String header = Files.readString(out.resolve("001.csv")).split("\\r\\n")[0];
        assertEquals(LabelFile.HEADER + "," + String.join(",", set.tags().stream().map(t -> "p_" + t).toList()),
                header);
        assertTrue(header.contains(schema.equals("sroie") ? ",p_O,p_COMPANY,p_DATE," : ",p_O,p_B-COMPANY,p_I-COMPANY,"),
                header);
        int words = 0;
        for (String id : List.of("001", "002", "003")) {
            List<LabelRow> rows = LabelFile.readStrict(out.resolve(id + ".csv"), set);
            for (LabelRow row : rows) {
                words++;
                TagProbabilities p = row.probs();
                assertEquals(set.tags(), p.tags());
                assertEquals(1.0, p.sum(), 1e-5, row.toString());
                for (int t = 0; t < p.size(); t++) {
                    assertTrue(p.of(row.label()) >= p.get(t), row.toString());
                }
                assertEquals(row.score(), p.of(row.label()), 1e-6, row.toString());
            }
        }
        assertEquals(8, words);
        // without --probs the files are as before
        Path plain = tmp.resolve("plain");
        assertEquals(0, CliRun.of("predict", "--model", Fixtures.folder(model).toString(), "--data",
                data.toString(), "--out", plain.toString(), "--device", "cpu", "--no-cache").exit());
        assertEquals(LabelFile.HEADER, Files.readString(plain.resolve("001.csv")).split("\\r\\n")[0]);
        List<LabelRow> a = LabelFile.readStrict(out.resolve("001.csv"), set);
        List<LabelRow> b = LabelFile.readStrict(plain.resolve("001.csv"), set);
        assertEquals(b, a.stream().map(LabelRow::withoutProbs).toList());
    }

    @Test
    void cachedResultsWithoutProbabilitiesArePredictedAgain() throws Exception {
        Path data = receipts();
        Path cache = tmp.resolve("cache");
        String old = System.getProperty("layoutlens.cache");
        System.setProperty("layoutlens.cache", cache.toString());
        try {
            assertEquals(0, CliRun.of("predict", "--model", Fixtures.folder("tiny-b").toString(), "--data",
                    data.toString(), "--out", tmp.resolve("a").toString(), "--device", "cpu").exit());
            // a cache written before results carried probabilities
            Path dir = com.layoutlens.service.PredictionRun.cacheDir(cache, Fixtures.folder("tiny-b"), data,
                    com.layoutlens.model.predict.ReceiptPredictor.Settings.defaults().withBoxLevel(null));
            Path cached = dir.resolve("001.csv");
            List<LabelRow> rows = LabelFile.readStrict(cached, LabelSet.sroie());
            assertTrue(rows.get(0).probs() != null, "the cache keeps the probabilities");
            LabelFile.write(cached, rows.stream().map(LabelRow::withoutProbs).toList());
            CliRun r = CliRun.of("predict", "--model", Fixtures.folder("tiny-b").toString(), "--data",
                    data.toString(), "--out", tmp.resolve("b").toString(), "--device", "cpu", "--probs", "--json");
            assertEquals(0, r.exit(), r.err());
            JsonNode j = new ObjectMapper().readTree(r.out());
            assertEquals(2, j.get("from_cache").asInt(), j.toString());
            assertTrue(j.get("probs").asBoolean());
            assertTrue(LabelFile.readStrict(tmp.resolve("b/001.csv"), LabelSet.sroie()).get(0).probs() != null);
        } finally {
            if (old == null) {
                System.clearProperty("layoutlens.cache");
            } else {
                System.setProperty("layoutlens.cache", old);
            }
        }
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
