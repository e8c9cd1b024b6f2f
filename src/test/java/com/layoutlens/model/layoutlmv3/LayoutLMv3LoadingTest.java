package com.layoutlens.model.layoutlmv3;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutLMv3LoadingTest {

    @TempDir
    Path tmp;

    private static Map<String, Tensor> weights(Path folder) throws IOException {
        Map<String, Tensor> all = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoints.open(folder)) {
            for (String n : c.names()) {
                all.put(n, Tensor.read(c, n));
            }
        }
        return all;
    }

    private static float[] logits(LayoutLMv3Model model, Path fixture) throws IOException {
        try (NDManager m = model.manager().newSubManager();
             Checkpoint in = V3Fixtures.open(fixture, "inputs.safetensors")) {
            NDArray pixels = model.config().visualEmbed() ? V3Fixtures.floats(m, in, "pixel_values") : null;
            return model.predict(V3Fixtures.longs(m, in, "input_ids"), V3Fixtures.longs(m, in, "bbox"),
                    V3Fixtures.longs(m, in, "attention_mask"), V3Fixtures.longs(m, in, "token_type_ids"), pixels,
                    false).logits().toFloatArray();
        }
    }

    @Test
    void aSavedModelLoadsBackWithTheSameLogits() throws IOException {
        Path fixture = V3Fixtures.folder("tiny-b"); // pytorch_model.bin, two-layer head
        Path copy = tmp.resolve("copy");
        try (LayoutLMv3Model model = LayoutLMv3Model.load(fixture, Device.cpu())) {
            model.save(copy);
            try (LayoutLMv3Model back = LayoutLMv3Model.load(copy, Device.cpu())) {
                assertEquals(model.config(), back.config());
                assertTrue(back.report().unexpected().isEmpty() && back.report().fresh().isEmpty());
                float[] a = logits(model, fixture);
                float[] b = logits(back, fixture);
                assertEquals(a.length, b.length);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 0f);
                }
            }
        }
    }

    @Test
    void aBaseCheckpointWithoutPrefixLoadsWithAFreshHead() throws IOException {
        Path fixture = V3Fixtures.folder("tiny-a");
        Map<String, Tensor> base = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : weights(fixture).entrySet()) {
            if (e.getKey().startsWith("layoutlmv3.")) {
                base.put(e.getKey().substring("layoutlmv3.".length()), e.getValue());
            }
        }
        Path folder = tmp.resolve("base");
        Files.createDirectories(folder);
        Files.copy(fixture.resolve("config.json"), folder.resolve("config.json"));
        SafetensorsWriter.write(folder.resolve("model.safetensors"), base, Map.of("format", "pt"));
        assertThrows(ModelFolderException.class, () -> LayoutLMv3Model.load(folder, Device.cpu()),
                "without a head and without asking for a fresh one");
        try (LayoutLMv3Model model = LayoutLMv3Model.load(folder, Device.cpu(),
                LoadOptions.fineTune(List.of("O", "TOTAL")))) {
            assertEquals(List.of("classifier.weight", "classifier.bias"), model.report().fresh());
            assertTrue(model.report().unexpected().isEmpty(), model.report().summary());
            assertEquals(2, model.config().numLabels());
        }
    }

    @Test
    void aTextOnlyConfigurationIgnoresTheVisualWeights() throws IOException {
        Path fixture = V3Fixtures.folder("tiny-a");
        Path folder = tmp.resolve("text");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("config.json"), Files.readString(fixture.resolve("config.json"))
                .replace("\"visual_embed\": true", "\"visual_embed\": false"));
        Files.copy(fixture.resolve("model.safetensors"), folder.resolve("model.safetensors"));
        try (LayoutLMv3Model model = LayoutLMv3Model.load(folder, Device.cpu())) {
            assertTrue(model.report().ignored().containsAll(List.of("layoutlmv3.cls_token", "layoutlmv3.pos_embed",
                    "layoutlmv3.patch_embed.proj.weight", "layoutlmv3.norm.weight", "layoutlmv3.LayerNorm.weight")),
                    model.report().ignored().toString());
            assertTrue(model.report().unexpected().isEmpty(), model.report().summary());
        }
    }

    @Test
    void visualBoxesAreTheClsBoxThenARegularGrid() {
        long[] boxes = LayoutLMv3ForTokenClassification.visualBoxes(3);
        assertEquals(4 * 10, boxes.length);
        assertEquals(List.of(1L, 1L, 999L, 999L), List.of(boxes[0], boxes[1], boxes[2], boxes[3]));
        // patch (row 0, column 1) and the last patch (row 2, column 2)
        assertEquals(List.of(333L, 0L, 666L, 333L), List.of(boxes[8], boxes[9], boxes[10], boxes[11]));
        assertEquals(List.of(666L, 666L, 1000L, 1000L), List.of(boxes[36], boxes[37], boxes[38], boxes[39]));
    }

    @Test
    void positionsAreRobertas() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ids = m.create(new long[] {0, 7, 8, 2, 1, 1}).reshape(1, 6);
            assertEquals(List.of(2L, 3L, 4L, 5L, 1L, 1L),
                    java.util.Arrays.stream(LayoutLMv3TextEmbeddings.positionIds(ids, 1).toLongArray()).boxed().toList());
        }
    }
}
