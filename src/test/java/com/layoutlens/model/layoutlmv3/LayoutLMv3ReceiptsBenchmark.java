package com.layoutlens.model.layoutlmv3;

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
 * The Java half of {@code tools/reference/bench_layoutlmv3_receipts.py}, which starts it: a
 * LayoutLMv3 folder (random weights, a byte-level BPE vocabulary) over the SROIE receipts on the
 * CPU with the predictor's policy: every receipt's windows (at most 512 text tokens, a quarter
 * window shared, {@code <s>} and {@code </s>} boxed with zeros) sorted by length, batches of 8
 * padded to their longest, each row with its receipt's page as the image processor prepares it
 * (196 patches beside the text for a 224-pixel page).
 *
 * <p>One timed pass covers the receipt's words and page to per-token classes: tokenization and
 * windowing, page preparation, padding, the forward pass, softmax and arg-max. The per-batch
 * latency is from a batch's padded arrays and pages to its classes. Receipts without a page are
 * left out. Before timing, the words with their page-normalised boxes and every window's token
 * ids are written to {@code WORDS_JSON} for the Python side to check its windows against.
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -cp ... \
 *   com.layoutlens.model.layoutlmv3.LayoutLMv3ReceiptsBenchmark MODEL_DIR SROIE_DIR WORDS_JSON RESULT_JSON \
 *   [BATCH] [RECEIPTS] [WARMUP_BATCHES]
 * </pre>
 */
public final class LayoutLMv3ReceiptsBenchmark {

    private record Item(ReceiptEncoder.Window window, int receipt) {
    }

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
        try (WordTokenizer tokenizer = WordTokenizer.load(modelDir);
             LayoutLMv3Model model = LayoutLMv3Model.load(modelDir, Device.cpu())) {
            int maxLength = Math.min(512, model.maxTextLength());
            long[][] specials = model.specialTokenBoxes();
            ReceiptEncoder encoder = new ReceiptEncoder(tokenizer, maxLength, (maxLength - 2) / 4, specials[0],
                    specials[1]);
            writeWords(json, wordsJson, receipts, encoder);

            List<Item> all = sortedWindows(receipts, encoder);
            float[][] warmPages = pages(model, receipts);
            for (int i = 0; i < Math.min(warmup, (all.size() + batchSize - 1) / batchSize); i++) {
                run(model, all.subList(i * batchSize, Math.min(all.size(), (i + 1) * batchSize)), warmPages);
            }

            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            List<Item> windows = sortedWindows(receipts, encoder);
            long encoded = System.nanoTime();
            float[][] pages = pages(model, receipts);
            long prepared = System.nanoTime();
            List<Double> latencies = new ArrayList<>();
            long tokens = 0;
            long padded = 0;
            for (int i = 0; i < windows.size(); i += batchSize) {
                List<Item> batch = windows.subList(i, Math.min(windows.size(), i + batchSize));
                long b0 = System.nanoTime();
                run(model, batch, pages);
                latencies.add((System.nanoTime() - b0) / 1e6);
                padded += (long) batch.get(batch.size() - 1).window().length() * batch.size();
                for (Item w : batch) {
                    tokens += w.window().length();
                }
            }
            double total = (System.nanoTime() - start) / 1e9;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", "Java dynamic");
            result.put("receipts", receipts.size());
            result.put("windows", windows.size());
            result.put("batches", latencies.size());
            result.put("tokens", tokens);
            result.put("padded_tokens", padded);
            result.put("seconds", total);
            result.put("tokenize_seconds", (encoded - start) / 1e9);
            result.put("pages_seconds", (prepared - encoded) / 1e9);
            result.put("cpu_seconds", (processCpuNanos() - cpu0) / 1e9);
            result.put("batch_ms", latencies);
            json.writerWithDefaultPrettyPrinter().writeValue(resultJson.toFile(), result);
            System.out.printf(Locale.ROOT, "Java dynamic: %d receipts, %d windows, %d text tokens (%d padded) in %.1f s"
                            + " (tokenize %.2f s, pages %.2f s): %.2f receipts/s%n", receipts.size(), windows.size(),
                    tokens, padded, total, (encoded - start) / 1e9, (prepared - encoded) / 1e9,
                    receipts.size() / total);
        }
    }

    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static float[][] pages(LayoutLMv3Model model, List<Receipt> receipts) throws IOException {
        float[][] pages = new float[receipts.size()][];
        for (int i = 0; i < receipts.size(); i++) {
            pages[i] = model.preparePage(receipts.get(i).image());
        }
        return pages;
    }

    /** Every receipt's windows, shortest first (stable: equal lengths stay in receipt order). */
    private static List<Item> sortedWindows(List<Receipt> receipts, ReceiptEncoder encoder) {
        List<Item> windows = new ArrayList<>();
        for (int i = 0; i < receipts.size(); i++) {
            Receipt r = receipts.get(i);
            for (ReceiptEncoder.Window w : encoder.encode(r.words(), r.width(), r.height(), null).windows()) {
                windows.add(new Item(w, i));
            }
        }
        windows.sort(Comparator.comparingInt(it -> it.window().length()));
        return windows;
    }

    /** One batch padded to its longest window with its rows' pages; returns the text tokens' classes. */
    static int[] run(LayoutLMv3Model model, List<Item> batch, float[][] pages) {
        int b = batch.size();
        int length = 0;
        for (Item w : batch) {
            length = Math.max(length, w.window().length());
        }
        int[] shape = model.pageShape();
        int plane = shape[0] * shape[1] * shape[2];
        long[] ids = new long[b * length];
        long[] bbox = new long[b * length * 4];
        long[] mask = new long[b * length];
        float[] pixels = new float[b * plane];
        Arrays.fill(ids, model.padTokenId());
        for (int r = 0; r < b; r++) {
            ReceiptEncoder.Window w = batch.get(r).window();
            System.arraycopy(w.inputIds(), 0, ids, r * length, w.length());
            System.arraycopy(w.bbox(), 0, bbox, r * length * 4, w.length() * 4);
            Arrays.fill(mask, r * length, r * length + w.length(), 1L);
            System.arraycopy(pages[batch.get(r).receipt()], 0, pixels, r * plane, plane);
        }
        int classes = model.labels().size();
        float[] probs;
        try (NDManager m = model.manager().newSubManager()) {
            NDArray logits = model.logits(m.create(ids, new Shape(b, length)), m.create(bbox, new Shape(b, length, 4)),
                    m.create(mask, new Shape(b, length)), m.create(pixels, new Shape(b, shape[0], shape[1], shape[2])));
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
            o.put("image", r.image().toString());
            o.put("words", texts);
            o.put("boxes", boxes);
            o.put("windows", windowIds);
            out.add(o);
        }
        json.writeValue(file.toFile(), out);
    }
}
