package com.layoutlens.model.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code models} command line, end to end against the loopback hub. */
class ModelsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void downloadThenListShowsTheModelWithItsOrigin() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            Path out = tmp.resolve("models/tiny");
            CliRun d = CliRun.of("models", "download", LoopbackHub.ID, "--endpoint", hub.endpoint(), "--out", out.toString());
            assertEquals(0, d.exit(), d.err());
            assertTrue(d.out().contains("already complete") || d.out().contains("downloaded"), d.out());
            assertTrue(d.err().contains("model.safetensors"), d.err());
            assertTrue(d.err().contains("origin: " + LoopbackHub.ID + "@main from " + hub.endpoint()), d.err());
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(out.resolve("model.safetensors")));

            CliRun l = CliRun.of("models", "list", tmp.resolve("models").toString(), "--json");
            assertEquals(0, l.exit(), l.err());
            JsonNode m = new ObjectMapper().readTree(l.out()).get("models").get(0);
            assertEquals("LayoutLM", m.get("type").asText());
            assertEquals(ModelFoldersTest.headerParameters(out.resolve("model.safetensors")), m.get("parameters").asLong());
            assertTrue(m.get("origin").asText().startsWith(LoopbackHub.ID + "@main from http://127.0.0.1:"),
                    m.get("origin").asText());
            assertEquals("TOTAL", m.get("labels").get(4).asText());
        }
    }

    @Test
    void offlineDownloadFailsWithAShortMessageAndNoStackTrace() {
        CliRun d = CliRun.of("models", "download", "microsoft/layoutlmv2-base-uncased", "--endpoint",
                "http://127.0.0.1:9", "--out", tmp.resolve("m").toString());
        assertEquals(1, d.exit());
        assertTrue(d.err().contains("error: cannot reach 127.0.0.1"), d.err());
        assertFalse(d.err().contains("\tat "), d.err());
    }

    @Test
    void aBadHubIdIsAUsageErrorSaidBeforeAnyDownload() {
        for (String id : new String[] {"org/..", "a/b/c", ""}) {
            CliRun d = CliRun.of("models", "download", id, "--endpoint", "http://127.0.0.1:9", "--out",
                    tmp.resolve("x").toString());
            assertEquals(2, d.exit(), d.err());
            assertTrue(d.err().contains("is not a hub model id"), d.err());
            assertFalse(d.err().contains("downloading"), d.err());
        }
    }

    @Test
    void listPrintsFolderNamesAndProblemsWithControlCharactersEscaped() throws IOException {
        Path bad = Files.createDirectories(tmp.resolve("models/bad\u001b[2J\u009b31m"));
        Files.writeString(bad.resolve("config.json"), "{\"model_type\": \"layout\u001b[31mlm\"}");
        CliRun l = CliRun.of("models", "list", tmp.resolve("models").toString());
        String all = l.out() + l.err();
        assertFalse(all.chars().anyMatch(c -> c == 0x1b || c == 0x9b), all);
        assertTrue(l.out().contains("bad\\e[2J\\u009b31m"), l.out());
    }

    @Test
    void listReportsABrokenFolderAndFails() throws IOException {
        Path bad = Files.createDirectories(tmp.resolve("models/bad"));
        Files.writeString(bad.resolve("config.json"), "[]");
        CliRun l = CliRun.of("models", "list", tmp.resolve("models").toString());
        assertEquals(1, l.exit());
        assertTrue(l.out().contains("error:") && l.out().contains("config.json"), l.out());
    }

    @Test
    void aTrainingRunsFolderListsItsModelsNotItsTokenizer() throws IOException {
        Path run = tmp.resolve("run");
        CliRun t = CliRun.of("train", "--config", "tiny", "--data", "sample-receipts", "--out", run.toString(),
                "--steps", "2", "--batch", "2", "--max-length", "32", "--device", "cpu");
        assertEquals(0, t.exit(), t.err());
        assertTrue(Files.isDirectory(run.resolve("tokenizer")), "the run keeps its tokenizer");
        CliRun l = CliRun.of("models", "list", run.toString());
        assertEquals(0, l.exit(), l.out() + l.err());
        assertTrue(l.out().contains("best"), l.out());
        assertFalse(l.out().contains("tokenizer/config.json: missing"), l.out());
    }

    @Test
    void listingAFolderThatIsNotThereIsAUsageError() {
        CliRun l = CliRun.of("models", "list", tmp.resolve("nope").toString());
        assertEquals(2, l.exit(), l.err());
        assertTrue(l.err().contains(tmp.resolve("nope").toString()), l.err());
    }

    @Test
    void convertWritesSafetensorsBesideTheBin() throws Exception {
        Path m = Files.createDirectories(tmp.resolve("m"));
        Files.copy(Path.of(getClass().getResource("/checkpoints/tiny.bin").toURI()), m.resolve("pytorch_model.bin"));
        CliRun c = CliRun.of("models", "convert", m.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("identical after reading back"), c.out());
        assertTrue(Files.isRegularFile(m.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(m.resolve("pytorch_model.bin")));
    }
}
