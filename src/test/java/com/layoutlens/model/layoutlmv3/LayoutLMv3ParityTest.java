package com.layoutlens.model.layoutlmv3;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.layoutlens.model.RowsParity;
import com.layoutlens.model.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Our blocks against transformers' LayoutLMv3ForTokenClassification with the same random
 * weights, stage by stage: every hidden state (visual tokens included), then the logits. A
 * failure names the first stage that diverges. The fixtures cover the visual branch on and off,
 * the 1D and 2D biases each on and off, both heads, and both weight formats.
 */
class LayoutLMv3ParityTest {

    static final float TOLERANCE = 1e-4f;

    static List<String> fixtures() {
        return V3Fixtures.names();
    }

    @Test
    void everyFixtureIsFound() {
        assertEquals(List.of("tiny-a", "tiny-b", "tiny-c", "tiny-d"), fixtures());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyStageMatchesTransformers(String name) throws IOException {
        check(name, compare(V3Fixtures.folder(name), name, "outputs.safetensors", true));
    }

    /** A model with a visual branch run on the text alone (no pixel_values): no LayerNorm over the joint sequence. */
    @Test
    void textAloneMatchesTransformers() throws IOException {
        check("tiny-a", compare(V3Fixtures.folder("tiny-a"), "tiny-a (text only)", "outputs_text_only.safetensors",
                false));
    }

    private static void check(String name, List<String> report) {
        report.forEach(System.out::println);
        for (String line : report) {
            if (line.contains("DIVERGES")) {
                fail(name + ": first divergence at " + line);
            }
        }
    }

    /**
     * Compares a fixture folder with one of its output files; returns one line per stage, in
     * pipeline order, the first failing one marked DIVERGES (later stages are still listed, for
     * diagnosis).
     */
    static List<String> compare(Path folder, String name, String outputs, boolean withPage) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LayoutLMv3Model model = LayoutLMv3Model.load(folder, Device.cpu());
             NDManager manager = model.manager().newSubManager();
             Checkpoint in = V3Fixtures.open(folder, "inputs.safetensors");
             Checkpoint out = V3Fixtures.open(folder, outputs)) {
            NDArray pixels = withPage ? V3Fixtures.floatsOrNull(manager, in, "pixel_values") : null;
            assertEquals(model.config().visualEmbed() && withPage, pixels != null,
                    "the fixture has pixel_values exactly when the model reads pages");
            LayoutLMv3ForTokenClassification.Output result = model.predict(
                    V3Fixtures.longs(manager, in, "input_ids"), V3Fixtures.longs(manager, in, "bbox"),
                    V3Fixtures.longs(manager, in, "attention_mask"), V3Fixtures.longs(manager, in, "token_type_ids"),
                    pixels, true);
            assertEquals(model.config().numHiddenLayers() + 1, result.hiddenStates().size());
            List<String> stages = new ArrayList<>();
            List<NDArray> ours = new ArrayList<>();
            for (int i = 0; i < result.hiddenStates().size(); i++) {
                stages.add("hidden_states." + i);
                ours.add(result.hiddenStates().get(i));
            }
            stages.add("logits");
            ours.add(result.logits());
            boolean diverged = false;
            for (int i = 0; i < stages.size(); i++) {
                String stage = stages.get(i);
                if (!out.names().contains(stage)) {
                    lines.add(name + " " + stage + ": not in the fixture DIVERGES");
                    diverged = true;
                    continue;
                }
                NDArray expected = V3Fixtures.floats(manager, out, stage);
                if (!expected.getShape().equals(ours.get(i).getShape())) {
                    lines.add(name + " " + stage + ": shape " + ours.get(i).getShape() + ", reference "
                            + expected.getShape() + (diverged ? "" : " DIVERGES"));
                    diverged = true;
                    continue;
                }
                float d = ours.get(i).sub(expected).abs().max().getFloat();
                float scale = expected.abs().max().getFloat();
                boolean bad = !(d <= TOLERANCE);
                lines.add(String.format("%s %s max |diff| %.3g (max |value| %.3g)%s", name, stage, d, scale,
                        bad && !diverged ? " DIVERGES" : ""));
                diverged |= bad;
            }
        }
        return lines;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void thePredictorsPathMatchesTransformersAtRealTokens(String name) throws IOException {
        Path folder = V3Fixtures.folder(name);
        try (LayoutLMv3Model model = LayoutLMv3Model.load(folder, Device.cpu());
             NDManager manager = model.manager().newSubManager();
             Checkpoint in = V3Fixtures.open(folder, "inputs.safetensors");
             Checkpoint out = V3Fixtures.open(folder, "outputs.safetensors")) {
            float d = RowsParity.maxDiff(model, V3Fixtures.longs(manager, in, "input_ids"), V3Fixtures.longs(manager, in, "bbox"),
                    V3Fixtures.longs(manager, in, "attention_mask"), V3Fixtures.longs(manager, in, "token_type_ids"),
                    V3Fixtures.floatsOrNull(manager, in, "pixel_values"), V3Fixtures.floats(manager, out, "logits"));
            System.out.printf("%s logits at the rows max |diff| %.3g%n", name, d);
            assertTrue(d <= TOLERANCE, name + " logits at the rows differ by " + d);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void paddingDoesNotChangeTheRealTokens(String name) throws IOException {
        Path folder = V3Fixtures.folder(name);
        try (LayoutLMv3Model model = LayoutLMv3Model.load(folder, Device.cpu());
             NDManager manager = model.manager().newSubManager();
             Checkpoint in = V3Fixtures.open(folder, "inputs.safetensors")) {
            NDArray ids = V3Fixtures.longs(manager, in, "input_ids");
            NDArray bbox = V3Fixtures.longs(manager, in, "bbox");
            NDArray mask = V3Fixtures.longs(manager, in, "attention_mask");
            NDArray types = V3Fixtures.longs(manager, in, "token_type_ids");
            NDArray pixels = V3Fixtures.floatsOrNull(manager, in, "pixel_values");
            int real = (int) mask.get(1).sum().getLong();
            assertTrue(real < ids.getShape().get(1), "the second row must be padded");
            NDArray padded = model.predict(ids, bbox, mask, types, pixels, false).logits().get(1).get(":" + real);
            NDIndex row = new NDIndex("1:2, :" + real);
            NDArray alone = model.predict(ids.get(row), bbox.get(row), mask.get(row), types.get(row),
                    pixels == null ? null : pixels.get("1:2"), false).logits().get(0);
            float d = padded.sub(alone).abs().max().getFloat();
            assertTrue(d <= 1e-4f, "padding changed the logits of real tokens by " + d);
        }
    }

    @Test
    void theBinFixtureHasNoSafetensors() {
        assertTrue(Files.exists(V3Fixtures.folder("tiny-b").resolve("pytorch_model.bin")));
        assertTrue(Files.notExists(V3Fixtures.folder("tiny-b").resolve("model.safetensors")));
    }
}
