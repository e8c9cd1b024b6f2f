package com.layoutlens.model.layoutlmv2;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model loaded for prediction (batch norms folded into the convolutions, convolutions and
 * residual sums fused) gives the logits of the same folder loaded trainable (every operation on
 * its own), for the backbone shapes the fixtures do not have: basic blocks (ResNet-18) and a
 * ResNet without norms. Every backbone weight and norm statistic is drawn at random, so a
 * folding or a ReLU in the wrong place shows.
 */
class FoldedBackboneTest {

    @TempDir
    Path tmp;

    @Test
    void basicBlocks() throws Exception {
        compare("basic", Map.of("MODEL.RESNETS.DEPTH", 18, "MODEL.RESNETS.RES2_OUT_CHANNELS", 64,
                "MODEL.RESNETS.NUM_GROUPS", 1));
    }

    @Test
    void bottlenecksWithoutNorms() throws Exception {
        compare("no-norm", Map.of("MODEL.RESNETS.NORM", ""));
    }

    @Test
    void bottlenecksWithFrozenNorms() throws Exception {
        compare("frozen", Map.of("MODEL.RESNETS.NORM", "FrozenBN"));
    }

    private void compare(String name, Map<String, Object> args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(Files.readString(V2Fixtures.folder("tiny-b").resolve("config.json")));
        ObjectNode d2 = (ObjectNode) config.get("detectron2_config_args");
        args.forEach((k, v) -> d2.set(k, json.valueToTree(v)));
        Path dir = tmp.resolve(name);
        Engine.getEngine("PyTorch").setRandomSeed(11);
        try (LayoutLMv2Model fresh = LayoutLMv2Model.create(LayoutLMv2Config.parse(json.writeValueAsString(config),
                name), Device.cpu(), true)) {
            fresh.save(dir);
        }
        randomizeBackbone(dir.resolve("model.safetensors"));
        float[] plain;
        try (LayoutLMv2Model model = LayoutLMv2Model.load(dir, Device.cpu(), new LoadOptions(false, null, true))) {
            assertFalse(model.block().foldedBatchNorms());
            plain = logits(model);
        }
        try (LayoutLMv2Model model = LayoutLMv2Model.load(dir, Device.cpu())) {
            assertTrue(model.block().foldedBatchNorms());
            float[] folded = logits(model);
            float scale = 0;
            float worst = 0;
            for (int i = 0; i < plain.length; i++) {
                scale = Math.max(scale, Math.abs(plain[i]));
                worst = Math.max(worst, Math.abs(plain[i] - folded[i]));
            }
            assertTrue(scale > 0.1f, name + ": logits too small to compare (" + scale + ")");
            assertTrue(worst <= 1e-5f * Math.max(1f, scale), name + ": folded logits moved by " + worst
                    + " (largest logit " + scale + ")");
        }
    }

    /** Every backbone tensor drawn afresh: weights around 0, norms' scales and variances around 1. */
    private static void randomizeBackbone(Path file) throws IOException, ModelFolderException {
        Random rnd = new Random(5);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoints.open(file.getParent())) {
            for (String n : c.names()) {
                Tensor t = Tensor.read(c, n);
                if (n.startsWith("layoutlmv2.visual.backbone.bottom_up.") && t.data() instanceof float[] v) {
                    long fanIn = t.shape().length == 4 ? t.shape()[1] * t.shape()[2] * t.shape()[3] : 1;
                    for (int i = 0; i < v.length; i++) {
                        v[i] = n.endsWith("running_var") || n.endsWith("norm.weight")
                                ? 0.5f + rnd.nextFloat()
                                : t.shape().length == 4 ? (float) (rnd.nextGaussian() * Math.sqrt(1.0 / fanIn))
                                : (float) (rnd.nextGaussian() * 0.3);
                    }
                }
                tensors.put(n, t);
            }
        }
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
    }

    private static float[] logits(LayoutLMv2Model model) throws IOException {
        try (NDManager m = model.manager().newSubManager();
             Checkpoint in = V2Fixtures.open(V2Fixtures.folder("tiny-b"), "inputs.safetensors")) {
            return model.predict(V2Fixtures.longs(m, in, "input_ids"), V2Fixtures.longs(m, in, "bbox"),
                    V2Fixtures.longs(m, in, "attention_mask"), V2Fixtures.longs(m, in, "token_type_ids"),
                    V2Fixtures.floats(m, in, "image"), false).logits().toFloatArray();
        }
    }
}
