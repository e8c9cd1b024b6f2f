package com.layoutlens.model.layoutlmv2;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.layoutlens.model.RowsParity;
import com.layoutlens.model.checkpoint.Checkpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Our blocks against transformers' LayoutLMv2ForTokenClassification (on detectron2's own
 * backbone) with the same random weights, stage by stage: P2, the pooled grid, every
 * hidden state, the logits. A failure names the first stage that diverges.
 */
class LayoutLMv2ParityTest {

    static final float TOLERANCE = 1e-4f;

    static List<String> fixtures() {
        return V2Fixtures.names();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyStageMatchesTransformers(String name) throws IOException {
        List<String> report = compare(V2Fixtures.folder(name), name);
        report.forEach(System.out::println);
        for (String line : report) {
            if (line.contains("DIVERGES")) {
                fail(name + ": first divergence at " + line);
            }
        }
    }

    /**
     * Compares a fixture folder; returns one line per stage, in pipeline order, the first
     * failing one marked DIVERGES (later stages are still listed, for diagnosis).
     */
    static List<String> compare(Path folder, String name) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LayoutLMv2Model model = LayoutLMv2Model.load(folder, Device.cpu());
             NDManager manager = model.manager().newSubManager();
             Checkpoint in = V2Fixtures.open(folder, "inputs.safetensors");
             Checkpoint out = V2Fixtures.open(folder, "outputs.safetensors")) {
            LayoutLMv2ForTokenClassification.Output result = model.predict(
                    V2Fixtures.longs(manager, in, "input_ids"), V2Fixtures.longs(manager, in, "bbox"),
                    V2Fixtures.longs(manager, in, "attention_mask"), V2Fixtures.longs(manager, in, "token_type_ids"),
                    V2Fixtures.floats(manager, in, "image"), true);
            List<String> stages = new ArrayList<>();
            List<NDArray> ours = new ArrayList<>();
            stages.add("p2");
            ours.add(result.p2());
            stages.add("pooled");
            ours.add(result.pooled());
            for (int i = 0; i < result.hiddenStates().size(); i++) {
                stages.add("hidden_states." + i);
                ours.add(result.hiddenStates().get(i));
            }
            stages.add("logits");
            ours.add(result.logits());
            assertEquals(model.config().numHiddenLayers() + 1, result.hiddenStates().size());
            boolean diverged = false;
            for (int i = 0; i < stages.size(); i++) {
                String stage = stages.get(i);
                if (!out.names().contains(stage)) {
                    lines.add(name + " " + stage + ": not in the fixture");
                    continue;
                }
                NDArray expected = V2Fixtures.floats(manager, out, stage);
                if (!expected.getShape().equals(ours.get(i).getShape())) {
                    lines.add(name + " " + stage + ": shape " + ours.get(i).getShape() + ", reference "
                            + expected.getShape() + (diverged ? "" : " DIVERGES"));
                    diverged = true;
                    continue;
                }
                float d = ours.get(i).sub(expected).abs().max().getFloat();
                float scale = expected.abs().max().getFloat();
                boolean bad = !(d <= TOLERANCE * Math.max(1f, scale / 10f));
                lines.add(String.format("%s %s max |diff| %.3g (max |value| %.3g)%s", name, stage, d, scale,
                        bad && !diverged ? " DIVERGES" : ""));
                diverged |= bad;
            }
            // the acceptance criterion itself: logits within 1e-4, absolute
            float logits = result.logits().sub(V2Fixtures.floats(manager, out, "logits")).abs().max().getFloat();
            if (logits > TOLERANCE && !diverged) {
                lines.add(name + " logits differ by " + logits + " DIVERGES");
            }
        }
        return lines;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void thePredictorsPathMatchesTransformersAtRealTokens(String name) throws IOException {
        Path folder = V2Fixtures.folder(name);
        try (LayoutLMv2Model model = LayoutLMv2Model.load(folder, Device.cpu());
             NDManager manager = model.manager().newSubManager();
             Checkpoint in = V2Fixtures.open(folder, "inputs.safetensors");
             Checkpoint out = V2Fixtures.open(folder, "outputs.safetensors")) {
            float d = RowsParity.maxDiff(model, V2Fixtures.longs(manager, in, "input_ids"), V2Fixtures.longs(manager, in, "bbox"),
                    V2Fixtures.longs(manager, in, "attention_mask"), V2Fixtures.longs(manager, in, "token_type_ids"),
                    V2Fixtures.floats(manager, in, "image"), V2Fixtures.floats(manager, out, "logits"));
            System.out.printf("%s logits at the rows max |diff| %.3g%n", name, d);
            assertTrue(d <= TOLERANCE, name + " logits at the rows differ by " + d);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void paddingDoesNotChangeTheRealTokens(String name) throws IOException {
        Path folder = V2Fixtures.folder(name);
        try (LayoutLMv2Model model = LayoutLMv2Model.load(folder, Device.cpu());
             NDManager manager = model.manager().newSubManager();
             Checkpoint in = V2Fixtures.open(folder, "inputs.safetensors")) {
            NDArray ids = V2Fixtures.longs(manager, in, "input_ids");
            NDArray bbox = V2Fixtures.longs(manager, in, "bbox");
            NDArray mask = V2Fixtures.longs(manager, in, "attention_mask");
            NDArray types = V2Fixtures.longs(manager, in, "token_type_ids");
            NDArray image = V2Fixtures.floats(manager, in, "image");
            int real = (int) mask.get(1).sum().getLong();
            assertTrue(real < ids.getShape().get(1), "the second row must be padded");
            NDArray padded = model.predict(ids, bbox, mask, types, image, false).logits().get(1).get(":" + real);
            NDIndex row = new NDIndex("1:2, :" + real);
            NDArray alone = model.predict(ids.get(row), bbox.get(row), mask.get(row), types.get(row),
                    image.get("1:2"), false).logits().get(0);
            float d = padded.sub(alone).abs().max().getFloat();
            assertTrue(d <= 1e-4f, "padding changed the logits of real tokens by " + d);
        }
    }
}
