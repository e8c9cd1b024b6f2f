package com.layoutlens.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Long-run memory check (a main, not a test): trains for many steps and prints, every
 * {@code every} steps, the Java heap in use after a GC, the process's resident memory (Java
 * heap + native arrays), the number of NDArrays alive under the engine's managers, and the
 * time per step. The live-array count must stay flat: a growing count is the signature of
 * arrays left alive under a long-lived manager. Resident memory may rise in steps while
 * the native allocator caches blocks for new batch shapes (dynamic padding), then level off.
 *
 * <p>{@code mvn -q test-compile exec:java}-free usage, from the repository root:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) com.layoutlens.train.TrainingMemoryCheck
 * [steps] [every] [data] [preset] [layoutlm|layoutlmv2]}.
 */
public final class TrainingMemoryCheck {

    private TrainingMemoryCheck() {
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path data = Path.of(args.length > 2 ? args[2] : "sample-receipts");
        Preset preset = args.length > 3 ? Preset.named(args[3]) : TrainingJobTest.MICRO;
        String modelType = args.length > 4 ? args[4] : "layoutlm";
        Path out = Files.createTempDirectory("layoutlens-memcheck");
        TrainingConfig config = TrainingConfig.builder(data, out).preset(preset).modelType(modelType).steps(steps).batchSize(8)
                .evalEvery(every).checkpointEvery(steps).devFraction(0.1).device("cpu").build();
        List<double[]> rows = new ArrayList<>();
        long[] last = {System.nanoTime()};
        NDManager system = systemManager();
        System.out.println("step  heap_MB  committed_MB  rss_MB  native_MB  live_arrays  ms_per_step  loss");
        TrainingJob job = new TrainingJob(config).addListener(e -> {
            if (e.kind() == TrainingEvent.Kind.STEP && (e.step() % every == 0 || e.step() == 1)) {
                System.gc();
                long now = System.nanoTime();
                double heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6;
                double rss = rssMb();
                double committed = Runtime.getRuntime().totalMemory() / 1e6;
                double ms = (now - last[0]) / 1e6 / (e.step() == 1 ? 1 : every);
                last[0] = now;
                int live = system.getManagedArrays().size();
                rows.add(new double[] {e.step(), heap, rss, rss - committed, live});
                System.out.printf(Locale.ROOT, "%5d  %7.1f  %12.1f  %6.1f  %9.1f  %11d  %11.1f  %.4f%n", e.step(),
                        heap, committed, rss, rss - committed, live, ms, e.loss());
            }
        });
        job.run();
        if (rows.size() >= 3) {
            double[] a = rows.get(1);
            double[] z = rows.get(rows.size() - 1);
            System.out.printf(Locale.ROOT,
                    "trend from step %.0f to %.0f: heap %+.1f MB, resident %+.1f MB, resident outside the Java heap"
                            + " %+.1f MB, live NDArrays %+.0f%n",
                    a[0], z[0], z[1] - a[1], z[2] - a[2], z[3] - a[3], z[4] - a[4]);
        }
        FolderSwap.deleteTree(out);
    }

    /** The engine's root manager, whose arrays include every base manager's (recursively). */
    static NDManager systemManager() {
        try (NDManager probe = Engine.getInstance().newBaseManager()) {
            return probe.getParentManager();
        }
    }

    static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return Double.NaN;
    }
}
