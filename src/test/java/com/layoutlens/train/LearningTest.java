package com.layoutlens.train;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training actually learns (minutes on two cores, hence slow). */
@Tag("slow")
class LearningTest {

    @TempDir
    Path tmp;

    @Test
    void tinyModelFromScratchBeatsAllOOnHeldOutSamples() throws Exception {
        TrainingResult r = new TrainingJob(TrainingConfig.builder(TrainingJobTest.SAMPLES, tmp.resolve("out"))
                .preset(Preset.TINY).steps(300).devFraction(0.25).evalEvery(100).checkpointEvery(300)
                .device("cpu").build()).run();
        // all-O has micro F1 0
        assertTrue(r.bestDevF1() > 0.5, "dev micro F1 " + r.bestDevF1());
        List<String> log = Files.readAllLines(r.log());
        double first = Double.parseDouble(log.get(1).split(",")[1]);
        double last = Double.parseDouble(log.get(log.size() - 1).split(",")[1]);
        assertTrue(last < first / 5, "loss " + first + " -> " + last);
    }

    @Test
    void tinyLayoutLMv2FromScratchBeatsAllOOnHeldOutSamples() throws Exception {
        TrainingResult r = new TrainingJob(TrainingConfig.builder(TrainingJobTest.SAMPLES, tmp.resolve("v2"))
                .preset(Preset.TINY).modelType("layoutlmv2").steps(300).devFraction(0.25).evalEvery(100)
                .checkpointEvery(300).device("cpu").build()).run();
        assertTrue(r.bestDevF1() > 0.5, "dev micro F1 " + r.bestDevF1());
        List<String> log = Files.readAllLines(r.log());
        double first = Double.parseDouble(log.get(1).split(",")[1]);
        double last = Double.parseDouble(log.get(log.size() - 1).split(",")[1]);
        assertTrue(last < first / 5, "loss " + first + " -> " + last);
    }

    @Test
    void fineTuningOnRealReceiptsRaisesDevF1() throws Exception {
        String sroie = System.getProperty("layoutlens.sroie");
        Assumptions.assumeTrue(sroie != null && Files.isDirectory(Path.of(sroie, "box")), "SROIE data not present");
        TrainingResult r = new TrainingJob(TrainingConfig.builder(Path.of(sroie), tmp.resolve("ft"))
                .from(Path.of("models/demo-layoutlm")).learningRate(1e-3).steps(200).evalEvery(100)
                .checkpointEvery(200).device("cpu").build()).run();
        assertTrue(r.bestDevF1() > r.initialDevF1() + 0.1, r.initialDevF1() + " -> " + r.bestDevF1());
    }
}
