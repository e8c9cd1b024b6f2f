package com.layoutlens.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.TokenClassifier;
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
        try (LayoutLMModel model = LayoutLMModel.load(DEMO, Device.cpu())) {
            assertGivesFixtureLogits(model, FIXTURE, null);
        }
    }

    @Test
    void demoTokenizerSplitsWordsAsTransformersDoes() throws Exception {
        // for v3 byte-level BPE: each word with the leading space LayoutLMv3TokenizerFast gives pre-split words
        for (Path[] demo : new Path[][] {{DEMO, FIXTURE}, {DEMO_V2, FIXTURE_V2}, {DEMO_V3, FIXTURE_V3}}) {
            try (Checkpoint f = Checkpoints.open(demo[1]); WordTokenizer t = WordTokenizer.load(demo[0])) {
                assertArrayEquals(f.readLongs("word_ids"), t.tokenize(WORDS).ids(), demo[0].toString());
            }
        }
    }

    /** The LayoutLMv2 demo model through transformers' LayoutLMv2ForTokenClassification, page image included. */
    @Test
    void layoutlmv2DemoModelGivesTransformersLogits() throws Exception {
        try (LayoutLMv2Model model = LayoutLMv2Model.load(DEMO_V2, Device.cpu())) {
            assertGivesFixtureLogits(model, FIXTURE_V2, "image");
        }
    }

    /** The LayoutLMv3 demo model through transformers' LayoutLMv3ForTokenClassification, patch embedding of a page included. */
    @Test
    void layoutlmv3DemoModelGivesTransformersLogits() throws Exception {
        try (LayoutLMv3Model model = LayoutLMv3Model.load(DEMO_V3, Device.cpu())) {
            assertGivesFixtureLogits(model, FIXTURE_V3, "pixel_values");
        }
    }

    /**
     * Runs the fixture's batch (its page under {@code page}, or none) through the model and
     * compares with the logits transformers recorded: same count, max |difference| at most 1e-4.
     */
    private static void assertGivesFixtureLogits(TokenClassifier model, Path fixture, String page)
            throws Exception {
        try (Checkpoint f = Checkpoints.open(fixture); NDManager m = model.manager().newSubManager()) {
            long[] shape = f.info("input_ids").shape();
            var ids = m.create(f.readLongs("input_ids"), new Shape(shape));
            var bbox = m.create(f.readLongs("bbox"), new Shape(shape[0], shape[1], 4));
            var mask = m.create(f.readLongs("attention_mask"), new Shape(shape));
            var pixels = page == null ? null : m.create(f.readFloats(page), new Shape(f.info(page).shape()));
            float[] ours = model.logits(ids, bbox, mask, pixels).toFloatArray();
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
