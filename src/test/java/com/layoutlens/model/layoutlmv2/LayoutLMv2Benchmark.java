package com.layoutlens.model.layoutlmv2;

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
import com.layoutlens.model.layoutlm.LayoutLMBenchmark;
import com.layoutlens.model.predict.ReceiptPredictor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Speed and memory of a base-size LayoutLMv2 (transformers' default configuration:
 * ResNeXt-101 32x8d FPN and a BERT-base encoder; random weights, float32) on the CPU, the
 * companion of {@link LayoutLMBenchmark} for v1 with the same shapes, plus the visual
 * backbone's share: each forward shape is also timed for the visual branch alone (image
 * -> P2 -> pooled grid). Part 2 labels real receipts, images included, through the
 * predictor. {@code tools/reference/bench_layoutlmv2.py} is the transformers peer.
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 \
 *   -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *   com.layoutlens.model.layoutlmv2.LayoutLMv2Benchmark [SROIE_DIR] [RECEIPTS]
 * </pre>
 */
public final class LayoutLMv2Benchmark {

    private LayoutLMv2Benchmark() {
    }

    public static void main(String[] args) throws IOException, ModelFolderException {
        Path sroie = Path.of(args.length > 0 ? args[0] : "../shared/sroie");
        int receiptCount = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        LayoutLMv2Config base = LayoutLMv2Config.parse("{\"model_type\": \"layoutlmv2\", \"id2label\": {\"0\": \"O\","
                + " \"1\": \"COMPANY\", \"2\": \"DATE\", \"3\": \"ADDRESS\", \"4\": \"TOTAL\"}}", "base");
        long t0 = System.nanoTime();
        LayoutLMv2Model model = LayoutLMv2Model.create(base, Device.cpu());
        System.out.printf("base-size LayoutLMv2 (%d layers, hidden %d, ResNeXt-%d %dx%dd FPN) built in %.1f s%n",
                base.numHiddenLayers(), base.hiddenSize(), base.backbone().depth(), base.backbone().numGroups(),
                base.backbone().widthPerGroup(), (System.nanoTime() - t0) / 1e9);
        int[][] shapes = {{1, 128}, {8, 128}, {1, 512}};
        for (int[] s : shapes) {
            double[] ms = timeForward(model, s[0], s[1]);
            System.out.printf("forward %d x %d (+49 visual tokens): %.1f ms (%.1f ms per sequence); visual branch "
                    + "alone %.1f ms = %.0f%% of the forward%n", s[0], s[1], ms[0], ms[0] / s[0], ms[1],
                    100 * ms[1] / ms[0]);
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
            LayoutLMv2Model m = batch == 1 ? model : LayoutLMv2Model.create(base, Device.cpu());
            try (ReceiptPredictor p = ReceiptPredictor.create(m, WordTokenizer.load(vocabFolder), LabelSet.sroie(),
                    new ReceiptPredictor.Settings(batch, 512, 128))) {
                p.predict(receipts.subList(0, Math.min(2, receipts.size())), r -> { }, null); // warm-up
                long start = System.nanoTime();
                List<Long> rss = new ArrayList<>();
                int[] words = {0};
                int[] failed = {0};
                p.predict(receipts, r -> {
                    words[0] += r.rows().size();
                    failed[0] += r.ok() ? 0 : 1;
                }, (done, total) -> {
                    if (done % 8 == 0 || done.equals(total)) {
                        rss.add(LayoutLMBenchmark.residentKb());
                    }
                });
                double secs = (System.nanoTime() - start) / 1e9;
                System.out.printf("predictor, batch %d: %d receipts (%d words, %d failed) in %.1f s, %.0f ms per "
                        + "receipt%n", batch, receipts.size(), words[0], failed[0], secs, 1000 * secs / receipts.size());
                System.out.printf("  resident memory after each 8 receipts (MB): %s%n",
                        rss.stream().map(kb -> String.valueOf(kb / 1024)).toList());
            }
        }
    }

    /** Best of a few runs: {whole forward, visual branch alone} in ms. */
    private static double[] timeForward(LayoutLMv2Model model, int batch, int length) {
        Random rnd = new Random(1);
        com.layoutlens.model.RandomTokens tokens = com.layoutlens.model.RandomTokens.draw(rnd, batch * length, 1000);
        long[] ids = tokens.ids();
        long[] box = tokens.boxes();
        float[] pixels = new float[batch * 3 * 224 * 224];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rnd.nextInt(256);
        }
        int reps = length >= 512 || batch > 1 ? 2 : 4;
        double best = Double.MAX_VALUE;
        double bestVisual = Double.MAX_VALUE;
        for (int r = 0; r < reps + 1; r++) {
            try (NDManager m = model.manager().newSubManager()) {
                NDArray idArray = m.create(ids, new Shape(batch, length));
                NDArray boxArray = m.create(box, new Shape(batch, length, 4));
                NDArray mask = m.ones(new Shape(batch, length), DataType.INT64);
                NDArray image = m.create(pixels, new Shape(batch, 3, 224, 224));
                long start = System.nanoTime();
                model.logits(idArray, boxArray, mask, image).toFloatArray();
                double ms = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                model.visualFeatures(image).toFloatArray();
                double vms = (System.nanoTime() - start) / 1e6;
                if (r > 0) {
                    best = Math.min(best, ms);
                    bestVisual = Math.min(bestVisual, vms);
                }
            }
        }
        return new double[] {best, bestVisual};
    }
}
