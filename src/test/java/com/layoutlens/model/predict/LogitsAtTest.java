package com.layoutlens.model.predict;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.TokenClassifier;
import com.layoutlens.model.family.ModelFamily;
import com.layoutlens.model.family.ModelSize;
import com.layoutlens.model.registry.ModelFamilies;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TokenClassifier#logitsAt}: the last layer and head computed at some positions only give
 * the logits the full forward pass gives there, for every family, with padding in the batch and
 * with the page image.
 */
class LogitsAtTest {

    private static final List<String> LABELS = List.of("O", "B-TOTAL", "I-TOTAL", "B-DATE", "I-DATE");

    @Test
    void theLogitsOfTheFullPassAtTheRowsAskedForInEveryFamily() {
        List<ModelFamily> families = ModelFamilies.all();
        assertTrue(families.size() >= 3);
        for (ModelFamily family : families) {
            Engine.getInstance().setRandomSeed(11);
            ModelConfig config = family.freshConfig(new ModelSize(24, 2, 2, 30), 120, LABELS);
            try (TokenClassifier model = family.create(config, Device.cpu(), false);
                 NDManager m = model.manager().newSubManager()) {
                check(family.modelType(), model, m);
            }
        }
    }

    private static void check(String family, TokenClassifier model, NDManager m) {
        int b = 3;
        int length = 17;
        int[] lengths = {17, 9, 12};
        Random rnd = new Random(3);
        long[] ids = new long[b * length];
        long[] box = new long[b * length * 4];
        long[] mask = new long[b * length];
        for (int r = 0; r < b; r++) {
            for (int t = 0; t < length; t++) {
                int i = r * length + t;
                boolean real = t < lengths[r];
                ids[i] = real ? 5 + rnd.nextInt(100) : model.padTokenId();
                mask[i] = real ? 1 : 0;
                long x = rnd.nextInt(600);
                long y = rnd.nextInt(600);
                box[i * 4] = x;
                box[i * 4 + 1] = y;
                box[i * 4 + 2] = x + rnd.nextInt(300);
                box[i * 4 + 3] = y + rnd.nextInt(300);
            }
        }
        // per window a different number of rows; the unused places of shorter ones read position 0
        long[][] wanted = {{1, 4, 5, 9, 16}, {2, 3, 8}, {0, 11}};
        int s = 5;
        long[] rows = new long[b * s];
        for (int r = 0; r < b; r++) {
            System.arraycopy(wanted[r], 0, rows, r * s, wanted[r].length);
        }
        NDArray image = null;
        if (model.needsImage()) {
            int[] page = model.pageShape();
            float[] pixels = new float[b * page[0] * page[1] * page[2]];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = rnd.nextFloat() * 2 - 1;
            }
            image = m.create(pixels, new Shape(b, page[0], page[1], page[2]));
        }
        NDArray idArray = m.create(ids, new Shape(b, length));
        NDArray boxArray = m.create(box, new Shape(b, length, 4));
        NDArray maskArray = m.create(mask, new Shape(b, length));
        float[] full = model.logits(idArray, boxArray, maskArray, null, image).toFloatArray();
        NDArray at = model.logitsAt(idArray, boxArray, maskArray, null, image, m.create(rows, new Shape(b, s)));
        int classes = LABELS.size();
        assertEquals(new Shape(b, s, classes), at.getShape(), family);
        float[] got = at.toFloatArray();
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < s; i++) {
                int pos = (int) rows[r * s + i];
                float[] expected = new float[classes];
                float[] actual = new float[classes];
                System.arraycopy(full, (r * length + pos) * classes, expected, 0, classes);
                System.arraycopy(got, (r * s + i) * classes, actual, 0, classes);
                assertArrayEquals(expected, actual, 1e-5f, family + " window " + r + " position " + pos);
            }
        }
    }
}
