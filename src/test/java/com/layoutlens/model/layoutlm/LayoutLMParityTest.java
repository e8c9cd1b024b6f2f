package com.layoutlens.model.layoutlm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.layoutlens.model.RowsParity;
import com.layoutlens.model.checkpoint.Checkpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our blocks against transformers' LayoutLMForTokenClassification on the same random weights. */
class LayoutLMParityTest {

    private static final float TOLERANCE = 1e-4f;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-a", "tiny-b", "tiny-c"})
    void logitsAndHiddenStatesMatchTransformers(String name) throws IOException {
        try (LayoutLMModel model = LayoutLMModel.load(Fixtures.folder(name), Device.cpu());
             NDManager manager = model.manager().newSubManager();
             Checkpoint in = Fixtures.open(name, "inputs.safetensors");
             Checkpoint out = Fixtures.open(name, "outputs.safetensors")) {
            LayoutLMForTokenClassification.Output result = model.predict(
                    Fixtures.longs(manager, in, "input_ids"), Fixtures.longs(manager, in, "bbox"),
                    Fixtures.longs(manager, in, "attention_mask"), Fixtures.longs(manager, in, "token_type_ids"),
                    true);
            int layers = model.config().numHiddenLayers();
            assertEquals(layers + 1, result.hiddenStates().size());
            for (int i = 0; i <= layers; i++) {
                float d = maxDiff(result.hiddenStates().get(i), Fixtures.floats(manager, out, "hidden_states." + i));
                System.out.printf("%s hidden_states.%d max |diff| %.3g%n", name, i, d);
                assertTrue(d <= TOLERANCE, name + " hidden_states." + i + " differs by " + d);
            }
            float d = maxDiff(result.logits(), Fixtures.floats(manager, out, "logits"));
            System.out.printf("%s logits max |diff| %.3g%n", name, d);
            assertTrue(d <= TOLERANCE, name + " logits differ by " + d);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-a", "tiny-b", "tiny-c"})
    void thePredictorsPathMatchesTransformersAtRealTokens(String name) throws IOException {
        try (LayoutLMModel model = LayoutLMModel.load(Fixtures.folder(name), Device.cpu());
             NDManager manager = model.manager().newSubManager();
             Checkpoint in = Fixtures.open(name, "inputs.safetensors");
             Checkpoint out = Fixtures.open(name, "outputs.safetensors")) {
            float d = RowsParity.maxDiff(model, Fixtures.longs(manager, in, "input_ids"),
                    Fixtures.longs(manager, in, "bbox"), Fixtures.longs(manager, in, "attention_mask"),
                    Fixtures.longs(manager, in, "token_type_ids"), null, Fixtures.floats(manager, out, "logits"));
            System.out.printf("%s logits at the rows max |diff| %.3g%n", name, d);
            assertTrue(d <= TOLERANCE, name + " logits at the rows differ by " + d);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-a", "tiny-b", "tiny-c"})
    void paddingDoesNotChangeTheRealTokens(String name) throws IOException {
        try (LayoutLMModel model = LayoutLMModel.load(Fixtures.folder(name), Device.cpu());
             NDManager manager = model.manager().newSubManager();
             Checkpoint in = Fixtures.open(name, "inputs.safetensors")) {
            NDArray ids = Fixtures.longs(manager, in, "input_ids");
            NDArray bbox = Fixtures.longs(manager, in, "bbox");
            NDArray mask = Fixtures.longs(manager, in, "attention_mask");
            NDArray types = Fixtures.longs(manager, in, "token_type_ids");
            int real = (int) mask.get(1).sum().getLong();
            assertTrue(real < ids.getShape().get(1), "the second row must be padded");
            NDArray padded = model.predict(ids, bbox, mask, types, false).logits().get(1).get(":" + real);

            // the second row alone, without any padding
            NDIndex row = new NDIndex("1:2, :" + real);
            NDArray alone = model.predict(ids.get(row), bbox.get(row), mask.get(row), types.get(row), false)
                    .logits().get(0);
            float d = maxDiff(padded, alone);
            System.out.printf("%s padded vs unpadded max |diff| %.3g%n", name, d);
            assertTrue(d <= 1e-5f, "padding changed the logits of real tokens by " + d);

            // other ids and boxes in the padded positions change nothing either
            NDArray ids2 = ids.duplicate();
            NDArray bbox2 = bbox.duplicate();
            ids2.set(new NDIndex("1, " + real + ":"), 7);
            bbox2.set(new NDIndex("1, " + real + ":"), 500);
            NDArray changed = model.predict(ids2, bbox2, mask, types, false).logits().get(1).get(":" + real);
            assertEquals(0f, maxDiff(padded, changed), 1e-6f);
        }
    }

    static float maxDiff(NDArray a, NDArray b) {
        assertEquals(b.getShape(), a.getShape());
        return a.sub(b).abs().max().getFloat();
    }
}
