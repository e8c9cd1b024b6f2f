package com.layoutlens.model.layoutlmv3;

import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;

import java.nio.file.Path;

/**
 * Manual measurement (not a test): our LayoutLMv3 page preparation against transformers' two
 * image processors on real receipts, in levels of the 0..255 scale (one level is 1/127.5 after
 * the default normalisation). Reads the file tools/reference/measure_v3_pages.py writes.
 *
 * <pre>java ... com.layoutlens.model.layoutlmv3.PageCheck /tmp/layoutlmv3-pages.safetensors ../shared/sroie</pre>
 */
public final class PageCheck {

    private PageCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/layoutlmv3-pages.safetensors");
        Path sroie = Path.of(args.length > 1 ? args[1] : "../shared/sroie");
        LayoutLMv3ImageProcessor processor = LayoutLMv3ImageProcessor.defaults(224);
        double level = 1 / 127.5;
        double[] sum = new double[2];
        double[] max = new double[2];
        long[] differ = new long[2];
        long values = 0;
        try (Checkpoint ref = Checkpoints.open(file)) {
            for (String key : ref.names().stream().filter(k -> k.startsWith("tv.")).sorted().toList()) {
                String id = key.substring(3);
                float[] ours = processor.read(sroie.resolve("img").resolve(id + ".jpg"));
                StringBuilder line = new StringBuilder(id + ":");
                String[] refs = {"tv.", "pil."};
                for (int r = 0; r < 2; r++) {
                    float[] want = ref.readFloats(refs[r] + id);
                    double s = 0;
                    double m = 0;
                    long d = 0;
                    for (int i = 0; i < ours.length; i++) {
                        double x = Math.abs(ours[i] - want[i]) / level;
                        s += x;
                        m = Math.max(m, x);
                        d += x > 1e-3 ? 1 : 0;
                    }
                    sum[r] += s;
                    max[r] = Math.max(max[r], m);
                    differ[r] += d;
                    line.append(String.format(" vs %s mean %.3f levels, max %.2f, %.2f%% differ;",
                            r == 0 ? "torchvision" : "PIL", s / ours.length, m, 100.0 * d / ours.length));
                }
                values += ours.length;
                System.out.println(line);
            }
        }
        for (int r = 0; r < 2; r++) {
            System.out.printf("all: vs %s mean %.3f levels, max %.2f, %.2f%% of values differ%n",
                    r == 0 ? "torchvision" : "PIL", sum[r] / values, max[r], 100.0 * differ[r] / values);
        }
    }
}
