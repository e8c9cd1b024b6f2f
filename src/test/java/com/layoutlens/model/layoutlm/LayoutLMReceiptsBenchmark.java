package com.layoutlens.model.layoutlm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Box;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;
import com.layoutlens.model.encode.ReceiptEncoder;
import com.layoutlens.model.encode.WordTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Java half of {@code tools/reference/bench_layoutlm_receipts.py}, which starts it:
 * a base-size LayoutLM folder (random weights, real BERT uncased vocabulary) over the SROIE
 * receipts on the CPU, with the predictor's policy: every receipt's windows (at most 512
 * tokens, a quarter window shared) sorted by length, batches of 8 padded to their longest.
 *
 * <p>One timed pass covers everything from the receipt's words to per-token classes:
 * tokenization and windowing, padding, the forward pass, softmax and arg-max. The per-batch
 * latency is the time from a batch's padded Java arrays to its classes in Java arrays.
 * A few batches run first to warm up and are not counted.
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
        try (WordTokenizer tokenizer = WordTokenizer.load(modelDir);
             LayoutLMModel model = LayoutLMModel.load(modelDir, Device.cpu())) {
            ReceiptEncoder encoder = new ReceiptEncoder(tokenizer, maxLength, stride);
            writeWords(json, wordsJson, receipts, encoder);

            // warm-up: the first batches of the sorted windows, not counted
            List<ReceiptEncoder.Window> all = sortedWindows(receipts, encoder);
            for (int i = 0; i < Math.min(warmup, (all.size() + batchSize - 1) / batchSize); i++) {
                run(model, all.subList(i * batchSize, Math.min(all.size(), (i + 1) * batchSize)));
            }

            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            List<ReceiptEncoder.Window> windows = sortedWindows(receipts, encoder);
            long encoded = System.nanoTime();
            List<Double> latencies = new ArrayList<>();
            long tokens = 0;
            long padded = 0;
            for (int i = 0; i < windows.size(); i += batchSize) {
                List<ReceiptEncoder.Window> batch = windows.subList(i, Math.min(windows.size(), i + batchSize));
                long b0 = System.nanoTime();
                run(model, batch);
                latencies.add((System.nanoTime() - b0) / 1e6);
                int longest = batch.get(batch.size() - 1).length();
                padded += (long) longest * batch.size();
                for (ReceiptEncoder.Window w : batch) {
                    tokens += w.length();
                }
            }
            double total = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            double encodeSecs = (encoded - start) / 1e9;

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", "Java dynamic");
            result.put("receipts", receipts.size());
            result.put("windows", windows.size());
            result.put("batches", latencies.size());
            result.put("tokens", tokens);
            result.put("padded_tokens", padded);
            result.put("seconds", total);
            result.put("tokenize_seconds", encodeSecs);
            result.put("cpu_seconds", cpu);
            result.put("batch_ms", latencies);
            json.writerWithDefaultPrettyPrinter().writeValue(resultJson.toFile(), result);
            System.out.printf(Locale.ROOT, "Java dynamic: %d receipts, %d windows, %d tokens (%d padded) in %.1f s"
                            + " (tokenize %.2f s): %.2f receipts/s%n", receipts.size(), windows.size(), tokens, padded,
                    total, encodeSecs, receipts.size() / total);
        }
    }

    /** CPU time of the whole process, all threads: less sensitive to other people's load than wall time. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** Every receipt's windows, shortest first (stable: equal lengths stay in receipt order). */
    private static List<ReceiptEncoder.Window> sortedWindows(List<Receipt> receipts, ReceiptEncoder encoder) {
        List<ReceiptEncoder.Window> windows = new ArrayList<>();
        for (Receipt r : receipts) {
            windows.addAll(encoder.encode(r.words(), r.width(), r.height(), null).windows());
        }
        windows.sort(Comparator.comparingInt(ReceiptEncoder.Window::length));
        return windows;
    }

    /** One batch padded to its longest window, as the predictor runs it; returns the classes. */
    static int[] run(LayoutLMModel model, List<ReceiptEncoder.Window> batch) {
        int b = batch.size();
        int length = 0;
        for (ReceiptEncoder.Window w : batch) {
            length = Math.max(length, w.length());
        }
        long[] ids = new long[b * length];
        long[] bbox = new long[b * length * 4];
        long[] mask = new long[b * length];
        Arrays.fill(ids, model.config().padTokenId());
        for (int r = 0; r < b; r++) {
            ReceiptEncoder.Window w = batch.get(r);
            System.arraycopy(w.inputIds(), 0, ids, r * length, w.length());
            System.arraycopy(w.bbox(), 0, bbox, r * length * 4, w.length() * 4);
            Arrays.fill(mask, r * length, r * length + w.length(), 1L);
        }
        int classes = model.config().numLabels();
        float[] probs;
        try (NDManager m = model.manager().newSubManager()) {
            NDArray logits = model.predict(m.create(ids, new Shape(b, length)), m.create(bbox, new Shape(b, length, 4)),
                    m.create(mask, new Shape(b, length)), null, false).logits();
            probs = logits.softmax(-1).toFloatArray();
        }
        int[] best = new int[b * length];
        for (int t = 0; t < best.length; t++) {
            int k = 0;
            for (int c = 1; c < classes; c++) {
                if (probs[t * classes + c] > probs[t * classes + k]) {
                    k = c;
                }
            }
            best[t] = k;
        }
        return best;
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
