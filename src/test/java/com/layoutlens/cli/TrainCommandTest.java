package com.layoutlens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {

    @TempDir
    Path tmp;

    @Test
    void trainsATinyModelAndShowsProgressOnStandardError() {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", "sample-receipts", "--out", out.toString(),
                "--steps", "2", "--batch", "2", "--max-length", "64", "--device", "cpu");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("2/2 loss"), r.err());
        assertTrue(r.out().contains("done after 2 steps"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("best/model.safetensors")));
        assertTrue(Files.isRegularFile(out.resolve("training_log.csv")));
    }

    @Test
    void aRunWhoseLossDivergesFailsWithExitOne() {
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", "sample-receipts", "--out",
                tmp.resolve("nan").toString(), "--steps", "5", "--batch", "2", "--max-length", "64", "--device", "cpu",
                "--lr", "1e30");
        assertEquals(LayoutLensCli.FAILED, r.exit(), r.err());
        assertTrue(r.err().contains("lower the learning rate"), r.err());
    }

    @Test
    void controlCharactersInPathsArePrintedEscaped() {
        Path out = tmp.resolve("out\u001b]0;owned\u0007");
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", "sample-receipts", "--out", out.toString(),
                "--steps", "1", "--batch", "2", "--max-length", "64", "--device", "cpu", "--dev-fraction", "0.05");
        assertEquals(0, r.exit(), r.err());
        assertFalse((r.out() + r.err()).chars().anyMatch(c -> c == 0x1b || c == 0x07), r.out() + r.err());
        assertTrue(r.out().contains("out\\e]0;owned\\u0007"), r.out());
    }

    @Test
    void missingStartPointIsAUsageError() {
        CliRun r = CliRun.of("train", "--data", "sample-receipts", "--out", tmp.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--from DIR or --config NAME"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void resumeWithoutACheckpointIsAUsageError() {
        CliRun r = CliRun.of("train", "--resume", "--data", "sample-receipts", "--out", tmp.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no checkpoint to resume"), r.err());
    }

    @Test
    void unknownPresetIsAUsageError() {
        CliRun r = CliRun.of("train", "--config", "huge", "--data", "sample-receipts", "--out",
                tmp.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown --config 'huge'"), r.err());
    }

    @Test
    void fromAndConfigTogetherIsAUsageError() {
        CliRun r = CliRun.of("train", "--config", "tiny", "--from", "models", "--data", "sample-receipts", "--out",
                tmp.resolve("o").toString());
        assertEquals(2, r.exit());
    }

    @Test
    void outOfRangeValueIsAUsageError() {
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", "sample-receipts", "--out",
                tmp.resolve("o").toString(), "--steps", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("steps must be positive"), r.err());
    }

    @Test
    void fromAFolderWithoutConfigIsAUsageError() {
        CliRun r = CliRun.of("train", "--from", tmp.toString(), "--data", "sample-receipts", "--out",
                tmp.resolve("o").toString(), "--device", "cpu");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not a model folder"), r.err());
    }

    @Test
    void modelLayoutlmv2TrainsAFreshLayoutLMv2() throws Exception {
        Path out = tmp.resolve("v2");
        CliRun r = CliRun.of("train", "--config", "tiny", "--model", "layoutlmv2", "--data", "sample-receipts",
                "--out", out.toString(), "--steps", "1", "--batch", "2", "--max-length", "64", "--device", "cpu");
        assertEquals(0, r.exit(), r.err());
        String config = Files.readString(out.resolve("best/config.json"));
        assertTrue(config.contains("\"model_type\" : \"layoutlmv2\""), config);
        assertTrue(config.contains("detectron2_config_args"), config);
    }

    @Test
    void unknownModelTypeIsAUsageError() {
        CliRun r = CliRun.of("train", "--config", "tiny", "--model", "bert", "--data", "sample-receipts", "--out",
                tmp.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown --model 'bert'"), r.err());
        assertTrue(r.err().contains("layoutlm, layoutlmv2"), r.err());
    }

    @Test
    void modelThatDisagreesWithTheFolderIsAUsageError() {
        CliRun r = CliRun.of("train", "--from", "models/demo-layoutlm", "--model", "layoutlmv2", "--data",
                "sample-receipts", "--out", tmp.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("model_type 'layoutlm'"), r.err());
    }

    @Test
    void labelFileProblemsAreReportedWithFileAndLineAndTheReceiptIsLeftOut() throws Exception {
        Path data = com.layoutlens.train.TrainingDataTest.threeReceipts(tmp.resolve("data"));
        Path labels = data.resolve("labels/sample-002.csv");
        com.layoutlens.train.TrainingDataTest.replaceLine(labels, 4, "0,2,230,16,289,45,AUTO,NOPE,");
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", data.toString(), "--out",
                tmp.resolve("o").toString(), "--steps", "1", "--batch", "2", "--max-length", "64", "--device", "cpu",
                "--dev-fraction", "0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains(labels + ":4: error: unknown label 'NOPE'"), r.err());
        assertTrue(r.err().contains("left out of training and dev"), r.err());
        assertTrue(r.err().contains("2 train receipts"), r.err());
    }

    @Test
    void strictStopsBeforeTrainingWhenALabelFileHasErrors() throws Exception {
        Path data = com.layoutlens.train.TrainingDataTest.threeReceipts(tmp.resolve("data"));
        Path labels = data.resolve("labels/sample-002.csv");
        com.layoutlens.train.TrainingDataTest.replaceLine(labels, 4, "0,2,230,16,289,45,AUTO,NOPE,");
        Path out = tmp.resolve("o");
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", data.toString(), "--out", out.toString(),
                "--steps", "1", "--batch", "2", "--max-length", "64", "--device", "cpu", "--strict");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains(labels + ":4: error: unknown label 'NOPE'"), r.err());
        assertTrue(r.err().contains("--strict") && r.err().contains("sample-002"), r.err());
        assertFalse(Files.exists(out.resolve("checkpoint")));
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void totalSegmentsAreReportedSavedAndRepeatedByPredict() throws Exception {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", "sample-receipts", "--out", out.toString(),
                "--steps", "1", "--batch", "2", "--max-length", "64", "--device", "cpu", "--total-segments", "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"total_segments\" : true"), r.out());
        assertTrue(Files.readString(out.resolve("best/config.json")).contains("\"layoutlens_total_segments\" : true"));
        Path data = tmp.resolve("data");
        for (String sub : new String[] {"box", "key"}) {
            Files.createDirectories(data.resolve(sub));
        }
        Files.copy(Path.of("sample-receipts/box/sample-001.csv"), data.resolve("box/sample-001.csv"));
        CliRun p = CliRun.of("predict", "--model", out.resolve("best").toString(), "--data", data.toString(), "--out",
                tmp.resolve("pred").toString(), "--no-cache");
        assertEquals(0, p.exit(), p.err());
        assertTrue(p.out().contains("token types split at the first total keyword"), p.out());
    }

    @Test
    void totalSegmentsOnALayoutLMv3CheckpointIsAUsageErrorNamingTheTable() {
        CliRun r = CliRun.of("train", "--from", "models/demo-layoutlmv3", "--data", "sample-receipts", "--out",
                tmp.resolve("o").toString(), "--steps", "1", "--device", "cpu", "--total-segments");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("type_vocab_size 1"), r.err());
    }
}
