package com.layoutlens.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A damaged {@code trainer_state.json} stops {@code train --resume} with a message that names it. */
class ResumeStateTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    /** A finished one-step run whose checkpoint each case copies and damages. */
    @BeforeAll
    static void train() {
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", "sample-receipts", "--out",
                shared.resolve("run").toString(), "--steps", "1", "--batch", "2", "--max-length", "64", "--device",
                "cpu", "--dev-fraction", "0");
        assertEquals(0, r.exit(), r.err());
    }

    private Path copyOfRun() throws IOException {
        Path src = shared.resolve("run");
        Path dst = tmp.resolve("run");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path to = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dst;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "null", "[]", "42", "{\"step\": \"two\"}", "{\"step\": -1}",
            "{\"step\": 1, \"steps\": -5}", "{\"step\": 1, \"steps\": \"many\"}", "{\"step\": 1, \"model_type\": null}",
            "{\"step\": 1, \"model_type\": \"bert\"}", "{\"step\": 1, \"preset\": null, \"model_type\": 7}",
            "{\"step\": 1, \"learning_rate\": \"fast\"}", "{\"step\": 1, \"batch_size\": 0}",
            "{\"step\": 1, \"seed\": {}}", "{\"step\": 1, \"warmup_ratio\": 3}", "{\"step\": 1, \"from\": 5}",
            "{\"step\": 1, \"model_type\": \"layoutlmv3\"}", "{\"step\": 10, \"steps\": 6}",
            "\u0000\u0001garbage\u00ff"})
    void aDamagedTrainerStateIsNamedAndNothingCrashes(String content) throws Exception {
        Path run = copyOfRun();
        Path state = run.resolve("checkpoint/trainer_state.json");
        Files.writeString(state, content);
        // --steps bounds a state that would be taken as it is (the checkpoint's own step count wins)
        CliRun r = CliRun.of("train", "--resume", "--data", "sample-receipts", "--out", run.toString(), "--device",
                "cpu", "--steps", "1");
        assertTrue(r.exit() == 1 || r.exit() == 2, "exit " + r.exit() + ": " + r.err());
        assertTrue(r.err().contains(state.toString()), r.err());
        assertFalse(r.err().contains("NullPointer") || r.err().contains("Exception") || r.err().contains("because \""),
                r.err());
    }
}
