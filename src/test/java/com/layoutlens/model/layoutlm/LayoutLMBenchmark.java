package com.layoutlens.model.layoutlm;

import com.layoutlens.model.predict.ReceiptPredictor;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.encode.WordTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Speed and memory of a BERT-base-sized LayoutLM (random weights, float32) on the CPU.
 *
 * <p>Part 1 times bare forward passes at fixed shapes, the same shapes as
 * {@code tools/reference/bench_layoutlm.py} runs with transformers, so both can be read
 * side by side. Part 2 labels real receipts through the predictor and prints the rate and
 * the process's resident memory after each chunk, which must stay flat. The tokenizer is the
 * 99-entry fixture vocabulary (no real BERT vocabulary is available offline), which splits
 * words into many more sub-tokens than the real one would: read the tokens/s figure.
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 \
 *   -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *   com.layoutlens.model.layoutlm.LayoutLMBenchmark [SROIE_DIR] [RECEIPTS]
 * </pre>
 */
public final class LayoutLMBenchmark {

    private LayoutLMBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path sroie = Path.of(args.length > 0 ? args[0] : "../shared/sroie");
        int receiptCount = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        LayoutLMConfig base = LayoutLMConfig.parse("{\"id2label\": {\"0\": \"O\", \"1\": \"COMPANY\", \"2\": \"DATE\","
                + " \"3\": \"ADDRESS\", \"4\": \"TOTAL\"}}", "base");
        long t0 = System.nanoTime();
        LayoutLMModel model = LayoutLMModel.create(base, Device.cpu(), false);
        System.out.printf("base-size model (%d layers, hidden %d) built in %.1f s%n", base.numHiddenLayers(),
                base.hiddenSize(), (System.nanoTime() - t0) / 1e9);

        int[][] shapes = {{1, 128}, {8, 128}, {1, 512}};
        for (int[] s : shapes) {
            double ms = timeForward(model, s[0], s[1]);
            System.out.printf("forward %d x %d: %.1f ms (%.1f ms per sequence)%n", s[0], s[1], ms, ms / s[0]);
        }

        if (!Files.isDirectory(sroie.resolve("box"))) {
            System.out.println("no receipts at " + sroie + "; predictor part skipped");
            model.close();
            return;
        }
        List<Receipt> receipts = Dataset.load(sroie).receipts();
        receipts = receipts.subList(0, Math.min(receiptCount, receipts.size()));
        Path vocabFolder = Path.of("src/test/resources/fixtures/layoutlm/tiny-a");
        for (int batch : new int[] {1, 8}) {
            LayoutLMModel m = batch == 1 ? model : LayoutLMModel.create(base, Device.cpu(), false);
            try (ReceiptPredictor p = ReceiptPredictor.create(m, WordTokenizer.load(vocabFolder), LabelSet.sroie(),
                    new ReceiptPredictor.Settings(batch, 512, 128))) {
                p.predict(receipts.subList(0, Math.min(4, receipts.size())), r -> { }, null); // warm-up
                long tokens = 0;
                int windows = 0;
                for (Receipt r : receipts) {
                    var e = p.encoder().encode(r.words(), r.width(), r.height(), null);
                    windows += e.windows().size();
                    for (var w : e.windows()) {
                        tokens += w.length();
                    }
                }
                long start = System.nanoTime();
                List<Long> rss = new ArrayList<>();
                int[] words = {0};
                p.predict(receipts, r -> words[0] += r.rows().size(), (done, total) -> {
                    if (done % 16 == 0 || done.equals(total)) {
                        rss.add(residentKb());
                    }
                });
                double secs = (System.nanoTime() - start) / 1e9;
                System.out.printf("predictor, batch %d: %d receipts (%d words) in %.1f s, %.2f receipts/s, "
                                + "%.0f ms per receipt%n", batch, receipts.size(), words[0], secs,
                        receipts.size() / secs, 1000 * secs / receipts.size());
                System.out.printf("  %d windows, %d tokens in all: %.0f tokens/s%n", windows, tokens, tokens / secs);
                System.out.printf("  resident memory after each 16 receipts (MB): %s%n",
                        rss.stream().map(kb -> String.valueOf(kb / 1024)).toList());
            } catch (ModelFolderException e) {
                throw new IOException(e);
            }
        }
    }

    private static double timeForward(LayoutLMModel model, int batch, int length) {
        Random rnd = new Random(1);
        com.layoutlens.model.RandomTokens tokens = com.layoutlens.model.RandomTokens.draw(rnd, batch * length, 1000);
        long[] ids = tokens.ids();
        long[] box = tokens.boxes();
        int reps = length >= 512 ? 3 : 5;
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps + 1; r++) {
            try (NDManager m = model.manager().newSubManager()) {
                NDArray idArray = m.create(ids, new Shape(batch, length));
                NDArray boxArray = m.create(box, new Shape(batch, length, 4));
                NDArray mask = m.ones(new Shape(batch, length), DataType.INT64);
                long start = System.nanoTime();
                model.predict(idArray, boxArray, mask, null, false).logits().toFloatArray();
                double ms = (System.nanoTime() - start) / 1e6;
                if (r > 0) {
                    best = Math.min(best, ms); // the first call warms up
                }
            }
        }
        return best;
    }

    /** The process's resident memory in KB, or -1 where /proc is not available. */
    public static long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
