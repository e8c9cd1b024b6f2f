package com.layoutlens.model.layoutlmv2;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.data.Box;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.model.encode.PageImage;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The predictor with a LayoutLMv2 folder: the same API as v1, plus the page image. */
class LayoutLMv2PredictorTest {

    @TempDir
    Path tmp;

    private static final String[] TEXTS = {"TOTAL", "RM", "12.50", "Jalan", "SDN", "BHD", "Tel:", "cash", "Qty"};

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
    void labelsAreTheModelsArgMaxOnTheProcessedImageAndAReceiptWithoutImageIsSkipped() throws IOException {
        Path folder = V2Fixtures.modelFolder(tmp.resolve("model"), "tiny-a");
        Receipt withImage = receipt("a", image("a.png", 1), 4, 1);
        Receipt missing = receipt("b", tmp.resolve("nowhere.jpg"), 2, 2);
        Receipt none = receipt("c", null, 2, 3);
        List<ReceiptPredictor.Result> results = new ArrayList<>();
        try (ReceiptPredictor p = ReceiptPredictor.open(folder, Device.cpu(), LabelSet.sroie(),
                ReceiptPredictor.Settings.defaults())) {
            assertInstanceOf(LayoutLMv2Model.class, p.model(), "chosen by model_type");
            p.predict(List.of(withImage, missing, none), results::add, null);
            assertEquals(3, results.size());
            assertTrue(results.get(0).ok(), String.valueOf(results.get(0).error()));
            assertFalse(results.get(1).ok());
            assertTrue(results.get(1).error().contains("image"), results.get(1).error());
            assertFalse(results.get(2).ok());
            assertTrue(results.get(2).error().contains("no image"), results.get(2).error());

            // the same window through the model by hand
            LayoutLMv2Model model = (LayoutLMv2Model) p.model();
            ReceiptEncoder.Encoded e = p.encoder().encode(withImage.words(), 300, 500, null);
            assertEquals(1, e.windows().size());
            ReceiptEncoder.Window w = e.windows().get(0);
            try (NDManager m = model.manager().newSubManager()) {
                NDArray img = m.create(PageImage.read(withImage.image(), 224), new Shape(1, 3, 224, 224));
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
    void theImageChangesThePrediction() throws IOException {
        Path folder = V2Fixtures.modelFolder(tmp.resolve("model"), "tiny-a");
        Path white = tmp.resolve("white.png");
        BufferedImage img = new BufferedImage(300, 500, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 500; y++) {
            for (int x = 0; x < 300; x++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        ImageIO.write(img, "png", white.toFile());
        Receipt a = receipt("a", image("a.png", 1), 4, 1);
        Receipt b = new Receipt("b", white, 300, 500, a.segments(), null, null);
        try (ReceiptPredictor p = ReceiptPredictor.open(folder, Device.cpu(), LabelSet.sroie(),
                new ReceiptPredictor.Settings(2, 0, -1))) {
            List<LabelRow> ra = p.predict(a).rows();
            List<LabelRow> rb = p.predict(b).rows();
            boolean differs = false;
            for (int i = 0; i < ra.size(); i++) {
                differs |= !ra.get(i).score().equals(rb.get(i).score());
            }
            assertTrue(differs, "the scores must depend on the page image");
            assertNotEquals(0, ra.size());
        }
    }

    @Test
    void batchingDoesNotChangeThePredictions() throws IOException {
        Path folder = V2Fixtures.modelFolder(tmp.resolve("model"), "tiny-a");
        List<Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
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
        assertTrue(receipts.get(4).words().size() > 14, "the longest receipt needs several windows");
    }
}
