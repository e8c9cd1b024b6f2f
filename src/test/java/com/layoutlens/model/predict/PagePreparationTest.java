package com.layoutlens.model.predict;

import ai.djl.Device;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.SampleReceipts;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chunk's pages are decoded on several threads at once: each receipt gets its own page
 * (labels and scores equal those of the receipt predicted alone, where its page is prepared on
 * the calling thread), and a scan that cannot be read costs only its own receipt.
 */
class PagePreparationTest {

    @Test
    void pagesPreparedTogetherGiveEachReceiptItsOwnPage(@TempDir Path tmp) throws Exception {
        int n = 10;
        Path data = SampleReceipts.copy(tmp.resolve("data"), n);
        List<Receipt> receipts = Dataset.load(data).receipts();
        assertEquals(n, receipts.size());
        // a scan that goes away after the folder was read: found only when its page is prepared
        Files.delete(data.resolve("img/sample-004.jpg"));
        try (ReceiptPredictor p = ReceiptPredictor.open(Path.of("models/demo-layoutlmv2"), Device.cpu(),
                LabelSet.sroie(), ReceiptPredictor.Settings.defaults())) {
            Map<String, ReceiptPredictor.Result> together = new LinkedHashMap<>();
            p.predict(receipts, r -> together.put(r.receipt().id(), r), null);
            assertEquals(n, together.size());
            for (Receipt r : receipts) {
                List<ReceiptPredictor.Result> alone = new ArrayList<>();
                p.predict(List.of(r), alone::add, null);
                ReceiptPredictor.Result t = together.get(r.id());
                if (r.id().equals("sample-004")) {
                    assertNotNull(t.error());
                    assertTrue(t.error().startsWith("image could not be read") && t.error().contains("sample-004.jpg"),
                            t.error());
                    assertEquals(t.error(), alone.get(0).error());
                    continue;
                }
                assertNull(t.error(), r.id());
                assertEquals(labels(alone.get(0).rows()), labels(t.rows()), r.id());
                // the scores follow the page closely: another receipt's page would move them far more
                // than batching the windows differently does (last bits only)
                for (int w = 0; w < t.rows().size(); w++) {
                    assertEquals(alone.get(0).rows().get(w).score(), t.rows().get(w).score(), 1e-4,
                            r.id() + " word " + w);
                }
            }
        }
    }

    /** Every item done once, by more than one thread, each result where its own item put it. */
    @Test
    void itemsAreSharedOutAndEachDoneOnce() {
        int n = 400;
        List<Integer> items = java.util.stream.IntStream.range(0, n).boxed().toList();
        int[] done = new int[n];
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ReceiptPredictor.inParallel(items, 3, i -> {
            threads.add(Thread.currentThread().getName());
            double x = 0;
            for (int k = 0; k < 20_000; k++) {
                x += Math.sqrt(k + i); // enough work for the helpers to take their share
            }
            done[i] += x > 0 ? 1 : 0;
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, done[i], "item " + i);
        }
        assertTrue(threads.size() > 1, threads.toString());
    }

    /** An Error on a helper thread is not lost: the caller gets it, as on one thread. */
    @Test
    void anErrorOnAHelperReachesTheCaller() {
        List<Integer> items = java.util.stream.IntStream.range(0, 64).boxed().toList();
        String caller = Thread.currentThread().getName();
        OutOfMemoryError thrown = org.junit.jupiter.api.Assertions.assertThrows(OutOfMemoryError.class,
                () -> ReceiptPredictor.inParallel(items, 2, i -> {
                    if (!Thread.currentThread().getName().equals(caller)) {
                        throw new OutOfMemoryError("decoding page " + i);
                    }
                    try {
                        Thread.sleep(2); // leave the helper items to take
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertTrue(thrown.getMessage().startsWith("decoding page"), thrown.getMessage());
    }

    private static List<String> labels(List<LabelRow> rows) {
        return rows.stream().map(LabelRow::label).toList();
    }
}
