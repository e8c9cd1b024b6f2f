package com.layoutlens.model.layoutlm;

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
import com.layoutlens.model.encode.WordTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java half of {@code tools/reference/bench_layoutlm_receipts.py}, which starts it:
 * a base-size LayoutLM folder (random weights, real BERT uncased vocabulary) over the SROIE
 * receipts on the CPU through the product's {@link ReceiptPredictor} (as {@code predict} runs
 * it): windows of at most 512 tokens, a quarter window shared, sorted by length and batched by
 * its plan ({@link ReceiptPredictor#batchEnds}: at most {@code BATCH} windows, fewer where the
 * largest array would outgrow the reused native heap), each padded to its longest.
 *
 * <p>One timed pass covers everything from the receipt's words to its label rows
 * ({@link PredictorPass}): tokenization and windowing, padding, the forward passes, softmax and
 * the word labels. A few receipts run first to warm up and are not counted.
 *
 * <p>Before timing, the receipts' words with their page-normalised boxes, and the token ids of
 * every window, are written to {@code WORDS_JSON}, so that the Python side tokenizes the very
 * same words with transformers and can check that it gets the very same windows.
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -cp ... \
 *   com.layoutlens.model.layoutlm.LayoutLMReceiptsBenchmark MODEL_DIR SROIE_DIR WORDS_JSON RESULT_JSON \
 *   [BATCH] [RECEIPTS] [WARMUP_BATCHES]
 * </pre>
 */
public final class LayoutLMReceiptsBenchmark {

    private LayoutLMReceiptsBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path modelDir = Path.of(args[0]);
        Path sroie = Path.of(args[1]);
        Path wordsJson = Path.of(args[2]);
        Path resultJson = Path.of(args[3]);
        int batchSize = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int count = args.length > 5 ? Integer.parseInt(args[5]) : Integer.MAX_VALUE;
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 2;

        List<Receipt> receipts = Dataset.load(sroie).receipts();
        receipts = receipts.subList(0, Math.min(count, receipts.size()));
        int maxLength = 512;
        int stride = (maxLength - 2) / 4; // the predictor's default
        ObjectMapper json = new ObjectMapper();
        try (WordTokenizer tokenizer = WordTokenizer.load(modelDir)) {
            writeWords(json, wordsJson, receipts, new ReceiptEncoder(tokenizer, maxLength, stride));
        }
        ReceiptPredictor.Settings settings = new ReceiptPredictor.Settings(batchSize, maxLength, stride, BoxLevel.WORD);
        try (ReceiptPredictor predictor = ReceiptPredictor.open(modelDir, Device.cpu(), LabelSet.sroie(), settings)) {
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
            o.put("words", texts);
            o.put("boxes", boxes);
            o.put("windows", windowIds);
            out.add(o);
        }
        json.writeValue(file.toFile(), out);
    }
}
