package com.layoutlens.service;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.layoutlm.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** On a machine without CUDA, asking for a GPU is exactly the failure a missing CUDA library gives. */
class PredictionRunFallbackTest {

    @Test
    void aGpuRunWithoutCudaFinishesOnTheCpuAndSaysWhy(@TempDir Path tmp) throws Exception {
        assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
        Path data = tmp.resolve("data");
        for (String sub : new String[] {"img", "box", "key"}) {
            Files.createDirectories(data.resolve(sub));
        }
        String id = "sample-001";
        Files.copy(Path.of("sample-receipts/img/" + id + ".jpg"), data.resolve("img/" + id + ".jpg"));
        Files.copy(Path.of("sample-receipts/box/" + id + ".csv"), data.resolve("box/" + id + ".csv"));
        Files.copy(Path.of("sample-receipts/key/" + id + ".json"), data.resolve("key/" + id + ".json"));
        List<String> heard = new ArrayList<>();
        PredictionRun.Outcome out = PredictionRun.runOn(Fixtures.folder("tiny-a"), Dataset.load(data), LabelSet.sroie(),
                () -> Device.gpu(0), true, tmp.resolve("cache"), null, () -> false, new PredictionRun.DeviceListener() {
                    @Override
                    public void using(String device) {
                        heard.add("using " + device);
                    }

                    @Override
                    public void fellBack(String message) {
                        heard.add("fell back: " + message);
                    }
                });
        assertEquals("cpu", out.device());
        assertEquals(1, out.predicted());
        assertNotNull(out.fallback());
        assertTrue(out.fallback().contains("running on the CPU instead"), out.fallback());
        assertEquals(3, heard.size(), heard.toString());
        assertEquals("using gpu", heard.get(0));
        assertTrue(heard.get(1).startsWith("fell back: the CUDA libraries for GPU 0"), heard.get(1));
        assertEquals("using cpu", heard.get(2));
    }
}
