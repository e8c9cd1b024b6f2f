package com.layoutlens.model.predict;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Box;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;
import com.layoutlens.model.encode.BoxLevel;
import com.layoutlens.model.encode.ReceiptEncoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java half of the receipts benchmarks in {@code tools/reference/}
 * ({@code bench_layoutlm_receipts.py}, {@code bench_layoutlmv2_receipts.py},
 * {@code bench_layoutlmv3_receipts.py}), which start it: a model folder of any family over the
 * SROIE receipts on the CPU through the product's {@link ReceiptPredictor}, as {@code predict}
 * runs it (windows as long as the model's positions allow, at most 512 tokens, a quarter window
 * shared, sorted by length and batched by its plan, at most {@code BATCH} windows). For a model
 * that reads the page, receipts without one are left out.
 *
 * <p>Before timing, the receipts' words with their page-normalised boxes, their image paths and
 * the token ids of every window the predictor's encoder makes are written to {@code WORDS_JSON},
 * so that the Python side tokenizes the very same words with transformers and checks that it gets
 * the very same windows. Then one timed pass ({@link PredictorPass}) from words (and pages) to
 * label rows; its figures go to {@code RESULT_JSON}.
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -cp ... \
 *   com.layoutlens.model.predict.ReceiptsBenchmark MODEL_DIR SROIE_DIR WORDS_JSON RESULT_JSON \
 *   [BATCH] [RECEIPTS] [WARMUP_BATCHES]
 * </pre>
 */
public final class ReceiptsBenchmark {

    private ReceiptsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);
        Path sroie = Path.of(args[1]);
        Path wordsJson = Path.of(args[2]);
        Path resultJson = Path.of(args[3]);
        int batchSize = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int count = args.length > 5 ? Integer.parseInt(args[5]) : Integer.MAX_VALUE;
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 2;

        ObjectMapper json = new ObjectMapper();
        ReceiptPredictor.Settings settings = new ReceiptPredictor.Settings(batchSize, 0, -1, BoxLevel.WORD);
        try (ReceiptPredictor predictor = ReceiptPredictor.open(modelDir, Device.cpu(), LabelSet.sroie(), settings)) {
            boolean pages = predictor.model().needsImage();
            List<Receipt> receipts = new ArrayList<>();
            for (Receipt r : Dataset.load(sroie).receipts()) {
                if ((!pages || r.image() != null) && receipts.size() < count) {
                    receipts.add(r);
                }
            }
            writeWords(json, wordsJson, receipts, predictor.encoder());
            Map<String, Object> result = PredictorPass.time(predictor, receipts, warmup, "Java predictor");
            json.writerWithDefaultPrettyPrinter().writeValue(resultJson.toFile(), result);
        }
    }

    /** Each receipt's id, image path (or null), words, page-normalised boxes and windows' token ids. */
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
            o.put("image", r.image() == null ? null : r.image().toString());
            o.put("words", texts);
            o.put("boxes", boxes);
            o.put("windows", windowIds);
            out.add(o);
        }
        json.writeValue(file.toFile(), out);
    }
}
