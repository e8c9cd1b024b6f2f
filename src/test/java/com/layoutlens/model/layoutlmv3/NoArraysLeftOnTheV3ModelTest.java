package com.layoutlens.model.layoutlmv3;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A forward pass must leave nothing on the model's own manager (the CLS token broadcast over the
 * batch, the relative bias tables, the patch position embeddings are all views of weights): an
 * array parked there would live as long as the model and grow by one per call.
 */
class NoArraysLeftOnTheV3ModelTest {

    private static void forward(LayoutLMv3Model model, Checkpoint in, boolean stages) throws IOException {
        try (NDManager m = model.manager().newSubManager()) {
            model.predict(V3Fixtures.longs(m, in, "input_ids"), V3Fixtures.longs(m, in, "bbox"),
                    V3Fixtures.longs(m, in, "attention_mask"), V3Fixtures.longs(m, in, "token_type_ids"),
                    V3Fixtures.floatsOrNull(m, in, "pixel_values"), stages).logits().toFloatArray();
        }
    }

    @Test
    void repeatedForwardPassesKeepTheModelsArrayCount() throws IOException, ModelFolderException {
        for (String name : V3Fixtures.names()) {
            for (boolean trainable : new boolean[] {false, true}) {
                try (LayoutLMv3Model model = LayoutLMv3Model.load(V3Fixtures.folder(name), Device.cpu(),
                        new LoadOptions(false, null, trainable));
                     Checkpoint in = V3Fixtures.open(V3Fixtures.folder(name), "inputs.safetensors")) {
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
