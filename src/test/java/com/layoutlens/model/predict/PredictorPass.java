package com.layoutlens.model.predict;

import com.layoutlens.data.Receipt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One timed pass of the product's {@link ReceiptPredictor} over receipts, for the receipts
 * benchmarks: from each receipt's words (and page) to its label rows, with the predictor's own
 * batch plan. A few receipts go through first to warm up and are not counted.
 */
public final class PredictorPass {

    private PredictorPass() {
    }

    /**
     * @param warmupBatches batches' worth of receipts (at 8 a batch) run before timing
     * @return the figures the Python side reads: receipts, windows, batches, tokens,
     *         padded_tokens, seconds, forward_seconds, cpu_seconds (and an empty batch_ms: the
     *         predictor plans its own batches, so there are no per-batch figures to pair with Python's)
     */
    public static Map<String, Object> time(ReceiptPredictor predictor, List<Receipt> receipts, int warmupBatches,
                                           String name) {
        List<Receipt> warm = receipts.subList(0, Math.min(receipts.size(), 8 * warmupBatches));
        predictor.predict(warm, r -> { }, null);
        ReceiptPredictor.Work before = predictor.work();
        int[] failed = {0};
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        predictor.predict(receipts, r -> {
            if (!r.ok()) {
                failed[0]++;
                System.err.println(r.receipt().id() + ": " + r.error());
            }
        }, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        ReceiptPredictor.Work after = predictor.work();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", name);
        result.put("receipts", receipts.size());
        result.put("failed", failed[0]);
        result.put("windows", after.windows() - before.windows());
        result.put("batches", after.batches() - before.batches());
        result.put("tokens", after.tokens() - before.tokens());
        result.put("padded_tokens", after.paddedTokens() - before.paddedTokens());
        result.put("seconds", seconds);
        result.put("forward_seconds", (after.forwardNanos() - before.forwardNanos()) / 1e9);
        result.put("cpu_seconds", cpu);
        result.put("batch_ms", List.of());
        System.out.printf(Locale.ROOT, "%s: %d receipts (%d failed), %s windows in %s batches, %s tokens (%s padded)"
                        + " in %.1f s (forward passes %.1f s): %.2f receipts/s%n", name, receipts.size(), failed[0],
                result.get("windows"), result.get("batches"), result.get("tokens"), result.get("padded_tokens"),
                seconds, (double) result.get("forward_seconds"), receipts.size() / seconds);
        return result;
    }

    /** CPU time of the whole process, all threads: less sensitive to other people's load than wall time. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
