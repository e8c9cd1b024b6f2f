package com.layoutlens.model.layoutlmv3;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Box;
import com.layoutlens.data.Word;
import com.layoutlens.model.encode.ReceiptEncoder;
import com.layoutlens.model.encode.WordTokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end against transformers (fixtures/layoutlmv3/receipt): a real receipt's words and
 * boxes and a page through our tokenizer, encoder, image processor and model, against
 * {@code LayoutLMv3Processor} and {@code LayoutLMv3ForTokenClassification}: the same ids, and at
 * each word's first sub-token the same label with the same softmax score.
 */
class LayoutLMv3ReceiptTest {

    @Test
    void wordLabelsAndScoresEqualTransformers() throws Exception {
        Path folder = V3Fixtures.folder("receipt");
        JsonNode r = new ObjectMapper().readTree(folder.resolve("receipt.json").toFile());
        List<Word> words = new ArrayList<>();
        for (int i = 0; i < r.get("words").size(); i++) {
            JsonNode b = r.get("boxes").get(i);
            words.add(new Word(i, 0, new Box(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt()),
                    r.get("words").get(i).asText(), 0, 0));
        }
        try (WordTokenizer tokenizer = WordTokenizer.load(V3Fixtures.folder("tokenizer"));
             LayoutLMv3Model model = LayoutLMv3Model.load(folder, Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            int length = r.get("input_ids").size();
            long[][] specials = model.specialTokenBoxes();
            ReceiptEncoder encoder = new ReceiptEncoder(tokenizer, length, 0, specials[0], specials[1]);
            ReceiptEncoder.Encoded enc = encoder.encode(words, 1000, 1000, null);
            assertEquals(1, enc.windows().size());
            ReceiptEncoder.Window w = enc.windows().get(0);
            long[] ids = new long[length];
            for (int i = 0; i < length; i++) {
                ids[i] = r.get("input_ids").get(i).asLong();
            }
            assertArrayEquals(ids, w.inputIds());
            LayoutLMv3ImageProcessor pages = LayoutLMv3ImageProcessor.read(V3Fixtures.folder("image"),
                    model.config().inputSize());
            NDArray page = m.create(pages.read(V3Fixtures.folder("image").resolve("page.png")),
                    new Shape(1, 3, pages.size(), pages.size()));
            NDArray probs = model.logits(m.create(w.inputIds(), new Shape(1, length)),
                    m.create(w.bbox(), new Shape(1, length, 4)), m.ones(new Shape(1, length), DataType.INT64), page)
                    .softmax(-1).get(0);
            float worst = 0;
            for (int i = 0; i < words.size(); i++) {
                NDArray row = probs.get(enc.wordToken()[i]);
                int best = (int) row.argMax().getLong();
                assertEquals(r.get("labels").get(i).asText(), model.labels().get(best), "word " + i);
                worst = Math.max(worst, Math.abs(row.getFloat(best) - (float) r.get("scores").get(i).asDouble()));
            }
            System.out.printf("receipt %s: %d words, %d tokens, labels equal, max |score diff| %.3g%n",
                    r.get("receipt").asText(), words.size(), length, worst);
            assertTrue(worst <= 1e-4f, "scores differ by " + worst);
        }
    }
}
