package com.layoutlens.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.layoutlm.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code predict} goes through the app's model runs: the shared cache, {@code --no-cache}, the GPU fallback. */
class PredictCacheCommandTest {

    @TempDir
    Path tmp;

    private Path receipts() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("box"));
        Files.writeString(data.resolve("box/001.csv"),
                "10,10,200,10,200,30,10,30,SDN BHD\n10,40,300,40,300,60,10,60,TOTAL RM 12.50\n",
                StandardCharsets.UTF_8);
        Files.writeString(data.resolve("box/002.csv"), "5,5,100,5,100,20,5,20,Jalan Taman\n", StandardCharsets.UTF_8);
        return data;
    }

    private static JsonNode predict(Path data, Path out, String... more) throws Exception {
        String[] base = {"predict", "--model", Fixtures.folder("tiny-a").toString(), "--data", data.toString(),
                "--out", out.toString(), "--json"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void aSecondRunTakesEveryReceiptFromTheCacheAndWritesTheSameFiles() throws Exception {
        Path data = receipts();
        JsonNode first = predict(data, tmp.resolve("out1"), "--device", "cpu");
        assertEquals(0, first.get("from_cache").asInt(), first.toString());
        assertEquals(2, first.get("written").asInt());
        JsonNode second = predict(data, tmp.resolve("out2"), "--device", "cpu");
        assertEquals(2, second.get("from_cache").asInt(), second.toString());
        assertEquals(2, second.get("written").asInt());
        assertEquals("cache", second.get("device").asText(), "no model was loaded");
        for (String f : new String[] {"001.csv", "002.csv"}) {
            assertEquals(Files.readString(tmp.resolve("out1").resolve(f)), Files.readString(tmp.resolve("out2").resolve(f)));
        }
    }

    @Test
    void noCacheNeitherReadsNorWritesTheCache() throws Exception {
        Path data = receipts();
        JsonNode first = predict(data, tmp.resolve("out1"), "--device", "cpu", "--no-cache");
        assertTrue(first.get("cache").isNull(), first.toString());
        JsonNode second = predict(data, tmp.resolve("out2"), "--device", "cpu");
        assertEquals(0, second.get("from_cache").asInt(), "the first run wrote nothing to the cache");
        JsonNode third = predict(data, tmp.resolve("out3"), "--device", "cpu", "--no-cache");
        assertEquals(0, third.get("from_cache").asInt(), "--no-cache reads nothing from it");
        assertEquals("cpu()", third.get("device").asText());
        assertEquals(LabelFile.readStrict(tmp.resolve("out2/001.csv"), LabelSet.sroie()),
                LabelFile.readStrict(tmp.resolve("out3/001.csv"), LabelSet.sroie()));
    }

    @Test
    void aCacheThatCannotBeMadeIsAWarningAndTheRunGoesOn() throws Exception {
        Path data = receipts();
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "mine");
        String before = System.getProperty("layoutlens.cache");
        System.setProperty("layoutlens.cache", file.toString());
        try {
            JsonNode j = predict(data, tmp.resolve("out"), "--device", "cpu");
            assertEquals(2, j.get("written").asInt(), j.toString());
            assertTrue(j.get("cache").isNull(), j.toString());
            assertTrue(j.get("errors").toString().contains("prediction cache not usable"), j.toString());
            CliRun r = CliRun.of("predict", "--model", Fixtures.folder("tiny-a").toString(), "--data",
                    data.toString(), "--out", tmp.resolve("out2").toString(), "--device", "cpu");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.err().contains("warning: prediction cache not usable"), r.err());
            assertEquals("mine", Files.readString(file));
        } finally {
            if (before == null) {
                System.clearProperty("layoutlens.cache");
            } else {
                System.setProperty("layoutlens.cache", before);
            }
        }
    }

    @Test
    void aGpuWithoutCudaFallsBackToTheCpuAndSaysWhy() throws Exception {
        assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
        Path data = receipts();
        PredictCommand.DeviceChooser before = PredictCommand.chooser;
        PredictCommand.chooser = choice -> Device.gpu(0); // what a GPU whose CUDA libraries are missing gives
        try {
            CliRun r = CliRun.of("predict", "--model", Fixtures.folder("tiny-a").toString(), "--data",
                    data.toString(), "--out", tmp.resolve("out").toString(), "--device", "gpu", "--no-cache");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("2 of 2 receipts labelled") && r.out().contains(" on cpu()"), r.out());
            assertTrue(r.err().contains("warning: the CUDA libraries for GPU 0")
                    && r.err().contains("running on the CPU instead"), r.err());
            assertTrue(Files.isRegularFile(tmp.resolve("out/001.csv")));
        } finally {
            PredictCommand.chooser = before;
        }
    }
}
