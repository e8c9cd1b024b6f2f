package com.layoutlens.model.predict;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.TokenClassifier;
import com.layoutlens.model.registry.TokenClassifiers;

import java.nio.file.Path;
import java.util.Random;

/**
 * One padded batch through {@link TokenClassifier#logitsAt} with the encoder's layers packed
 * ({@code model.nn.Packing}) and padded ({@code -Dlayoutlens.packing=false}), alternating, in
 * one process: eight windows of 200 to 260 tokens (11 % padding), half of each window's
 * positions read, as the predictor reads first sub-tokens. Prints the best and mean of each
 * round. For models without a page (LayoutLM).
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -cp ... \
 *   com.layoutlens.model.predict.PackingBenchmark MODEL_DIR [ROUNDS]
 * </pre>
 */
public final class PackingBenchmark {

    private PackingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int[] lengths = {200, 212, 220, 228, 236, 244, 250, 260};
        int b = lengths.length;
        int length = 260;
        int reads = length / 2;
        try (TokenClassifier model = TokenClassifiers.load(Path.of(args[0]), Device.cpu())) {
            if (model.needsImage()) {
                throw new IllegalArgumentException(args[0] + " reads page images; this benchmark is for LayoutLM");
            }
            Random rnd = new Random(1);
            long[] ids = new long[b * length];
            long[] box = new long[b * length * 4];
            long[] mask = new long[b * length];
            long[] rows = new long[b * reads];
            for (int i = 0; i < b; i++) {
                for (int t = 0; t < length; t++) {
                    int at = i * length + t;
                    boolean real = t < lengths[i];
                    ids[at] = real ? 1000 + rnd.nextInt(20000) : model.padTokenId();
                    mask[at] = real ? 1 : 0;
                    int x = rnd.nextInt(500);
                    int y = rnd.nextInt(500);
                    box[at * 4] = x;
                    box[at * 4 + 1] = y;
                    box[at * 4 + 2] = x + 100;
                    box[at * 4 + 3] = y + 20;
                    if (t < reads) {
                        rows[i * reads + t] = 2L * t % lengths[i];
                    }
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (boolean packed : new boolean[] {true, false}) {
                    System.setProperty("layoutlens.packing", Boolean.toString(packed));
                    long best = Long.MAX_VALUE;
                    long sum = 0;
                    int passes = 4;
                    for (int k = 0; k < passes; k++) {
                        try (NDManager m = model.manager().newSubManager()) {
                            long start = System.nanoTime();
                            model.logitsAt(m.create(ids, new Shape(b, length)), m.create(box, new Shape(b, length, 4)),
                                    m.create(mask, new Shape(b, length)), null, null,
                                    m.create(rows, new Shape(b, reads))).toFloatArray();
                            long spent = System.nanoTime() - start;
                            best = Math.min(best, spent);
                            sum += spent;
                        }
                    }
                    System.out.printf("round %d %-6s best %5.0f ms, mean %5.0f ms%n", round + 1,
                            packed ? "packed" : "padded", best / 1e6, sum / 1e6 / passes);
                }
            }
        } finally {
            System.clearProperty("layoutlens.packing");
        }
    }
}
