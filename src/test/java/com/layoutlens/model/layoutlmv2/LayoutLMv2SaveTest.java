package com.layoutlens.model.layoutlmv2;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutLMv2SaveTest {

    private static final LoadOptions TRAINABLE = new LoadOptions(false, null, true);

    @TempDir
    Path tmp;

    /** Logits of a model for a fixture's inputs (any fixture's inputs fit any of the tiny configs' tables). */
    private static float[] logits(LayoutLMv2Model model, String inputs) throws IOException {
        try (NDManager m = model.manager().newSubManager();
             Checkpoint in = V2Fixtures.open(V2Fixtures.folder(inputs), "inputs.safetensors")) {
            NDArray out = model.predict(V2Fixtures.longs(m, in, "input_ids"), V2Fixtures.longs(m, in, "bbox"),
                    V2Fixtures.longs(m, in, "attention_mask"), V2Fixtures.longs(m, in, "token_type_ids"),
                    V2Fixtures.floats(m, in, "image"), false).logits();
            return out.toFloatArray();
        }
    }

    @Test
    void freshModelSavedAndLoadedGivesTheSameLogitsBitForBit() throws IOException, ModelFolderException {
        for (String name : V2Fixtures.names()) {
            LayoutLMv2Config config = LayoutLMv2Config.read(V2Fixtures.folder(name));
            Engine.getEngine("PyTorch").setRandomSeed(7);
            Path dir = tmp.resolve("fresh-" + name);
            float[] before;
            String json;
            try (LayoutLMv2Model fresh = LayoutLMv2Model.create(config, Device.cpu(), true)) {
                before = logits(fresh, name);
                fresh.save(dir);
                json = fresh.config().toJson();
            }
            // loaded trainable, as training resumes it: the same autograd mode as the fresh model
            try (LayoutLMv2Model reloaded = LayoutLMv2Model.load(dir, Device.cpu(),
                    TRAINABLE)) {
                assertArrayEquals(before, logits(reloaded, name), 0f, name);
                assertEquals(json, reloaded.config().toJson(), name);
                assertTrue(reloaded.report().unexpected().isEmpty(), reloaded.report().summary());
            }
        }
    }

    @Test
    void loadedFixtureSurvivesASaveWithEveryWeightAndBuffer() throws IOException, ModelFolderException {
        for (String name : V2Fixtures.names()) {
            Path dir = tmp.resolve("copy-" + name);
            float[] before;
            List<String> loaded;
            // loaded trainable: a model loaded for prediction has its batch norms folded and is not saved
            try (LayoutLMv2Model model = LayoutLMv2Model.load(V2Fixtures.folder(name), Device.cpu(), TRAINABLE)) {
                before = logits(model, name);
                loaded = model.report().loaded();
                model.save(dir);
            }
            Set<String> written;
            try (Checkpoint c = Checkpoints.open(dir)) {
                written = new HashSet<>(c.names());
            }
            assertEquals(new HashSet<>(loaded), written, name);
            assertTrue(written.contains("layoutlmv2.visual.backbone.bottom_up.stem.conv1.norm.running_var"));
            try (LayoutLMv2Model reloaded = LayoutLMv2Model.load(dir, Device.cpu(), TRAINABLE)) {
                assertArrayEquals(before, logits(reloaded, name), 0f, name);
            }
        }
    }

    @Test
    void aModelLoadedForPredictionIsNotSavedAndItsFoldedNormsChangeOnlyTheLastBits() throws IOException,
            ModelFolderException {
        for (String name : V2Fixtures.names()) {
            Path dir = tmp.resolve("refused-" + name);
            float[] unfolded;
            try (LayoutLMv2Model model = LayoutLMv2Model.load(V2Fixtures.folder(name), Device.cpu(), TRAINABLE)) {
                assertFalse(model.block().foldedBatchNorms(), name);
                unfolded = logits(model, name);
            }
            try (LayoutLMv2Model model = LayoutLMv2Model.load(V2Fixtures.folder(name), Device.cpu())) {
                assertTrue(model.block().foldedBatchNorms(), name);
                float[] folded = logits(model, name);
                float worst = 0;
                for (int i = 0; i < folded.length; i++) {
                    worst = Math.max(worst, Math.abs(folded[i] - unfolded[i]));
                }
                assertTrue(worst <= 1e-5f, name + ": folding the norms moved a logit by " + worst);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.save(dir));
                assertTrue(e.getMessage().contains("loaded for prediction only"), e.getMessage());
                assertFalse(Files.exists(dir.resolve("model.safetensors")), name);
            }
        }
    }

    @Test
    void savedConfigKeepsTheArgumentsTransformersNeedsToBuildTheBackbone() throws IOException, ModelFolderException {
        Path dir = tmp.resolve("b");
        try (LayoutLMv2Model model = LayoutLMv2Model.load(V2Fixtures.folder("tiny-b"), Device.cpu(), TRAINABLE)) {
            model.save(dir);
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode original = json.readTree(Files.readString(V2Fixtures.folder("tiny-b").resolve("config.json")));
        JsonNode saved = json.readTree(Files.readString(dir.resolve("config.json")));
        assertEquals("layoutlmv2", saved.path("model_type").asText());
        assertEquals(json.readTree("[3, 5, 8]"), saved.get("image_feature_pool_shape"));
        assertEquals(original.path("id2label"), saved.path("id2label"));
        assertEquals(original.path("label2id"), saved.path("label2id"));
        JsonNode args = saved.get("detectron2_config_args");
        // every argument of the source survives with its value (numbers may change int <-> float spelling)
        original.get("detectron2_config_args").fields().forEachRemaining(e -> {
            JsonNode v = args.get(e.getKey());
            assertFalse(v == null, e.getKey());
            assertEquals(e.getValue().toString().replace(".0", ""), v.toString().replace(".0", ""), e.getKey());
        });
        for (String key : List.of("has_relative_attention_bias", "has_spatial_attention_bias", "fast_qkv",
                "coordinate_size", "shape_size", "rel_pos_bins", "max_rel_pos", "rel_2d_pos_bins", "max_rel_2d_pos",
                "has_visual_segment_embedding")) {
            if (original.has(key)) {
                assertEquals(original.get(key), saved.get(key), key);
            }
        }
    }
}
