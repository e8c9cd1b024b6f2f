package com.layoutlens.model.layoutlmv3;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Box;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.encode.BoxLevel;
import com.layoutlens.model.encode.ReceiptEncoder;
import com.layoutlens.model.predict.PredictorPass;
import com.layoutlens.model.predict.ReceiptPredictor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java half of {@code tools/reference/bench_layoutlmv3_receipts.py}, which starts it: a
 * LayoutLMv3 folder (random weights, a byte-level BPE vocabulary) over the SROIE receipts on the
 * CPU through the product's {@link ReceiptPredictor}, as {@code predict} runs it: every
 * receipt's windows (at most 512 text tokens, a quarter window shared, {@code <s>} and
 * {@code </s>} boxed with zeros) sorted by length and batched by its plan (at most {@code BATCH}
 * windows), each row with its receipt's page as the image processor prepares it (196 patches
 * and a CLS position beside the text for a 224-pixel page).
 *
 * <p>One timed pass ({@link PredictorPass}) covers the receipt's words and page to its label
 * rows: tokenization and windowing, page preparation, padding, the forward passes, softmax and
 * the word labels. Receipts without a page are left out. Before timing, the words with their page-normalised boxes and every window's token
 * ids are written to {@code WORDS_JSON} for the Python side to check its windows against.
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -cp ... \
 *   com.layoutlens.model.layoutlmv3.LayoutLMv3ReceiptsBenchmark MODEL_DIR SROIE_DIR WORDS_JSON RESULT_JSON \
 *   [BATCH] [RECEIPTS] [WARMUP_BATCHES]
 * </pre>
 */
public final class LayoutLMv3ReceiptsBenchmark {

    private LayoutLMv3ReceiptsBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path modelDir = Path.of(args[0]);
        Path sroie = Path.of(args[1]);
        Path wordsJson = Path.of(args[2]);
        Path resultJson = Path.of(args[3]);
        int batchSize = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int count = args.length > 5 ? Integer.parseInt(args[5]) : Integer.MAX_VALUE;
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 2;

        List<Receipt> receipts = new ArrayList<>();
        for (Receipt r : Dataset.load(sroie).receipts()) {
            if (r.image() != null && receipts.size() < count) {
                receipts.add(r);
            }
        }
        ObjectMapper json = new ObjectMapper();
        ReceiptPredictor.Settings settings = new ReceiptPredictor.Settings(batchSize, 0, -1, BoxLevel.WORD);
        try (ReceiptPredictor predictor = ReceiptPredictor.open(modelDir, Device.cpu(), LabelSet.sroie(), settings)) {
            // the predictor's own encoder: the windows written are the windows it runs
            writeWords(json, wordsJson, receipts, predictor.encoder());
            Map<String, Object> result = PredictorPass.time(predictor, receipts, warmup, "Java predictor");
            json.writerWithDefaultPrettyPrinter().writeValue(resultJson.toFile(), result);
        }
    }

    private static void writeWords(ObjectMapper json, Path file, List<Receipt> receipts, ReceiptEncoder encoder)
            throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Receipt r : receipts) {
            List<Word> words = r.words();
            List<String> texts = new ArrayList<>();
            List<int[]> boxes = new ArrayList<>();
            for (Word w : words) {
                Box b = w.box().normalized(r.width(), r.height());
                texts.add(w.text());
                boxes.add(new int[] {b.x0(), b.y0(), b.x1(), b.y1()});
            }
            List<long[]> windowIds = new ArrayList<>();
            for (ReceiptEncoder.Window w : encoder.encode(words, r.width(), r.height(), null).windows()) {
                windowIds.add(w.inputIds());
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", r.id());
            o.put("image", r.image().toString());
            o.put("words", texts);
            o.put("boxes", boxes);
            o.put("windows", windowIds);
            out.add(o);
        }
        json.writeValue(file.toFile(), out);
    }
}
