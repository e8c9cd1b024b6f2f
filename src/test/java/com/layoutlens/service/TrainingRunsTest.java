package com.layoutlens.service;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import com.layoutlens.train.TrainingConfig;
import com.layoutlens.train.TrainingException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingRunsTest {

    private static TrainingConfig config(String device) {
        return TrainingConfig.builder(Path.of("data"), Path.of("out")).preset(com.layoutlens.train.Preset.TINY).device(device)
                .build();
    }

    @Test
    void aRunWhoseGpuLacksCudaResumesOnTheCpuAndSaysWhy() throws Exception {
        List<TrainingConfig> runs = new ArrayList<>();
        List<String> heard = new ArrayList<>();
        TrainingRuns.run(config("gpu"), choice -> Device.gpu(0), c -> {
            runs.add(c);
            if (runs.size() == 1) {
                throw new EngineException("libcudart.so.12: cannot open shared object file: No such file or directory");
            }
            return null;
        }, heard::add);
        assertEquals(2, runs.size());
        assertEquals("gpu", runs.get(0).device());
        assertFalse(runs.get(0).resume());
        assertEquals("cpu", runs.get(1).device());
        assertTrue(runs.get(1).resume(), "the CPU run continues from the last checkpoint");
        assertEquals(1, heard.size());
        assertTrue(heard.get(0).contains("running on the CPU instead"), heard.get(0));
    }

    @Test
    void anyOtherFailureIsReportedAsItIs() {
        TrainingException broken = new TrainingException("model.safetensors: header length exceeds the file size");
        List<String> heard = new ArrayList<>();
        int[] calls = {0};
        TrainingException e = assertThrows(TrainingException.class, () -> TrainingRuns.run(config("gpu"),
                choice -> Device.gpu(0), c -> {
                    calls[0]++;
                    throw broken;
                }, heard::add));
        assertSame(broken, e);
        assertEquals(1, calls[0]);
        assertTrue(heard.isEmpty());
    }

    @Test
    void aCudaFailureOnTheCpuIsNotRetried() {
        assertTrue(TrainingRuns.cpuRetry(config("cpu"), Device.cpu(),
                new EngineException("CUDA out of memory")).isEmpty());
    }
}
