package com.layoutlens.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.cli.CliRun;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.predict.ReceiptPredictor;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model folders that a load refuses are listed as broken, each with a message that says what
 * is wrong, and a good folder beside them stays healthy: {@code models list} runs the checks a
 * load runs first, and the two agree on every folder.
 */
class BrokenModelFoldersTest {

    @TempDir
    static Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "layoutlm.encoder.layer.0.attention.self.query.weight";
    private static final String INTERMEDIATE = "layoutlm.encoder.layer.0.intermediate.dense.weight";

    /** Folder name -> the words its problem must contain. */
    private static final Map<String, List<String>> BROKEN = new LinkedHashMap<>();
    private static Path models;

    @BeforeAll
    static void buildFolders() throws IOException {
        models = tmp.resolve("models");
        copy(LoopbackHub.fixture("tiny-a"), models.resolve("good"));
        withTokenizer(copy(v2Fixture(), models.resolve("good-v2")));

        Path bert = copy(LoopbackHub.fixture("tiny-a"), models.resolve("wrong-model-type"));
        editConfig(bert, c -> c.put("model_type", "bert"));
        BROKEN.put("wrong-model-type", List.of("config.json", "model_type 'bert' is not supported"));

        Path v2 = copy(LoopbackHub.fixture("tiny-a"), models.resolve("other-family-type"));
        editConfig(v2, c -> c.put("model_type", "layoutlmv2"));
        BROKEN.put("other-family-type", List.of("config.json", "coordinate_size"));

        Path missing = copy(LoopbackHub.fixture("tiny-a"), models.resolve("missing-tensor"));
        rewriteWeights(missing, (name, t) -> name.equals(QUERY) ? null : t);
        BROKEN.put("missing-tensor", List.of("model.safetensors", "1 weights missing", QUERY));

        Path transposed = copy(LoopbackHub.fixture("tiny-a"), models.resolve("transposed-shape"));
        rewriteWeights(transposed, (name, t) -> name.equals(INTERMEDIATE)
                ? new Tensor(t.dtype(), new long[] {32, 37}, t.data()) : t);
        BROKEN.put("transposed-shape", List.of(INTERMEDIATE, "has shape [32, 37]", "needs [37, 32]"));

        Path ints = copy(LoopbackHub.fixture("tiny-a"), models.resolve("integer-weights"));
        rewriteWeights(ints, (name, t) -> name.equals(QUERY)
                ? new Tensor(com.layoutlens.model.checkpoint.DType.I64, t.shape(), new long[32 * 32]) : t);
        BROKEN.put("integer-weights", List.of(QUERY, "holds I64 values, the model needs floating point"));

        Path tokenizer = copy(LoopbackHub.fixture("tiny-a"), models.resolve("garbage-tokenizer"));
        Files.writeString(tokenizer.resolve("tokenizer.json"), "\u0000\u0001 not a tokenizer {");
        BROKEN.put("garbage-tokenizer", List.of("tokenizer.json", "not valid JSON"));

        Path vocab = copy(LoopbackHub.fixture("tiny-a"), models.resolve("vocab-not-utf8"));
        Files.write(vocab.resolve("vocab.txt"), new byte[] {'[', 'P', 'A', 'D', ']', '\n', (byte) 0xff, (byte) 0xfe});
        BROKEN.put("vocab-not-utf8", List.of("vocab.txt", "UTF-8"));

        Path bigVocab = copy(LoopbackHub.fixture("tiny-a"), models.resolve("tokenizer-beyond-vocab-size"));
        Files.writeString(bigVocab.resolve("vocab.txt"), "extra1\nextra2\nextra3\nextra4\nextra5\n",
                java.nio.file.StandardOpenOption.APPEND);
        BROKEN.put("tokenizer-beyond-vocab-size", List.of("vocab.txt", "token ids up to 103",
                "vocab_size is 99"));

        Path count = copy(LoopbackHub.fixture("tiny-a"), models.resolve("wrong-label-count"));
        editConfig(count, c -> {
            ObjectNode id2label = c.putObject("id2label");
            ObjectNode label2id = c.putObject("label2id");
            String[] names = {"O", "B-COMPANY", "I-COMPANY", "B-DATE", "I-DATE", "B-TOTAL", "I-TOTAL"};
            for (int i = 0; i < names.length; i++) {
                id2label.put(String.valueOf(i), names[i]);
                label2id.put(names[i], i);
            }
        });
        BROKEN.put("wrong-label-count", List.of("'classifier.weight' has shape [5, 32]", "needs [7, 32]"));

        Path dup = copy(LoopbackHub.fixture("tiny-a"), models.resolve("duplicate-labels"));
        editConfig(dup, c -> {
            ((ObjectNode) c.get("id2label")).put("3", "DATE");
            c.remove("label2id");
        });
        BROKEN.put("duplicate-labels", List.of("config.json", "id2label names 'DATE' twice (ids 2 and 3)"));

        Path mixed = copy(LoopbackHub.fixture("tiny-a"), models.resolve("prefixed-and-bare-labels"));
        editConfig(mixed, c -> {
            ObjectNode id2label = c.putObject("id2label");
            String[] names = {"O", "B-COMPANY", "I-COMPANY", "DATE", "TOTAL"};
            for (int i = 0; i < names.length; i++) {
                id2label.put(String.valueOf(i), names[i]);
            }
            c.remove("label2id");
        });
        BROKEN.put("prefixed-and-bare-labels", List.of("config.json", "id2label mixes tags with a prefix ('B-COMPANY')"
                + " and without one ('DATE')"));

        Path nameless = copy(LoopbackHub.fixture("tiny-a"), models.resolve("label-that-is-no-text"));
        editConfig(nameless, c -> {
            ((ObjectNode) c.get("id2label")).putNull("2");
            c.remove("label2id");
        });
        BROKEN.put("label-that-is-no-text", List.of("config.json", "id2label gives id 2 the name null"));

        Path level = copy(LoopbackHub.fixture("tiny-a"), models.resolve("unknown-box-level"));
        editConfig(level, c -> c.put("layoutlens_box_level", "line"));
        BROKEN.put("unknown-box-level", List.of("config.json", "layoutlens_box_level"));

        Path split = copy(LoopbackHub.fixture("tiny-a"), models.resolve("total-segments-not-boolean"));
        editConfig(split, c -> c.put("layoutlens_total_segments", "yes"));
        BROKEN.put("total-segments-not-boolean", List.of("config.json", "layoutlens_total_segments"));

        Path inverse = copy(LoopbackHub.fixture("tiny-a"), models.resolve("label2id-disagrees"));
        editConfig(inverse, c -> ((ObjectNode) c.get("label2id")).put("TOTAL", 3).put("ADDRESS", 4));
        BROKEN.put("label2id-disagrees", List.of("config.json", "label2id gives", "id2label names id"));

        Path layers = copy(LoopbackHub.fixture("tiny-a"), models.resolve("more-layers-than-weights"));
        editConfig(layers, c -> c.put("num_hidden_layers", 6));
        BROKEN.put("more-layers-than-weights", List.of("weights missing", "layoutlm.encoder.layer.5."));

        Path truncated = copy(LoopbackHub.fixture("tiny-a"), models.resolve("truncated-weights"));
        byte[] w = Files.readAllBytes(truncated.resolve("model.safetensors"));
        Files.write(truncated.resolve("model.safetensors"), java.util.Arrays.copyOf(w, w.length / 2));
        BROKEN.put("truncated-weights", List.of("model.safetensors", "tensor '"));

        Path act = copy(LoopbackHub.fixture("tiny-a"), models.resolve("unknown-activation"));
        editConfig(act, c -> c.put("hidden_act", "swish-42"));
        BROKEN.put("unknown-activation", List.of("config.json", "hidden_act 'swish-42' is not supported"));

        Path v2Head = withTokenizer(copy(v2Fixture(), models.resolve("v2-missing-backbone-tensor")));
        rewriteWeights(v2Head, (name, t) -> name.endsWith("visual.backbone.bottom_up.stem.conv1.weight") ? null : t);
        BROKEN.put("v2-missing-backbone-tensor", List.of("weights missing", "stem.conv1.weight"));
    }

    @Test
    void listMarksEachBrokenFolderWithItsOwnProblemAndGoodFoldersStayHealthy() throws IOException {
        CliRun l = CliRun.of("models", "list", models.toString(), "--json");
        assertEquals(1, l.exit(), l.err());
        JsonNode list = JSON.readTree(l.out()).get("models");
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode m : list) {
            byName.put(Path.of(m.get("folder").asText()).getFileName().toString(), m);
        }
        assertEquals(BROKEN.size() + 2, byName.size(), byName.keySet().toString());
        for (String good : List.of("good", "good-v2")) {
            JsonNode m = byName.get(good);
            assertTrue(m.get("error").isNull(), good + ": " + m);
            assertEquals(0, m.get("problems").size(), good + ": " + m);
        }
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : BROKEN.entrySet()) {
            JsonNode m = byName.get(e.getKey());
            List<String> problems = new ArrayList<>();
            m.get("problems").forEach(p -> problems.add(p.asText()));
            boolean found = problems.stream().anyMatch(p -> e.getValue().stream().allMatch(p::contains));
            if (!found || m.get("error").isNull() || problems.stream().anyMatch(p -> p.contains("\tat "))) {
                wrong.add(e.getKey() + " " + problems);
            }
        }
        assertEquals(List.of(), wrong, "folders without their specific problem");
    }

    @Test
    void textListingPrintsEveryProblemOfAFolder() throws IOException {
        Path both = copy(LoopbackHub.fixture("tiny-a"), tmp.resolve("two-problems/m"));
        rewriteWeights(both, (name, t) -> name.equals(QUERY) ? null : t);
        Files.writeString(both.resolve("tokenizer.json"), "[]");
        CliRun l = CliRun.of("models", "list", both.toString());
        assertEquals(1, l.exit());
        assertTrue(l.out().contains("error:      " + both.resolve("model.safetensors") + ": 1 weights missing: " + QUERY),
                l.out());
        assertTrue(l.out().contains("error:      " + both.resolve("tokenizer.json")), l.out());
    }

    @Test
    void everyFolderTheListingCallsBrokenIsRefusedByLoadingAndTheGoodOnesLoad() throws IOException {
        for (String name : BROKEN.keySet()) {
            Path folder = models.resolve(name);
            assertThrows(ModelFolderException.class, () -> load(folder), name);
            assertFalse(ModelFolders.inspect(folder).ok(), name);
        }
        for (String name : List.of("good", "good-v2")) {
            load(models.resolve(name));
            assertTrue(ModelFolders.inspect(models.resolve(name)).ok(), name);
        }
    }

    /** What predict does with a folder before it labels anything. */
    private static void load(Path folder) throws ModelFolderException {
        try (ReceiptPredictor p = ReceiptPredictor.open(folder, Device.cpu(), LabelSet.sroie(),
                ReceiptPredictor.Settings.defaults())) {
            assertTrue(p.model().labels().size() > 0);
        }
    }

    /** The LayoutLMv2 fixtures have no tokenizer: they get the LayoutLM fixture's, of the same size. */
    private static Path withTokenizer(Path folder) throws IOException {
        for (String f : List.of("vocab.txt", "tokenizer_config.json")) {
            Files.copy(LoopbackHub.fixture("tiny-a").resolve(f), folder.resolve(f));
        }
        return folder;
    }

    private static Path v2Fixture() {
        try {
            return Path.of(BrokenModelFoldersTest.class.getResource("/fixtures/layoutlmv2/tiny-a").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        ModelFoldersTest.copy(from, to);
        // test inputs and outputs of the fixture are not part of a model folder
        Files.deleteIfExists(to.resolve("inputs.safetensors"));
        Files.deleteIfExists(to.resolve("outputs.safetensors"));
        return to;
    }

    private static void editConfig(Path folder, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectNode c = (ObjectNode) JSON.readTree(folder.resolve("config.json").toFile());
        edit.accept(c);
        JSON.writeValue(folder.resolve("config.json").toFile(), c);
    }

    private interface TensorEdit {
        Tensor apply(String name, Tensor t);
    }

    private static void rewriteWeights(Path folder, TensorEdit edit) throws IOException {
        Path file = folder.resolve("model.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (Checkpoint src = Checkpoints.open(file)) {
            for (String name : src.names()) {
                Tensor t = edit.apply(name, Tensor.read(src, name));
                if (t != null) {
                    tensors.put(name, t);
                }
            }
        }
        SafetensorsWriter.write(file, tensors, Map.of());
    }
}
