package com.layoutlens.bench;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.samples.SampleGenerator;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How fast a large receipt folder lists in the app, and the heap it takes: reads a
 * folder of 1,000 generated receipts (generating it first when absent) the way the app's
 * receipt list does (every box file parsed, image headers read, words cut) and prints
 * the time and the heap in use afterwards.
 *
 * <pre>
 * mvn -B -q package -DskipTests &amp;&amp; mvn -B -q test-compile &amp;&amp; \
 *   java -cp 'target/classes:target/test-classes:target/lib/*' com.layoutlens.bench.AppListBenchmark [DIR]
 * </pre>
 */
public final class AppListBenchmark {

    private AppListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir") + "/layoutlens-1000");
        if (!Files.isDirectory(dir.resolve("box"))) {
            long t0 = System.nanoTime();
            new SampleGenerator(7).write(dir, 1000);
            System.out.printf("generated 1000 receipts in %s in %.1f s%n", dir, (System.nanoTime() - t0) / 1e9);
        }
        for (int run = 1; run <= 3; run++) {
            System.gc();
            long t0 = System.nanoTime();
            Dataset ds = Dataset.load(dir, LabelSet.sroie(), null, null);
            int words = 0;
            for (var r : ds.receipts()) {
                for (var s : r.segments()) {
                    words += s.words().size(); // what the list's word column computes
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("run %d: %d receipts, %d words listed in %.2f s; heap in use %.0f MB (goal: < 2 s, < 1 GB)%n",
                    run, ds.receipts().size(), words, secs, heap / 1e6);
            if (ds.receipts().isEmpty()) {
                throw new IllegalStateException("nothing read");
            }
        }
    }
}
