package com.layoutlens.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.encode.WordTokenizer;
import com.layoutlens.model.layoutlm.LayoutLMModel;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Model;
import com.layoutlens.model.layoutlmv3.LayoutLMv3Model;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed demo models, written by our training, as transformers sees them: the
 * fixtures come from {@code tools/reference/make_trained_model_check.py}, which loads each
 * folder with {@code LayoutLMForTokenClassification} or {@code LayoutLMv2ForTokenClassification}
 * {@code LayoutLMv3ForTokenClassification} {@code .from_pretrained} and {@code AutoTokenizer} and
 * records logits of a fixed batch (with a random page for v2 and v3) and the sub-tokens of a
 * fixed word list.
 */
class TrainedModelParityTest {

    static final Path DEMO = Path.of("models/demo-layoutlm");
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/train/demo-layoutlm-check.safetensors");
    static final Path DEMO_V2 = Path.of("models/demo-layoutlmv2");
    static final Path FIXTURE_V2 = Path.of("src/test/resources/fixtures/train/demo-layoutlmv2-check.safetensors");
    static final Path DEMO_V3 = Path.of("models/demo-layoutlmv3");
    static final Path FIXTURE_V3 = Path.of("src/test/resources/fixtures/train/demo-layoutlmv3-check.safetensors");
    static final List<String> WORDS = List.of("TOTAL", "RM12.50", "Café", "GST:", "12/03/2019", "SDN.", "BHD", "Jalan",
            "No.", "88,", "ROUNDING", "CASH", "Tel:", "03-1234", "Invoice#", "QTY", "x2", "(M)", "@", "THANK");

    @Test
    void demoModelGivesTransformersLogits() throws Exception {
        try (Checkpoint f = Checkpoints.open(FIXTURE);
             LayoutLMModel model = LayoutLMModel.load(DEMO, Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            long[] shape = f.info("input_ids").shape();
            var ids = m.create(f.readLongs("input_ids"), new Shape(shape));
            var bbox = m.create(f.readLongs("bbox"), new Shape(shape[0], shape[1], 4));
            var mask = m.create(f.readLongs("attention_mask"), new Shape(shape));
            float[] ours = model.predict(ids, bbox, mask, null, false).logits().toFloatArray();
            float[] theirs = f.readFloats("logits");
            double max = 0;
            for (int i = 0; i < ours.length; i++) {
                max = Math.max(max, Math.abs(ours[i] - theirs[i]));
            }
            assertTrue(max <= 1e-4, "max abs logit difference " + max);
        }
    }

    @Test
    void demoTokenizerSplitsWordsAsTransformersDoes() throws Exception {
        try (Checkpoint f = Checkpoints.open(FIXTURE); WordTokenizer t = WordTokenizer.load(DEMO)) {
            assertArrayEquals(f.readLongs("word_ids"), t.tokenize(WORDS).ids());
        }
        try (Checkpoint f = Checkpoints.open(FIXTURE_V2); WordTokenizer t = WordTokenizer.load(DEMO_V2)) {
            assertArrayEquals(f.readLongs("word_ids"), t.tokenize(WORDS).ids());
        }
        // byte-level BPE: each word with the leading space that LayoutLMv3TokenizerFast gives pre-split words
        try (Checkpoint f = Checkpoints.open(FIXTURE_V3); WordTokenizer t = WordTokenizer.load(DEMO_V3)) {
            assertArrayEquals(f.readLongs("word_ids"), t.tokenize(WORDS).ids());
        }
    }

    /** The LayoutLMv2 demo model through transformers' LayoutLMv2ForTokenClassification, page image included. */
    @Test
    void layoutlmv2DemoModelGivesTransformersLogits() throws Exception {
        try (Checkpoint f = Checkpoints.open(FIXTURE_V2);
             LayoutLMv2Model model = LayoutLMv2Model.load(DEMO_V2, Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            long[] shape = f.info("input_ids").shape();
            var ids = m.create(f.readLongs("input_ids"), new Shape(shape));
            var bbox = m.create(f.readLongs("bbox"), new Shape(shape[0], shape[1], 4));
            var mask = m.create(f.readLongs("attention_mask"), new Shape(shape));
            var image = m.create(f.readFloats("image"), new Shape(f.info("image").shape()));
            float[] ours = model.predict(ids, bbox, mask, null, image, false).logits().toFloatArray();
            float[] theirs = f.readFloats("logits");
            assertEquals(theirs.length, ours.length);
            double max = 0;
            for (int i = 0; i < ours.length; i++) {
                max = Math.max(max, Math.abs(ours[i] - theirs[i]));
            }
            assertTrue(max <= 1e-4, "max abs logit difference " + max);
        }
    }

    /** The LayoutLMv3 demo model through transformers' LayoutLMv3ForTokenClassification, patch embedding of a page included. */
    @Test
    void layoutlmv3DemoModelGivesTransformersLogits() throws Exception {
        try (Checkpoint f = Checkpoints.open(FIXTURE_V3);
             LayoutLMv3Model model = LayoutLMv3Model.load(DEMO_V3, Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            long[] shape = f.info("input_ids").shape();
            var ids = m.create(f.readLongs("input_ids"), new Shape(shape));
            var bbox = m.create(f.readLongs("bbox"), new Shape(shape[0], shape[1], 4));
            var mask = m.create(f.readLongs("attention_mask"), new Shape(shape));
            var pixels = m.create(f.readFloats("pixel_values"), new Shape(f.info("pixel_values").shape()));
            float[] ours = model.predict(ids, bbox, mask, null, pixels, false).logits().toFloatArray();
            float[] theirs = f.readFloats("logits");
            assertEquals(theirs.length, ours.length);
            double max = 0;
            for (int i = 0; i < ours.length; i++) {
                max = Math.max(max, Math.abs(ours[i] - theirs[i]));
            }
            assertTrue(max <= 1e-4, "max abs logit difference " + max);
        }
    }
}
