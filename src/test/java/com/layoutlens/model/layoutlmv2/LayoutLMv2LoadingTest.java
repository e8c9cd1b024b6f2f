package com.layoutlens.model.layoutlmv2;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import com.layoutlens.model.layoutlm.TestSafetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutLMv2LoadingTest {

    @TempDir
    Path tmp;

    private Path variant(String name, UnaryOperator<String> rename, Map<String, Tensor> extra) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        Files.copy(V2Fixtures.folder("tiny-a").resolve("config.json"), dir.resolve("config.json"));
        Path weights = dir.resolve("model.safetensors");
        TestSafetensors.copy(V2Fixtures.folder("tiny-a").resolve("model.safetensors"), weights, rename);
        if (!extra.isEmpty()) {
            Map<String, Tensor> all = new LinkedHashMap<>();
            try (Checkpoint c = Checkpoints.open(weights)) {
                for (String n : c.names()) {
                    all.put(n, Tensor.read(c, n));
                }
            }
            all.putAll(extra);
            SafetensorsWriter.write(weights, all, Map.of());
        }
        return dir;
    }

    private static float[] logits(LayoutLMv2Model model) throws IOException {
        Path folder = V2Fixtures.folder("tiny-a");
        try (NDManager m = model.manager().newSubManager();
             Checkpoint in = V2Fixtures.open(folder, "inputs.safetensors")) {
            NDArray out = model.predict(V2Fixtures.longs(m, in, "input_ids"), V2Fixtures.longs(m, in, "bbox"),
                    V2Fixtures.longs(m, in, "attention_mask"), V2Fixtures.longs(m, in, "token_type_ids"),
                    V2Fixtures.floats(m, in, "image"), false).logits();
            return out.toFloatArray();
        }
    }

    @Test
    void backboneBuffersAreLoadedAndCountersAndPixelStatisticsIgnored() throws IOException {
        try (LayoutLMv2Model model = LayoutLMv2Model.load(V2Fixtures.folder("tiny-a"), Device.cpu())) {
            List<String> loaded = model.report().loaded();
            assertTrue(loaded.contains("layoutlmv2.visual.backbone.bottom_up.stem.conv1.norm.running_var"));
            assertTrue(loaded.contains("layoutlmv2.visual.backbone.bottom_up.res3.0.shortcut.norm.running_mean"));
            assertTrue(loaded.contains("layoutlmv2.visual.backbone.fpn_output2.bias"));
            assertTrue(loaded.contains("layoutlmv2.encoder.layer.0.attention.self.qkv_linear.weight"));
            assertTrue(loaded.contains("layoutlmv2.encoder.rel_pos_y_bias.weight"));
            assertTrue(model.report().unexpected().isEmpty(), model.report().summary());
            assertTrue(model.report().ignored().contains("layoutlmv2.pooler.dense.weight"), model.report().summary());
            // res2's first block keeps the stem's 8 channels: no shortcut convolution, as in detectron2
            assertTrue(loaded.stream().noneMatch(k -> k.contains("res2.0.shortcut")));
        }
        // an older checkpoint: pixel statistics and counters stored, the logits unchanged
        Map<String, Tensor> extra = new LinkedHashMap<>();
        extra.put("layoutlmv2.visual.pixel_mean", Tensor.of(new float[] {103.53f, 116.28f, 123.675f}, new long[] {3, 1, 1}));
        extra.put("layoutlmv2.visual.pixel_std", Tensor.of(new float[] {57.375f, 57.12f, 58.395f}, new long[] {3, 1, 1}));
        extra.put("layoutlmv2.visual.backbone.bottom_up.stem.conv1.norm.num_batches_tracked",
                Tensor.of(com.layoutlens.model.checkpoint.DType.I64, new long[] {0L}, new long[] {}));
        Path old = variant("old", n -> n, extra);
        try (LayoutLMv2Model a = LayoutLMv2Model.load(V2Fixtures.folder("tiny-a"), Device.cpu());
             LayoutLMv2Model b = LayoutLMv2Model.load(old, Device.cpu())) {
            assertTrue(b.report().unexpected().isEmpty(), b.report().summary());
            assertTrue(b.report().ignored().contains("layoutlmv2.visual.pixel_mean"));
            assertEquals(java.util.Arrays.toString(logits(a)), java.util.Arrays.toString(logits(b)));
        }
    }

    @Test
    void baseCheckpointWithoutPrefixOrHeadLoadsWithAFreshHead() throws IOException {
        Path base = variant("base", n -> n.startsWith("classifier.") ? null : n.replaceFirst("^layoutlmv2\\.", ""),
                Map.of());
        String msg = assertThrows(ModelFolderException.class, () -> LayoutLMv2Model.load(base, Device.cpu()))
                .getMessage();
        assertTrue(msg.contains("classifier.weight"), msg);
        try (LayoutLMv2Model m = LayoutLMv2Model.load(base, Device.cpu(),
                LoadOptions.fineTune(List.of("O", "B-TOTAL", "I-TOTAL")))) {
            assertEquals(List.of("classifier.weight", "classifier.bias"), m.report().fresh());
            // fine-tuning trains the rest, but never the frozen batch norms
            for (var slot : m.block().weightSlots("")) {
                boolean norm = slot.name().startsWith("layoutlmv2.visual.") && slot.name().contains(".norm.");
                assertEquals(!norm, slot.parameter().requiresGradient(), slot.name());
            }
            assertEquals(3, m.config().numLabels());
            assertEquals(2 * 9 * 3, logits(m).length);
        }
    }

    @Test
    void anImageTheFpnCannotHalveIsRejectedWithItsShape() throws IOException {
        try (LayoutLMv2Model model = LayoutLMv2Model.load(V2Fixtures.folder("tiny-a"), Device.cpu());
             NDManager m = model.manager().newSubManager();
             Checkpoint in = V2Fixtures.open(V2Fixtures.folder("tiny-a"), "inputs.safetensors")) {
            NDArray image = m.zeros(new ai.djl.ndarray.types.Shape(2, 3, 100, 224));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predict(
                    V2Fixtures.longs(m, in, "input_ids"), V2Fixtures.longs(m, in, "bbox"),
                    V2Fixtures.longs(m, in, "attention_mask"), null, image, false));
            assertTrue(e.getMessage().contains("multiples of 32"), e.getMessage());
        }
    }

    @Test
    void aMissingRunningStatisticOrAWrongShapeIsNamed() throws IOException {
        Path noVar = variant("novar", n -> n.endsWith("res3.1.conv2.norm.running_var") ? null : n, Map.of());
        String msg = assertThrows(ModelFolderException.class, () -> LayoutLMv2Model.load(noVar, Device.cpu()))
                .getMessage();
        assertTrue(msg.contains("res3.1.conv2.norm.running_var"), msg);

        Map<String, Tensor> wrong = Map.of("layoutlmv2.visual_proj.weight",
                Tensor.of(new float[36 * 5], new long[] {36, 5}));
        Path bad = variant("bad", n -> n.equals("layoutlmv2.visual_proj.weight") ? null : n, wrong);
        msg = assertThrows(ModelFolderException.class, () -> LayoutLMv2Model.load(bad, Device.cpu())).getMessage();
        assertTrue(msg.contains("visual_proj.weight") && msg.contains("[36, 4]"), msg);
    }
}
