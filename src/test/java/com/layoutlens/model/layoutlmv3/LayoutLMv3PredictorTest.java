package com.layoutlens.model.layoutlmv3;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.data.Box;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.registry.TokenClassifiers;
import com.layoutlens.model.encode.ReceiptEncoder;
import com.layoutlens.model.predict.ReceiptPredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The predictor with a LayoutLMv3 folder: the byte-level BPE tokenizer, zero boxes for
 * {@code <s>} and {@code </s>}, padding with {@code pad_token_id}, and the page prepared by
 * {@link LayoutLMv3ImageProcessor} at the folder's size.
 */
class LayoutLMv3PredictorTest {

    private static final String[] TEXTS = {"TOTAL", "RM", "12.50", "Jalan", "SDN", "BHD", "Tel:", "cash", "Qty"};

    @TempDir
    Path tmp;

    /** A tiny random v3 (the fixture tokenizer's 700 ids, SROIE labels, 32 x 32 pages) with the fixture tokenizer. */
    private Path modelFolder() throws IOException, ModelFolderException {
        Path folder = tmp.resolve("model");
        Engine.getInstance().setRandomSeed(5);
        LayoutLMv3Config c = LayoutLMv3Config.parse("{\"model_type\": \"layoutlmv3\", \"vocab_size\": 700,"
                + " \"hidden_size\": 24, \"num_hidden_layers\": 2, \"num_attention_heads\": 2, \"intermediate_size\": 30,"
                + " \"coordinate_size\": 4, \"shape_size\": 4, \"max_position_embeddings\": 66, \"input_size\": 32,"
                + " \"patch_size\": 8, \"initializer_range\": 0.3,"
                + " \"id2label\": {\"0\": \"O\", \"1\": \"COMPANY\", \"2\": \"DATE\", \"3\": \"ADDRESS\", \"4\": \"TOTAL\"}}",
                "config.json");
        try (LayoutLMv3Model m = LayoutLMv3Model.create(c, Device.cpu())) {
            m.save(folder);
        }
        Path tok = V3Fixtures.folder("tokenizer");
        for (String f : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
            Files.copy(tok.resolve(f), folder.resolve(f));
        }
        Files.writeString(folder.resolve(LayoutLMv3ImageProcessor.FILE),
                "{\"size\": {\"height\": 32, \"width\": 32}, \"image_mean\": [0.5, 0.5, 0.5],"
                        + " \"image_std\": [0.5, 0.5, 0.5], \"resample\": 2}");
        return folder;
    }

    private Path image(String name, long seed) throws IOException {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(300, 500, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int g = (x / 30 + y / 40) % 3 == 0 ? 40 : 220 + rnd.nextInt(30);
                img.setRGB(x, y, g << 16 | g << 8 | Math.min(255, g + 5));
            }
        }
        Path file = tmp.resolve(name);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static Receipt receipt(String id, Path image, int segments, long seed) {
        Random rnd = new Random(seed);
        List<Segment> segs = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            int words = 1 + rnd.nextInt(3);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < words; w++) {
                text.append(w == 0 ? "" : " ").append(TEXTS[rnd.nextInt(TEXTS.length)]);
            }
            int x = rnd.nextInt(150);
            int y = 25 * s + 10;
            segs.add(Segment.of(s, new Box(x, y, x + 40 * words, y + 15), text.toString()));
        }
        return new Receipt(id, image, 300, 500, segs, null, null);
    }

    @Test
    void labelsAreTheModelsArgMaxOnItsOwnEncodingAndPage() throws IOException, ModelFolderException {
        Path folder = modelFolder();
        assertEquals(new TokenClassifiers.Description("layoutlmv3", List.of("O", "COMPANY", "DATE", "ADDRESS", "TOTAL"), 64, true, 700),
                TokenClassifiers.describe(folder));
        Receipt withImage = receipt("a", image("a.png", 1), 4, 1);
        Receipt none = receipt("c", null, 2, 3);
        List<ReceiptPredictor.Result> results = new ArrayList<>();
        try (ReceiptPredictor p = ReceiptPredictor.open(folder, Device.cpu(), LabelSet.sroie(),
                ReceiptPredictor.Settings.defaults())) {
            LayoutLMv3Model model = assertInstanceOf(LayoutLMv3Model.class, p.model(), "chosen by model_type");
            assertArrayEquals(new int[] {3, 32, 32}, model.pageShape());
            p.predict(List.of(withImage, none), results::add, null);
            assertTrue(results.get(0).ok(), String.valueOf(results.get(0).error()));
            assertFalse(results.get(1).ok());
            assertTrue(results.get(1).error().contains("no image"), results.get(1).error());

            // the same window through the model by hand
            ReceiptEncoder.Encoded e = p.encoder().encode(withImage.words(), 300, 500, null);
            ReceiptEncoder.Window w = e.windows().get(0);
            assertEquals(0, w.inputIds()[0]);
            assertEquals(2, w.inputIds()[w.length() - 1]);
            assertArrayEquals(new long[] {0, 0, 0, 0}, java.util.Arrays.copyOfRange(w.bbox(), 4 * (w.length() - 1),
                    4 * w.length()), "</s> is boxed with zeros");
            try (NDManager m = model.manager().newSubManager()) {
                NDArray img = m.create(model.pageProcessor().read(withImage.image()), new Shape(1, 3, 32, 32));
                NDArray probs = model.logits(m.create(w.inputIds(), new Shape(1, w.length())),
                        m.create(w.bbox(), new Shape(1, w.length(), 4)),
                        m.ones(new Shape(1, w.length()), DataType.INT64), img).softmax(-1).get(0);
                List<LabelRow> rows = results.get(0).rows();
                assertEquals(withImage.words().size(), rows.size());
                for (int i = 0; i < rows.size(); i++) {
                    NDArray row = probs.get(e.wordToken()[i]);
                    int best = (int) row.argMax().getLong();
                    assertEquals(model.labels().get(best), rows.get(i).label());
                    assertEquals(row.getFloat(best), rows.get(i).score(), 1e-5);
                }
            }
        }
    }

    @Test
    void batchingAndPaddingDoNotChangeThePredictions() throws IOException, ModelFolderException {
        Path folder = modelFolder();
        List<Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            receipts.add(receipt("r" + i, image("r" + i + ".png", i), 1 + 3 * i, i));
        }
        List<ReceiptPredictor.Result> one = new ArrayList<>();
        List<ReceiptPredictor.Result> four = new ArrayList<>();
        try (ReceiptPredictor p = ReceiptPredictor.open(folder, Device.cpu(), LabelSet.sroie(),
                new ReceiptPredictor.Settings(1, 16, 4))) {
            p.predict(receipts, one::add, null);
        }
        try (ReceiptPredictor p = ReceiptPredictor.open(folder, Device.cpu(), LabelSet.sroie(),
                new ReceiptPredictor.Settings(4, 16, 4))) {
            p.predict(receipts, four::add, null);
        }
        for (int i = 0; i < receipts.size(); i++) {
            List<LabelRow> x = one.get(i).rows();
            List<LabelRow> y = four.get(i).rows();
            assertEquals(receipts.get(i).words().size(), x.size());
            for (int k = 0; k < x.size(); k++) {
                assertEquals(x.get(k).label(), y.get(k).label());
                assertEquals(x.get(k).score(), y.get(k).score(), 1e-5);
            }
        }
    }
}
