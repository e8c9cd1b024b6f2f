package com.layoutlens.model.layoutlm;

import com.layoutlens.model.predict.ReceiptPredictor;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.data.Box;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.encode.ReceiptEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutLMPredictorTest {

    private static final String[] TEXTS = {"TOTAL", "RM", "12.50", "Jalan", "SDN", "BHD", "Tel:", "03-7865",
            "cash", "change", "thanking", "receipts", "#A1/2", "(GST)", "Qty", "naïve"};

    /** A receipt of {@code segments} lines of 1 to 4 words each, on a 600 x 1200 page. */
    static Receipt receipt(String id, int segments, long seed) {
        Random rnd = new Random(seed);
        List<Segment> segs = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            int words = 1 + rnd.nextInt(4);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < words; w++) {
                text.append(w == 0 ? "" : " ").append(TEXTS[rnd.nextInt(TEXTS.length)]);
            }
            int x = rnd.nextInt(300);
            int y = 20 * s + 10;
            segs.add(Segment.of(s, new Box(x, y, x + 40 * words + rnd.nextInt(100), y + 15), text.toString()));
        }
        return new Receipt(id, null, 600, 1200, segs, null, null);
    }

    @Test
    void batchingAndPaddingDoNotChangeThePredictions() throws IOException {
        List<Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            receipts.add(receipt("r" + i, 1 + 5 * i, i));
        }
        List<ReceiptPredictor.Result> one = new ArrayList<>();
        List<ReceiptPredictor.Result> five = new ArrayList<>();
        try (ReceiptPredictor p = ReceiptPredictor.open(Fixtures.folder("tiny-a"), Device.cpu(), LabelSet.sroie(),
                new ReceiptPredictor.Settings(1, 24, 6))) {
            p.predict(receipts, one::add, null);
        }
        int[] calls = {0};
        try (ReceiptPredictor p = ReceiptPredictor.open(Fixtures.folder("tiny-a"), Device.cpu(), LabelSet.sroie(),
                new ReceiptPredictor.Settings(5, 24, 6))) {
            p.predict(receipts, five::add, (done, total) -> {
                calls[0]++;
                assertEquals(7, total);
            });
        }
        assertEquals(7, calls[0]);
        assertEquals(7, one.size());
        for (int i = 0; i < 7; i++) {
            assertEquals(receipts.get(i).id(), five.get(i).receipt().id(), "results come in input order");
            List<LabelRow> a = one.get(i).rows();
            List<LabelRow> b = five.get(i).rows();
            assertEquals(receipts.get(i).words().size(), a.size());
            assertEquals(a.size(), b.size());
            for (int k = 0; k < a.size(); k++) {
                assertEquals(a.get(k).label(), b.get(k).label());
                assertEquals(a.get(k).score(), b.get(k).score(), 1e-5);
                assertTrue(a.get(k).score() > 0 && a.get(k).score() <= 1);
            }
        }
        // the longest receipt needed several windows of 24 tokens
        assertTrue(receipts.get(6).words().size() > 22);
    }

    @Test
    void scoreIsTheSoftmaxOfTheArgMaxAtTheFirstSubToken() throws IOException {
        Receipt r = receipt("x", 3, 42);
        try (ReceiptPredictor p = ReceiptPredictor.open(Fixtures.folder("tiny-a"), Device.cpu(), LabelSet.sroie(),
                ReceiptPredictor.Settings.defaults());
             NDManager m = p.model().manager().newSubManager()) {
            List<LabelRow> rows = p.predict(r).rows();
            ReceiptEncoder.Encoded e = p.encoder().encode(r.words(), r.width(), r.height(), null);
            assertEquals(1, e.windows().size());
            ReceiptEncoder.Window w = e.windows().get(0);
            NDArray probs = ((LayoutLMModel) p.model()).predict(m.create(w.inputIds(), new Shape(1, w.length())),
                    m.create(w.bbox(), new Shape(1, w.length(), 4)),
                    m.ones(new Shape(1, w.length()), ai.djl.ndarray.types.DataType.INT64), null, false)
                    .logits().softmax(-1).get(0);
            List<String> labels = p.model().labels();
            for (int i = 0; i < rows.size(); i++) {
                NDArray row = probs.get(e.wordToken()[i]);
                int best = (int) row.argMax().getLong();
                assertEquals(labels.get(best), rows.get(i).label());
                assertEquals(row.getFloat(best), rows.get(i).score(), 1e-6);
            }
        }
    }

    @Test
    void bioClassesAreCollapsedToTheLabelSet() throws IOException {
        try (ReceiptPredictor p = ReceiptPredictor.open(Fixtures.folder("tiny-b"), Device.cpu(), LabelSet.sroie(),
                ReceiptPredictor.Settings.defaults())) {
            ReceiptPredictor.Result res = p.predict(receipt("b", 12, 3));
            assertTrue(res.ok(), res.error());
            assertTrue(res.rows().stream().allMatch(x -> LabelSet.sroie().contains(x.label())));
            assertTrue(res.rows().stream().anyMatch(x -> !x.label().equals("O")), "the random model labels something");
        }
    }

    @Test
    void cancellingStopsBetweenBatches() throws IOException {
        List<Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            receipts.add(receipt("c" + i, 4, i));
        }
        List<ReceiptPredictor.Result> got = new ArrayList<>();
        int[] asked = {0};
        try (ReceiptPredictor p = ReceiptPredictor.open(Fixtures.folder("tiny-a"), Device.cpu(), LabelSet.sroie(),
                new ReceiptPredictor.Settings(1, 0, -1))) {
            assertThrows(java.util.concurrent.CancellationException.class,
                    () -> p.predict(receipts, got::add, null, () -> ++asked[0] > 2));
        }
        assertEquals(3, asked[0]);
        assertTrue(got.isEmpty(), "nothing of an unfinished chunk is handed over");
    }

    @Test
    void emptyReceiptGivesNoRows() throws IOException {
        try (ReceiptPredictor p = ReceiptPredictor.open(Fixtures.folder("tiny-c"), Device.cpu(), LabelSet.sroie(),
                ReceiptPredictor.Settings.defaults())) {
            ReceiptPredictor.Result res = p.predict(new Receipt("e", null, 100, 100, List.of(), null, null));
            assertTrue(res.ok());
            assertTrue(res.rows().isEmpty());
        }
    }

    @Test
    void modelLabelsOutsideTheLabelSetFailOnOpen() {
        LabelSet noDate = new LabelSet("x", "O", List.of("O", "COMPANY"), Map.of());
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> ReceiptPredictor.open(
                Fixtures.folder("tiny-c"), Device.cpu(), noDate, ReceiptPredictor.Settings.defaults()));
        assertTrue(e.getMessage().contains("DATE"), e.getMessage());
    }

    @Test
    void windowsLongerThanTheModelFailOnOpen(@TempDir Path tmp) {
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> ReceiptPredictor.open(
                Fixtures.folder("tiny-c"), Device.cpu(), LabelSet.sroie(), new ReceiptPredictor.Settings(2, 17, 2)));
        assertTrue(e.getMessage().contains("16 positions"), e.getMessage());
    }

    @Test
    void missingTokenizerFailsOnOpen(@TempDir Path tmp) throws IOException {
        Path src = Fixtures.folder("tiny-a");
        Files.copy(src.resolve("config.json"), tmp.resolve("config.json"));
        Files.copy(src.resolve("model.safetensors"), tmp.resolve("model.safetensors"));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> ReceiptPredictor.open(
                tmp, Device.cpu(), LabelSet.sroie(), ReceiptPredictor.Settings.defaults()));
        assertTrue(e.getMessage().contains("vocab.txt"), e.getMessage());
    }
}
