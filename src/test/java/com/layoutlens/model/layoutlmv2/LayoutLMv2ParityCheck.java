package com.layoutlens.model.layoutlmv2;

import ai.djl.Device;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Manual parity run over fixture-style folders written elsewhere (not a test): by
 * tools/reference/make_layoutlmv2_check.py, or any folder with config.json, weights,
 * inputs.safetensors and outputs.safetensors. Prints every stage's difference, the load
 * time and the heap in use after loading, and exits non-zero when a folder diverges.
 *
 * <pre>java ... com.layoutlens.model.layoutlmv2.LayoutLMv2ParityCheck /tmp/layoutlmv2-check</pre>
 */
public final class LayoutLMv2ParityCheck {

    private LayoutLMv2ParityCheck() {
    }

    public static void main(String[] args) throws Exception {
        int failed = 0;
        int total = 0;
        for (String arg : args) {
            Path root = Path.of(arg);
            List<Path> folders;
            if (Files.isRegularFile(root.resolve("config.json"))) {
                folders = List.of(root);
            } else {
                try (Stream<Path> s = Files.list(root)) {
                    folders = s.filter(p -> Files.isRegularFile(p.resolve("config.json"))).sorted().toList();
                }
            }
            for (Path folder : folders) {
                total++;
                Runtime rt = Runtime.getRuntime();
                long t0 = System.nanoTime();
                try (LayoutLMv2Model m = LayoutLMv2Model.load(folder, Device.cpu())) {
                    double secs = (System.nanoTime() - t0) / 1e9;
                    rt.gc();
                    System.out.printf("%s: loaded in %.2f s (%s), heap in use %d MB of max %d MB; depth %d, %s%n",
                            folder.getFileName(), secs, m.report().summary(),
                            (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20,
                            m.config().backbone().depth(), m.config().fastQkv() ? "fast_qkv" : "q/k/v");
                }
                List<String> lines = LayoutLMv2ParityTest.compare(folder, folder.getFileName().toString());
                lines.forEach(l -> System.out.println("  " + l));
                if (lines.stream().anyMatch(l -> l.contains("DIVERGES"))) {
                    failed++;
                }
            }
        }
        System.out.printf("%d of %d folders match within %.0e%n", total - failed, total, LayoutLMv2ParityTest.TOLERANCE);
        System.exit(failed == 0 ? 0 : 1);
    }
}
