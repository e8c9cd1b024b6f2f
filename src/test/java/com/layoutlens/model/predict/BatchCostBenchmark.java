package com.layoutlens.model.predict;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.ForwardShape;
import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.TokenClassifier;
import com.layoutlens.model.family.ModelFamily;
import com.layoutlens.model.registry.ModelFamilies;
import com.layoutlens.model.registry.TokenClassifiers;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * What a forward pass costs per padded token at each batch shape, the figures behind the
 * predictor's batch plan ({@link ReceiptPredictor#batchEnds}): for windows of 128 to 512 tokens
 * and 1 to 8 windows a batch, the best of a few passes through {@link TokenClassifier#logitsAt}
 * (half of the positions read, as a receipt's first sub-tokens are), on the CPU, with the
 * largest array of each shape beside it (the plan keeps it within
 * {@code ReceiptPredictor.LARGEST_CPU_ARRAY_BYTES}).
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -cp ... \
 *   com.layoutlens.model.predict.BatchCostBenchmark [MODEL_DIR | layoutlm | layoutlmv2 | layoutlmv3]
 * </pre>
 * A model type makes a base-size model of that family with random weights (default layoutlm).
 */
public final class BatchCostBenchmark {

    private BatchCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "layoutlm";
        TokenClassifier model = open(what);
        ForwardShape shape = model.forwardShape();
        System.out.printf(Locale.ROOT, "%s: %s, load average %.2f%n", what, shape,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%7s %7s %10s %14s %12s%n", "windows", "tokens", "ms/batch", "us/padded tok",
                "largest MB");
        for (int length : new int[] {128, 256, 384, 512}) {
            for (int batch : new int[] {1, 2, 4, 8}) {
                double ms = time(model, batch, Math.min(length, model.maxTextLength()));
                System.out.printf(Locale.ROOT, "%7d %7d %10.0f %14.0f %12.1f%n", batch, length, ms,
                        ms * 1000 / (batch * length), shape.largestArrayBytes(batch, length) / 1e6);
            }
        }
        model.close();
    }

    private static TokenClassifier open(String what) throws Exception {
        for (ModelFamily family : ModelFamilies.all()) {
            if (family.modelType().equals(what)) {
                // the family's defaults are transformers' base sizes
                Path dir = java.nio.file.Files.createTempDirectory("batch-cost");
                java.nio.file.Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"" + what
                        + "\", \"id2label\": {\"0\": \"O\", \"1\": \"COMPANY\", \"2\": \"DATE\", \"3\": \"ADDRESS\","
                        + " \"4\": \"TOTAL\"}}");
                ModelConfig config = family.readConfig(dir);
                java.nio.file.Files.delete(dir.resolve("config.json"));
                java.nio.file.Files.delete(dir);
                return family.create(config, Device.cpu(), false);
            }
        }
        return TokenClassifiers.load(Path.of(what), Device.cpu());
    }

    private static double time(TokenClassifier model, int batch, int length) {
        Random rnd = new Random(1);
        com.layoutlens.model.RandomTokens tokens = com.layoutlens.model.RandomTokens.draw(rnd, batch * length, 5);
        long[] ids = tokens.ids();
        long[] box = tokens.boxes();
        long[] mask = new long[batch * length];
        java.util.Arrays.fill(mask, 1);
        if (batch > 1) {
            mask[mask.length - 1] = 0; // the last window one token shorter, as in a padded batch
        }
        int reads = length / 2;
        long[] rows = new long[batch * reads];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = 1 + 2 * (i % reads);
        }
        float[] pixels = null;
        int[] page = model.needsImage() ? model.pageShape() : null;
        if (page != null) {
            pixels = new float[batch * page[0] * page[1] * page[2]];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = rnd.nextFloat();
            }
        }
        int reps = length >= 384 ? 2 : 3;
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps + 1; r++) {
            try (NDManager m = model.manager().newSubManager()) {
                NDArray image = page == null ? null : m.create(pixels, new Shape(batch, page[0], page[1], page[2]));
                long start = System.nanoTime();
                model.logitsAt(m.create(ids, new Shape(batch, length)), m.create(box, new Shape(batch, length, 4)),
                        m.create(mask, new Shape(batch, length)), null, image, m.create(rows, new Shape(batch, reads)))
                        .softmax(-1).toFloatArray();
                double ms = (System.nanoTime() - start) / 1e6;
                if (r > 0) {
                    best = Math.min(best, ms); // the first call warms up
                }
            }
        }
        return best;
    }
}
