package com.layoutlens.ui;

import com.layoutlens.data.Box;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receipt view model's editing without the FX toolkit: labelling the selection writes the
 * label file at once, undo and redo write it too, and the Receipts view model records the
 * edit for the evaluation.
 */
class ReceiptEditingTest {

    @TempDir
    Path dir;

    private static Receipt receipt() {
        return new Receipt("r1", null, 300, 100, List.of(
                Segment.of(0, new Box(10, 10, 110, 25), "ACME SDN BHD"),
                Segment.of(1, new Box(10, 40, 110, 55), "TOTAL 9.00"),
                Segment.of(2, new Box(10, 70, 110, 85), "CASH 10.00")),
                Map.of("company", "ACME SDN BHD", "total", "9.00"), null);
    }

    @Test
    void anEditIsSavedUndoneAndRedoneAndTheEvaluationHearsOfIt() throws Exception {
        LabelSet labels = LabelSet.sroie();
        DatasetViewModel datasets = new DatasetViewModel(labels);
        ReceiptViewModel receipt = new ReceiptViewModel(labels);
        ReceiptsViewModel vm = new ReceiptsViewModel(datasets, receipt, Worker.direct(), Runnable::run, new StatusLine());
        int[] edits = {0};
        vm.onGoldEdited(() -> edits[0]++);
        receipt.show(receipt(), dir, null);
        Path file = dir.resolve("r1.csv");
        assertFalse(Files.exists(file), "aligned labels are not written before the first edit");

        receipt.selection().add(6); // "10.00"
        assertTrue(receipt.labelSelection("TOTAL"));
        assertEquals("TOTAL", LabelFile.readStrict(file, labels).get(6).label());
        assertTrue(edits[0] > 0, "the edit is recorded and the evaluation recomputed");
        int afterEdit = edits[0];

        assertTrue(receipt.undo());
        assertEquals("O", LabelFile.readStrict(file, labels).get(6).label());
        assertTrue(receipt.redo());
        assertEquals("TOTAL", receipt.goldRows().get(6).label());
        assertTrue(edits[0] > afterEdit, "undo and redo are edits too");
        assertEquals("TOTAL", datasets.goldRowsCached(receipt()).get(6).label(), "the edited rows are the gold now");
    }
}
