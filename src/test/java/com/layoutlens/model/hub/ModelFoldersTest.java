package com.layoutlens.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelFoldersTest {

    @TempDir
    Path tmp;

    @Test
    void fixtureIsDescribedFromItsConfigAndWeightHeader() throws IOException {
        Path m = copy(LoopbackHub.fixture("tiny-a"), tmp.resolve("models/tiny"));
        ModelFolderInfo info = ModelFolders.inspect(m);
        assertTrue(info.ok(), info.error());
        assertEquals("LayoutLM", info.type());
        assertEquals(List.of("O", "COMPANY", "DATE", "ADDRESS", "TOTAL"), info.labels());
        assertEquals(headerParameters(m.resolve("model.safetensors")), info.parameters());
        long bytes = 0;
        for (String f : info.files()) {
            bytes += Files.size(m.resolve(f));
        }
        assertEquals(bytes, info.bytes());
        assertTrue(info.files().containsAll(List.of("config.json", "model.safetensors", "vocab.txt")));
        assertEquals("unknown", info.origin());
        assertEquals(List.of(), info.warnings());
    }

    @Test
    void brokenFoldersAreListedWithTheirErrorBesideGoodOnes() throws IOException {
        Path models = tmp.resolve("models");
        copy(LoopbackHub.fixture("tiny-a"), models.resolve("b-good"));
        Path badJson = copy(LoopbackHub.fixture("tiny-a"), models.resolve("a-bad-config"));
        Files.writeString(badJson.resolve("config.json"), "{not json");
        Path noWeights = copy(LoopbackHub.fixture("tiny-a"), models.resolve("c-no-weights"));
        Files.delete(noWeights.resolve("model.safetensors"));
        Files.delete(noWeights.resolve("inputs.safetensors"));
        Files.delete(noWeights.resolve("outputs.safetensors"));
        Files.createDirectories(models.resolve("d-notes"));
        Files.writeString(models.resolve("d-notes/todo.txt"), "not a model");
        Files.writeString(models.resolve("README.md"), "models live here");

        List<ModelFolderInfo> list = ModelFolders.list(models);
        assertEquals(List.of("a-bad-config", "b-good", "c-no-weights"),
                list.stream().map(i -> i.folder().getFileName().toString()).toList());
        assertFalse(list.get(0).ok());
        assertTrue(list.get(0).error().contains("config.json"), list.get(0).error());
        assertEquals(headerParameters(models.resolve("b-good/model.safetensors")), list.get(0).parameters(),
                "the weights are still counted when only the config is broken");
        assertTrue(list.get(1).ok());
        assertFalse(list.get(2).ok());
        assertTrue(list.get(2).error().contains("holds no model weights"), list.get(2).error());
        assertEquals(-1, list.get(2).parameters());
    }

    @ParameterizedTest
    @CsvSource({"layoutlm, LayoutLM", "layoutlmv2, LayoutLMv2", "layoutlmv3, LayoutLMv3", "bert, bert"})
    void typeComesFromTheConfigModelType(String modelType, String shown) throws IOException {
        Path m = copy(LoopbackHub.fixture("tiny-a"), tmp.resolve("m"));
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> config = json.readValue(m.resolve("config.json").toFile(), Map.class);
        config.put("model_type", modelType);
        json.writeValue(m.resolve("config.json").toFile(), config);
        assertEquals(shown, ModelFolders.inspect(m).type());
    }

    @Test
    void folderWithoutModelTypeIsShownAsTheLayoutLMALoadReadsItAs() throws IOException {
        Path m = copy(LoopbackHub.fixture("tiny-a"), tmp.resolve("m"));
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> config = json.readValue(m.resolve("config.json").toFile(), Map.class);
        config.remove("model_type");
        json.writeValue(m.resolve("config.json").toFile(), config);
        ModelFolderInfo info = ModelFolders.inspect(m);
        assertEquals("LayoutLM (no model_type)", info.type());
        assertTrue(info.ok(), info.problems().toString());
    }

    @Test
    void originComesFromTheDownloadNoteElseTheModelCard() throws IOException {
        Path m = copy(LoopbackHub.fixture("tiny-a"), tmp.resolve("m"));
        Files.writeString(m.resolve("README.md"), "---\nlicense: mit\nbase_model: microsoft/layoutlm-base-uncased\n---\n"
                + "# Receipts model\n");
        assertEquals("README: fine-tuned from microsoft/layoutlm-base-uncased", ModelFolders.inspect(m).origin());
        Files.writeString(m.resolve("README.md"), "# Trained on SROIE train split\n");
        assertEquals("README: Trained on SROIE train split", ModelFolders.inspect(m).origin());
        Files.writeString(m.resolve("README.md"), "# m\n\nFine-tuned on the SROIE train split.\nmore\n");
        assertEquals("README: Fine-tuned on the SROIE train split.", ModelFolders.inspect(m).origin());
        Files.writeString(m.resolve(ModelFolders.ORIGIN_FILE),
                "{\"id\":\"acme/tiny\",\"revision\":\"v1\",\"endpoint\":\"https://huggingface.co\"}");
        assertEquals("acme/tiny@v1 from https://huggingface.co", ModelFolders.inspect(m).origin());
    }

    @Test
    void unfinishedDownloadAndMissingTokenizerAreWarnings() throws IOException {
        Path m = copy(LoopbackHub.fixture("tiny-a"), tmp.resolve("m"));
        Files.delete(m.resolve("vocab.txt"));
        Files.write(m.resolve("pytorch_model.bin.part"), new byte[3]);
        ModelFolderInfo info = ModelFolders.inspect(m);
        assertTrue(info.ok());
        assertNull(info.error());
        assertEquals(2, info.warnings().size(), info.warnings().toString());
    }

    @Test
    void pytorchOnlyFolderIsCountedFromThePickleAndPointsToConvert() throws Exception {
        Path m = copy(LoopbackHub.fixture("tiny-a"), tmp.resolve("m"));
        Files.delete(m.resolve("model.safetensors"));
        Files.copy(Path.of(getClass().getResource("/checkpoints/tiny.bin").toURI()), m.resolve("pytorch_model.bin"));
        ModelFolderInfo info = ModelFolders.inspect(m);
        // the fixture is a generic state dict, not LayoutLM's: counted, and named as unusable
        assertTrue(info.error().contains("pytorch_model.bin: 91 weights missing"), info.error());
        assertTrue(info.parameters() > 0);
        assertEquals(1, info.warnings().size(), info.warnings().toString());
        assertTrue(info.warnings().get(0).contains("models convert"), info.warnings().toString());
        CheckpointConverter.convert(m, false);
        ModelFolderInfo after = ModelFolders.inspect(m);
        assertEquals(List.of(), after.warnings());
        assertEquals(info.parameters(), after.parameters());
    }

    @Test
    void labelsOfAnotherSchemaAreNoWarning() throws IOException {
        Path m = copy(LoopbackHub.fixture("tiny-a"), tmp.resolve("m"));
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode config =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(m.resolve("config.json").toFile());
        String[] names = {"O", "B-HEADER", "I-HEADER", "B-QUESTION", "B-ANSWER"};
        com.fasterxml.jackson.databind.node.ObjectNode id2label = config.putObject("id2label");
        com.fasterxml.jackson.databind.node.ObjectNode label2id = config.putObject("label2id");
        for (int i = 0; i < names.length; i++) {
            id2label.put(String.valueOf(i), names[i]);
            label2id.put(names[i], i);
        }
        json.writeValue(m.resolve("config.json").toFile(), config);
        ModelFolderInfo info = ModelFolders.inspect(m);
        assertTrue(info.ok(), info.problems().toString());
        assertEquals(List.of(), info.warnings(), "a FUNSD model runs with its own schema");

    }

    /** The parameter count read straight from the safetensors JSON header. */
    static long headerParameters(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(len);
            ByteBuffer head = ByteBuffer.allocate((int) len.flip().getLong());
            ch.read(head);
            JsonNode root = new ObjectMapper().readTree(head.array());
            long n = 0;
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                long p = 1;
                for (JsonNode d : e.getValue().get("shape")) {
                    p *= d.asLong();
                }
                n += p;
            }
            return n;
        }
    }

    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        return to;
    }

    @Test
    void listingSeveralFoldersDescribesEachModelOnceAndReportsAMissingFolder() throws IOException {
        Path models = tmp.resolve("models");
        Path good = copy(LoopbackHub.fixture("tiny-a"), models.resolve("tiny"));
        ModelFolders.Listing l = ModelFolders.listAll(List.of(models, good, tmp.resolve("nowhere"), models));
        assertEquals(1, l.models().size());
        assertEquals(good, l.models().get(0).folder());
        assertEquals(1, l.errors().size());
        assertTrue(l.errors().get(0).contains("nowhere"), l.errors().get(0));
    }

    @Test
    void downloadsGoToTheConfiguredFolderUnderTheNamePartOfTheId() {
        String before = System.getProperty(ModelFolders.DOWNLOADS_PROPERTY);
        try {
            System.setProperty(ModelFolders.DOWNLOADS_PROPERTY, tmp.toString());
            assertEquals(tmp, ModelFolders.downloadsFolder());
            System.clearProperty(ModelFolders.DOWNLOADS_PROPERTY);
            if (System.getenv(ModelFolders.DOWNLOADS_ENV) == null) {
                assertEquals(Path.of(System.getProperty("user.home"), ".layoutlens", "models"),
                        ModelFolders.downloadsFolder());
            }
        } finally {
            if (before == null) {
                System.clearProperty(ModelFolders.DOWNLOADS_PROPERTY);
            } else {
                System.setProperty(ModelFolders.DOWNLOADS_PROPERTY, before);
            }
        }
        assertEquals(tmp.resolve("layoutlmv2-base-uncased"),
                ModelFolders.folderFor(tmp, "microsoft/layoutlmv2-base-uncased"));
        assertEquals(tmp.resolve("plain"), ModelFolders.folderFor(tmp, "plain"));
    }

    @Test
    void onlyAFolderWithPytorchWeightsAndNoSafetensorsIsConvertible() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.copy(checkpointFixture("tiny.bin"), bin.resolve("pytorch_model.bin"));
        Files.writeString(bin.resolve("config.json"), "{\"model_type\": \"layoutlm\"}");
        assertTrue(ModelFolders.inspect(bin).convertible());
        Files.copy(checkpointFixture("tiny.safetensors"), bin.resolve("model.safetensors"));
        assertFalse(ModelFolders.inspect(bin).convertible());
        Path st = copy(LoopbackHub.fixture("tiny-a"), tmp.resolve("st"));
        assertFalse(ModelFolders.inspect(st).convertible());
    }

    private static Path checkpointFixture(String name) throws Exception {
        return Path.of(ModelFoldersTest.class.getResource("/checkpoints/" + name).toURI());
    }
}
