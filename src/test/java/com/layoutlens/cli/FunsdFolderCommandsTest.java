package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A FUNSD folder as it is (annotations/ + images/, no import first) through stats, predict,
 * evaluate and train: its schema comes from its tags (funsd, BIO), its gold from its annotations.
 */
class FunsdFolderCommandsTest {

    private static final Path FUNSD = Path.of("src/test/resources/formats/funsd");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void statsPredictEvaluateAndTrainReadAFunsdFolder() throws Exception {
        CliRun stats = CliRun.of("stats", "--data", FUNSD.toString(), "--json");
        assertEquals(0, stats.exit(), stats.err());
        JsonNode s = JSON.readTree(stats.out());
        assertEquals(2, s.get("receipts").asInt(), stats.out());
        assertTrue(s.get("labels").has("QUESTION") && s.get("labels").get("QUESTION").asInt() > 0, stats.out());

        LabelSet funsd = LabelSet.resolve("funsd");
        Path model = com.layoutlens.model.SchemaHeads.withHead(Path.of("models/demo-layoutlm"), tmp.resolve("model"),
                funsd, tag -> 0, true);
        Path pred = tmp.resolve("pred");
        CliRun p = CliRun.of("predict", "--model", model.toString(), "--data", FUNSD.toString(), "--out", pred.toString(),
                "--device", "cpu", "--no-cache", "--json");
        assertEquals(0, p.exit(), p.err());
        try (Stream<Path> files = Files.list(pred)) {
            List<Path> written = files.sorted().toList();
            assertEquals(2, written.size(), written.toString());
            for (Path f : written) {
                for (LabelRow r : LabelFile.readStrict(f, funsd)) {
                    assertTrue(funsd.tagIndex(r.label()) >= 0, r.label());
                }
            }
        }

        CliRun e = CliRun.of("evaluate", "--data", FUNSD.toString(), "--pred", pred.toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        JsonNode ev = JSON.readTree(e.out());
        assertEquals("funsd", ev.get("schema").asText(), e.out());
        long gold = ev.get("entities").get("micro").get("tp").asLong() + ev.get("entities").get("micro").get("fn").asLong();
        assertTrue(gold > 0, "the annotations' entities are the gold: " + e.out());

        Path out = tmp.resolve("train");
        CliRun t = CliRun.of("train", "--data", FUNSD.toString(), "--config", "tiny", "--steps", "2", "--batch", "2",
                "--dev", FUNSD.toString(), "--out", out.toString(), "--device", "cpu");
        assertEquals(0, t.exit(), t.err());
        JsonNode config = JSON.readTree(out.resolve("best/config.json").toFile());
        assertTrue(config.get("id2label").toString().contains("B-QUESTION"), "a fresh head over the funsd tags: "
                + config.get("id2label"));
    }
}
