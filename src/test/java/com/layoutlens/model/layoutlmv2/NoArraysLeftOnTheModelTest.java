package com.layoutlens.model.layoutlmv2;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A forward pass must leave nothing on the model's own manager: everything it makes belongs
 * to the caller's (per batch) manager. An array parked on the model's manager lives as long as
 * the model, so a long prediction or training run would grow by one per call.
 */
class NoArraysLeftOnTheModelTest {

    private static void forward(LayoutLMv2Model model, Checkpoint in, boolean training) throws IOException {
        try (NDManager m = model.manager().newSubManager()) {
            model.predict(V2Fixtures.longs(m, in, "input_ids"), V2Fixtures.longs(m, in, "bbox"),
                    V2Fixtures.longs(m, in, "attention_mask"), V2Fixtures.longs(m, in, "token_type_ids"),
                    V2Fixtures.floats(m, in, "image"), training).logits().toFloatArray();
        }
    }

    @Test
    void repeatedForwardPassesKeepTheModelsArrayCount() throws IOException, ModelFolderException {
        for (String name : V2Fixtures.names()) {
            for (boolean trainable : new boolean[] {false, true}) {
                try (LayoutLMv2Model model = LayoutLMv2Model.load(V2Fixtures.folder(name), Device.cpu(),
                        new LoadOptions(false, null, trainable));
                     Checkpoint in = V2Fixtures.open(V2Fixtures.folder(name), "inputs.safetensors")) {
                    forward(model, in, trainable); // the first pass may cache what later passes reuse
                    int before = model.manager().getManagedArrays().size();
                    for (int i = 0; i < 3; i++) {
                        forward(model, in, trainable);
                    }
                    assertEquals(before, model.manager().getManagedArrays().size(),
                            name + (trainable ? " (trainable)" : "") + ": arrays left on the model's manager");
                }
            }
        }
    }
}
