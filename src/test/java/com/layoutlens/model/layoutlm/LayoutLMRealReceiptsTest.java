package com.layoutlens.model.layoutlm;

import com.layoutlens.model.predict.ReceiptPredictor;
import ai.djl.Device;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.model.encode.ReceiptEncoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The whole pipeline over the real SROIE receipts with a tiny model: every word gets a label. */
class LayoutLMRealReceiptsTest {

    @Test
    void everyWordOfEveryRealReceiptIsLabelled() throws IOException {
        Path dir = Path.of(System.getProperty("layoutlens.sroie", "../shared/sroie"));
        assumeTrue(Files.isDirectory(dir.resolve("box")), "SROIE receipts not found at " + dir);
        Dataset ds = Dataset.load(dir);
        List<ReceiptPredictor.Result> results = new ArrayList<>();
        int[] windows = {0};
        // tiny-a has 64 positions: long receipts need many overlapping windows
        try (ReceiptPredictor p = ReceiptPredictor.open(Fixtures.folder("tiny-a"), Device.cpu(), LabelSet.sroie(),
                new ReceiptPredictor.Settings(16, 64, 16))) {
            p.predict(ds.receipts(), results::add, null);
            for (Receipt r : ds.receipts()) {
                ReceiptEncoder.Encoded e = p.encoder().encode(r.words(), r.width(), r.height(), null);
                windows[0] += e.windows().size();
                for (int w : e.wordWindow()) {
                    assertTrue(w >= 0, r.id() + ": a word without a window");
                }
            }
        }
        assertEquals(ds.receipts().size(), results.size());
        assertTrue(windows[0] > 2 * ds.receipts().size(), "real receipts exceed one 64-token window");
        for (ReceiptPredictor.Result res : results) {
            assertTrue(res.ok(), res.receipt().id() + ": " + res.error());
            assertEquals(res.receipt().words().size(), res.rows().size(), res.receipt().id());
        }
    }
}
